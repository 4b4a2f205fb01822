"""The visitor-profile categories a visitor is asked for wherever the portal learns who they
are: the guestbook today, and registration and the satisfaction survey (IKM) next.

They live in the core app, not in the guestbook, so that those forms offer exactly the same
choices and the reports can count visitors across them (dependencies point one way: pst ←
queueing ← consultations ← complaints). A module of their own rather than pst/models.py:
they are choices, not models, and pst/models.py is already long. Moving a choices class does
not change a field (a migration stores the choices' values, not the class), so no migration.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Education(models.TextChoices):
    SECONDARY = "secondary", _("Senior high school or lower")
    DIPLOMA = "diploma", _("Diploma (D1–D3)")
    BACHELOR = "bachelor", _("Bachelor (D4/S1)")
    MASTER = "master", _("Master (S2)")
    DOCTORATE = "doctorate", _("Doctorate (S3)")


class Occupation(models.TextChoices):
    STUDENT = "student", _("Pupil or student")
    RESEARCHER = "researcher", _("Researcher or lecturer")
    CIVIL_SERVANT = "civil_servant", _("Civil servant, TNI or Polri")
    STATE_ENTERPRISE = "state_enterprise", _("State or regional enterprise employee")
    PRIVATE = "private", _("Private-sector employee")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    OTHER = "other", _("Other")


class InstitutionCategory(models.TextChoices):
    EDUCATION = "education", _("Education or research institution")
    MINISTRY = "ministry", _("Ministry or government agency")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    INTERNATIONAL = "international", _("International body")
    MEDIA = "media", _("Mass media")
    BANKING = "banking", _("Banking")
    STATE_ENTERPRISE = "state_enterprise", _("State or regional enterprise (BUMN/BUMD)")
    PRIVATE = "private", _("Private")
    OTHER = "other", _("Other")

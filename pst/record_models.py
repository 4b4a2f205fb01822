"""What the portal records about its own use: who looked at or exported personal data
(`PersonalDataAccess`), and the flood guards' counts (`FloodCount`). Imported by pst.models,
where every `from pst.models import …` finds them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pst.fields import optional_link
from pst.models import Office


class AccessKind(models.TextChoices):
    VIEW_LIST = "view_list", _("Viewed a list")
    VIEW_DETAIL = "view_detail", _("Viewed a record")
    LOOKUP = "lookup", _("Looked up a returning visitor")
    EXPORT = "export", _("Exported")


class PersonalDataAccess(models.Model):
    """Who looked at or exported personal data, when, and what (UU 27/2022, DESIGN §7).
    Append-only: the office's supervisors review it (/supervisor/access-log/), the admin
    shows it read only, nobody edits or deletes a row; the retention purge deletes those
    older than ACCESS_LOG_RETENTION_DAYS."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    # Empty for the data of someone of no office: an installation administrator opening a
    # registered requester's account in the admin.
    office = optional_link(Office, related_name="+", verbose_name=_("office"))
    at = models.DateTimeField(_("time"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=20, choices=AccessKind.choices)
    subject = models.CharField(_("what"), max_length=200)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    unmasked = models.BooleanField(_("contacts in clear"), default=False)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("personal-data access")
        verbose_name_plural = _("personal-data accesses")
        indexes = [models.Index(fields=["office", "at"], name="access_office_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.kind} {self.subject}"


class FloodCount(models.Model):
    """One flood guard's count of tries in its time window (pst.throttle). In the database,
    not in Django's cache: the database cache's increment is a read then a write, so tries
    sent together all passed (found by the review); an UPDATE holds the row until the try is
    counted, whatever cache the installation runs."""

    key = models.CharField(max_length=64, primary_key=True)  # a hash: no address is kept
    count = models.PositiveIntegerField(default=0)
    window_ends_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from pst.fields import optional_link
from pst.languages import language_field


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (Asia/Jakarta, UTC+7)")
    WITA = "Asia/Makassar", _("WITA (Asia/Makassar, UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (Asia/Jayapura, UTC+9)")


TIME_ZONE_ABBREVIATIONS = {
    TimeZone.WIB.value: "WIB",
    TimeZone.WITA.value: "WITA",
    TimeZone.WIT.value: "WIT",
}


class OfficeQuerySet(models.QuerySet["Office"]):
    def active(self) -> OfficeQuerySet:
        return self.filter(is_active=True)


# The office's public contacts, printed on its service standard (not personal data; the admin
# shows them together).
OFFICE_CONTACT_FIELDS = (
    "address",
    "postal_code",
    "phone",
    "whatsapp",
    "email",
    "website",
    "complaint_form_url",
    "facebook_name",
    "facebook_url",
    "instagram_handle",
)


# An office's code is in every device's address (/kiosk/6571/) and every consultation's
# reference (KS-6571-…): four ASCII digits, not any script's (\d matches ６５７１ and ٦٥٧١,
# a look-alike of another office's code: trial G, G3).
OFFICE_CODE_MESSAGE = _("A BPS office code has four digits.")

# The service standard answers online in 3 working days; 0 made a consultation overdue the
# moment it was accepted and 32767 put its due date in the 22nd century (trial G, G7).
SLA_WORKING_DAYS_MIN, SLA_WORKING_DAYS_MAX = 1, 30
SLA_WORKING_DAYS_MESSAGE = _("Enter a number of working days from 1 to 30.")


class Office(models.Model):
    """A BPS office running a PST unit. Everything else in the portal belongs to one."""

    code = models.CharField(
        _("BPS code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{4}\Z", OFFICE_CODE_MESSAGE)],
        help_text=_("Four-digit BPS code, e.g. 6571 for BPS Kota Tarakan."),
    )
    name = models.CharField(_("name"), max_length=120)
    province = models.CharField(_("province"), max_length=80, blank=True)
    address = models.TextField(_("address"))
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    complaint_form_url = models.URLField(_("complaint form URL"), blank=True)
    facebook_name = models.CharField(_("Facebook page"), max_length=80, blank=True)
    facebook_url = models.URLField(_("Facebook URL"), blank=True)
    instagram_handle = models.CharField(
        _("Instagram account"),
        max_length=40,
        blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9._]+$", _("Write the account without @."))],
    )
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TimeZone.choices, default=TimeZone.WITA
    )
    sk_number = models.CharField(
        _("service standard decree (SK) number"), max_length=60, blank=True
    )
    requirements_walk_in = models.TextField(
        _("walk-in requirements"),
        blank=True,
        help_text=_("One requirement per line. Leave empty to show the BPS standard text."),
    )
    requirements_online = models.TextField(
        _("online requirements"),
        blank=True,
        help_text=_("One requirement per line. Leave empty to show the BPS standard text."),
    )
    online_sla_working_days = models.PositiveSmallIntegerField(
        _("online answer time (working days)"),
        default=3,
        validators=[
            MinValueValidator(SLA_WORKING_DAYS_MIN, SLA_WORKING_DAYS_MESSAGE),
            MaxValueValidator(SLA_WORKING_DAYS_MAX, SLA_WORKING_DAYS_MESSAGE),
        ],
    )
    display_message = models.CharField(
        _("running text on the display board"),
        max_length=500,
        blank=True,
        help_text=_(
            "Scrolls along the bottom of the waiting-room TV, e.g. a closure ahead or a new "
            "publication. Opening hours changed below are not changed here: leave them out."
        ),
    )
    allow_phone_tickets = models.BooleanField(
        _("phone tickets"),
        default=True,
        help_text=_(
            "Visitors may take a queue number on their own phone (the address /q/ and the "
            "office's code, from the QR poster at the entrance). Untick to issue numbers only "
            "at the kiosk."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The office's kiosk screens carry a signed cookie naming this number
    # (queueing.kiosk_screens): raising it signs every one of them out.
    kiosk_generation = models.PositiveIntegerField(
        _("kiosk screens generation"), default=1, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{4}$"),
                name="office_code_four_ascii_digits",
                violation_error_message=OFFICE_CODE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(
                    online_sla_working_days__gte=SLA_WORKING_DAYS_MIN,
                    online_sla_working_days__lte=SLA_WORKING_DAYS_MAX,
                ),
                name="office_online_sla_in_range",
                violation_error_message=SLA_WORKING_DAYS_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def area(self) -> str:
        """The region the office covers, as people name it: "Kota Tarakan" of "BPS Kota
        Tarakan"."""
        return self.name.removeprefix("BPS ").strip() or self.name

    @property
    def zoneinfo(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def time_zone_abbreviation(self) -> str:
        return TIME_ZONE_ABBREVIATIONS.get(self.time_zone, self.time_zone)

    def local_now(self) -> dt.datetime:
        return timezone.now().astimezone(self.zoneinfo)

    def walk_in_requirement_lines(self) -> list[str]:
        return [line.strip() for line in self.requirements_walk_in.splitlines() if line.strip()]

    def online_requirement_lines(self) -> list[str]:
        return [line.strip() for line in self.requirements_online.splitlines() if line.strip()]

    @property
    def whatsapp_link(self) -> str:
        digits = "".join(ch for ch in self.whatsapp if ch.isdigit())
        if digits.startswith("0"):
            digits = "62" + digits[1:]
        return f"https://wa.me/{digits}" if digits else ""

    @property
    def instagram_url(self) -> str:
        return f"https://www.instagram.com/{self.instagram_handle}" if self.instagram_handle else ""


def email_normalize(address: str) -> str:
    """An address as it is stored and compared: trimmed, in lower case, its domain in ASCII
    (IDNA), as mail travels: `user@exämple.org` and `user@xn--exmple-cua.org` are one mailbox
    and so one account (trial K6: the two forms made two)."""
    address = (address or "").strip().lower()
    local, at, domain = address.rpartition("@")
    if not at or domain.isascii():
        return address
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return address  # not a domain: the address's validation refuses it
    return f"{local}@{domain}"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return email_normalize(email or "")

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        extra.setdefault("email_verified_at", timezone.now())
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        # Sign-in is case-insensitive: addresses are stored in lower case (and the domain in
        # ASCII: either form of an international domain signs in).
        return self.get(email__iexact=email_normalize(username or ""))


# Django's own salt (AbstractBaseUser.get_session_auth_hash), kept so existing sessions hold.
SESSION_HASH_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"


class User(AbstractBaseUser, PermissionsMixin):
    """Signs in with the email address. Staff belong to one office; roles are groups."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    institution = models.CharField(_("institution"), max_length=150, blank=True)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    office = optional_link(
        Office,
        related_name="staff",
        verbose_name=_("office"),
        help_text=_("Staff only: the office this person works for."),
    )
    email_verified_at = models.DateTimeField(_("email verified"), null=True, blank=True)
    # A new address the person asked for (pst.email_change): theirs once they open the link
    # sent to it; until then the account keeps, and signs in with, the old one.
    pending_email = models.EmailField(_("new email address asked for"), blank=True)
    pending_email_at = models.DateTimeField(_("new address asked for at"), null=True, blank=True)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Unticked, the person can no longer sign in; what they did stays on record."),
    )
    # Kept by pst.services.user_admin_access_keep from the roles (trial L7), never by hand.
    is_staff = models.BooleanField(
        _("admin access"),
        default=False,
        help_text=_(
            "Opens this administration site. Given with the Administrator role at an office, "
            "and to every superuser; taken away with the role. Not ticked by hand."
        ),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # A consultation officer's choice (their profile): the email of every new request of the
    # office. Off, they find new requests in the inbox; mail about consultations they hold
    # still comes (product trial N, N9: 30 new-request emails a day buried the rest).
    new_request_email = models.BooleanField(
        _("email me each new request"),
        default=True,
        help_text=_("Consultation officers: an email for each new request to the office."),
    )
    # The language their emails are written in (pst.languages; trial P, P5): chosen at
    # registration and with the language menu while signed in, changed on the profile.
    # Empty: not known, the office's.
    language = language_field()
    # Raised to sign the account out everywhere (pst.services.user_sessions_end): a role or
    # office changed in the admin, or "sign out my other devices". It is part of the session
    # hash Django checks on every request, as the password is.
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    # When the person deleted their account (pst.erasure): its personal fields are blank, its
    # address a placeholder that receives nothing; the row stays for what it did (history).
    erased_at = models.DateTimeField(_("account deleted"), null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_case_insensitive_unique",
                violation_error_message=_("An account with this email address already exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    def clean(self) -> None:
        super().clean()
        self.email = email_normalize(self.email)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None

    def save(self, *args, **kwargs) -> None:
        # Whatever the path (a form, the admin, the shell, a factory): one mailbox, one form.
        self.email = email_normalize(self.email)
        # A save of an account read before user_sessions_end (the admin saving a name at the
        # moment the person signs out their other devices) must not write the old generation
        # back and sign those devices in again (trial J, J4): only user_sessions_end writes it.
        if not self._state.adding and kwargs.get("update_fields") is None:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name != "session_generation"
                and field.attname not in deferred
            ]
        super().save(*args, **kwargs)

    def get_session_auth_hash(self) -> str:
        return self._session_hash()

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=secret)

    def _session_hash(self, secret: str | None = None) -> str:
        # Generation 0 hashes the password alone, as Django does: sessions made before the
        # generation existed stay valid.
        value = self.password
        if self.session_generation:
            value = f"{self.password}\x1f{self.session_generation}"
        return salted_hmac(SESSION_HASH_SALT, value, secret=secret, algorithm="sha256").hexdigest()


# The working calendar's models (pst.calendar_models) and the records of the portal's own use
# (pst.record_models) live beside them; imported here so that Django and every
# `from pst.models import Holiday` (or PersonalDataAccess) see them.
from pst.calendar_models import (  # noqa: E402, F401
    HOLIDAY_DATE_MESSAGE,
    HOLIDAY_FIRST_DAY,
    HOLIDAY_LAST_DAY,
    Holiday,
    HolidayKind,
    HolidayQuerySet,
    HolidaySource,
    OpeningHours,
    Weekday,
)
from pst.record_models import AccessKind, FloodCount, PersonalDataAccess  # noqa: E402, F401

"""Domain actions of the core app: accounts (the offices' calendar: pst.calendar_services)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from axes.utils import reset as axes_reset
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from pst.emails import email_enqueue
from pst.errors import DomainError
from pst.languages import language_kept
from pst.models import (
    User,
)
from pst.names import NAME_LINK_REFUSED, name_has_link_or_markup
from pst.permissions import Role, admin_access_due, forget_roles
from pst.phones import normalize_phone
from pst.service_checks import personal_text_refuse
from pst.signals import email_verified
from pst.throttle import counted_over

# Links mailed before the tokens became opaque (product trial I, I15) carried the address.
_VERIFICATION_SALT = "pst.accounts.email-verification"
_VERIFICATION_TOKEN_SALT = "pst.accounts.email-verification.v2"  # noqa: S105
_VERIFICATION_ADDRESS_SALT = "pst.accounts.email-verification.address"


class PortalError(DomainError):
    """An account or office action that cannot be done."""


def _user_text_check(**values: str) -> None:
    """No control characters or identity numbers in what an account stores about a person;
    no link or markup in the name, which the portal's emails and staff screens repeat."""
    personal_text_refuse(User, values, error=PortalError)
    if name_has_link_or_markup(values.get("full_name", "")):
        raise PortalError(str(NAME_LINK_REFUSED), code="name_link", field="full_name")


def _user_phone(phone: str) -> str:
    """The phone as registration stores it (E.164); what `normalize_phone` refuses (a card
    number typed in the phone box, text) is refused on every path."""
    if not phone:
        return ""
    try:
        return normalize_phone(phone)
    except ValidationError as error:
        raise PortalError(str(error.messages[0]), code="invalid_phone", field="phone") from error


# -- accounts -------------------------------------------------------------------------------


def user_register(
    *,
    email: str,
    password: str,
    full_name: str,
    phone: str,
    institution: str,
    occupation: str,
    language: str = "",
) -> User:
    """Create an unverified account and send its verification link. `language`: the one the
    person registered in, their emails' (pst.languages; anything else is not kept)."""
    _user_text_check(
        email=email, full_name=full_name, institution=institution, occupation=occupation
    )
    phone = _user_phone(phone)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=password,
                full_name=full_name,
                phone=phone,
                institution=institution,
                occupation=occupation,
                language=language_kept(language),
            )
    except IntegrityError as exc:
        # The form checked first; this is the double submission or a parallel registration.
        raise PortalError(
            str(_("An account with this email address already exists.")),
            code="duplicate_email",
            field="email",
        ) from exc
    user_verification_send(user=user)
    return user


def registration_try(*, client_ip: str | None) -> None:
    """Count a registration form sent from `client_ip`, valid or not; PortalError("throttled")
    past REGISTRATIONS_PER_ADDRESS_PER_HOUR. Each registration mails a link to an address
    the sender chooses, and the form says whether an address has an account: unlimited, one
    script would mail anyone from the office's domain and list who is registered."""
    # No address (a misconfigured proxy): one shared count rather than none (found by the review).
    if counted_over(
        f"pst:register-ip:{client_ip or 'unknown'}",
        limit=settings.REGISTRATIONS_PER_ADDRESS_PER_HOUR,
        window=3600,
    ):
        raise PortalError(
            str(_("Many accounts were registered from your network in the last hour. Try again "
                  "in an hour; if you already registered, sign in.")),
            code="throttled",
        )  # fmt: skip


def address_digest(email: str, *, salt: str = _VERIFICATION_ADDRESS_SALT) -> str:
    # Keyed (SECRET_KEY): the digest in a link cannot be matched against a list of addresses;
    # one salt per kind of link (verification, change of address), so one never serves another.
    return salted_hmac(_VERIFICATION_ADDRESS_SALT, email.strip().lower()).hexdigest()[:16]


def verification_token_make(user: User) -> str:
    """An opaque link token: the account's number and a digest of its address, signed with
    the time. The address itself never travels in the link (it would land in access logs,
    browser history and mail scanners); a changed address still voids the link."""
    value = f"{user.pk}.{address_digest(user.email)}"
    return signing.TimestampSigner(salt=_VERIFICATION_TOKEN_SALT).sign(value)


def _verification_token_read(token: str) -> tuple[str, str]:
    """(account number, address digest) of a link token; signing.SignatureExpired or
    BadSignature as signing raises them."""
    max_age = settings.EMAIL_VERIFICATION_MAX_AGE
    try:
        value = signing.TimestampSigner(salt=_VERIFICATION_TOKEN_SALT).unsign(
            token, max_age=max_age
        )
    except signing.SignatureExpired:
        raise
    except signing.BadSignature:
        # A link mailed before the upgrade works for the rest of its lifetime.
        payload = signing.loads(token, salt=_VERIFICATION_SALT, max_age=max_age)
        if not isinstance(payload, dict):
            raise signing.BadSignature("not a verification token") from None
        return str(payload.get("u")), address_digest(str(payload.get("e", "")))
    pk, _dot, digest = value.partition(".")
    return pk, digest


VERIFICATION_RESEND_SECONDS = 300


def user_verification_send(*, user: User) -> None:
    """Email a verification link, at most once per VERIFICATION_RESEND_SECONDS per account so
    nobody can use the portal to flood someone's inbox."""
    if user.is_email_verified:
        raise PortalError(str(_("Your email address is already verified.")), code="verified")
    if not cache.add(f"pst:verify-sent:{user.pk}", 1, timeout=VERIFICATION_RESEND_SECONDS):
        raise PortalError(
            str(_("We sent a link a few minutes ago. Wait five minutes before asking again.")),
            code="too_soon",
        )
    # SITE_URL, not the request's host: one source for the portal's address in every email
    # (product trial I, I14), whatever Host header the request came with.
    link = settings.SITE_URL + reverse("verify_email", args=[verification_token_make(user)])
    email_enqueue(
        to=user.email,
        template="emails/verify_email",
        # No name: the address is not proven yet, and whatever the registrant typed would
        # reach a stranger's inbox under the office's sender (product trial I, I5).
        context={
            "link": link,
            "valid_days": settings.EMAIL_VERIFICATION_MAX_AGE // 86400,
        },
    )


PASSWORD_RESET_ADDRESS_SECONDS = 300
PASSWORD_RESET_IP_WINDOW_SECONDS = 3600
PASSWORD_RESETS_PER_IP = 10


@dataclass(frozen=True)
class PasswordResetDecision:
    """Whether a reset email may go out now; when the address was asked for a moment ago,
    `wait_minutes` until it may be asked again (0 otherwise)."""

    send: bool
    wait_minutes: int = 0


def password_reset_try(*, email: str, client_ip: str | None) -> PasswordResetDecision:
    """Whether a password reset email may go out now: at most one per address every
    PASSWORD_RESET_ADDRESS_SECONDS and PASSWORD_RESETS_PER_IP per client address an hour, so
    nobody can use the portal to flood someone's inbox. Counted for every address asked
    about, known or not, so the answer (even "asked recently, wait N minutes") tells nothing
    about whether the address has an account."""
    # No address (a misconfigured proxy): one shared count rather than none, as registration.
    if counted_over(
        f"pst:reset-ip:{client_ip or 'unknown'}",
        limit=PASSWORD_RESETS_PER_IP,
        window=PASSWORD_RESET_IP_WINDOW_SECONDS,
    ):
        return PasswordResetDecision(send=False)
    # Hashed: the cache need not hold people's addresses.
    address = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    key = f"pst:reset-sent:{address}"
    now = timezone.now().timestamp()
    if cache.add(key, now, timeout=PASSWORD_RESET_ADDRESS_SECONDS):
        return PasswordResetDecision(send=True)
    # The value is when the last email went: the person is told how long to wait.
    sent_at = cache.get(key)
    left = PASSWORD_RESET_ADDRESS_SECONDS
    if isinstance(sent_at, int | float):
        left = max(0.0, sent_at + PASSWORD_RESET_ADDRESS_SECONDS - now)
    return PasswordResetDecision(send=False, wait_minutes=max(1, -(-int(left) // 60)))


def verification_link_user(*, token: str, lock: bool = False) -> User:
    """The account a verification link is for, still to verify; PortalError (code invalid,
    expired, used) otherwise. Reads only: opening the link shows a button, and only that
    button verifies (a mail scanner opens every link it sees: review of trial I, R1)."""
    invalid = PortalError(
        str(_("This verification link is not valid. Check that you copied all of it.")),
        code="invalid",
    )
    try:
        pk, digest = _verification_token_read(token)
    except signing.SignatureExpired as exc:
        raise PortalError(
            str(_("This verification link has expired. Sign in and ask for a new one.")),
            code="expired",
        ) from exc
    except signing.BadSignature as exc:
        raise invalid from exc
    if not pk.isdigit():
        raise invalid
    accounts = User.objects.select_for_update() if lock else User.objects
    user = accounts.filter(pk=int(pk), is_active=True).first()
    # The link names the address it was sent to: one sent before a change opens nothing.
    if user is None or not constant_time_compare(address_digest(user.email), digest):
        raise invalid
    if user.is_email_verified:
        raise PortalError(
            str(_("This link has already been used: your email address is verified.")),
            code="used",
        )
    return user


def user_verify_email(*, token: str) -> User:
    """Mark the address in `token` verified. A link works once, for the address it was sent
    to, within EMAIL_VERIFICATION_MAX_AGE seconds."""
    with transaction.atomic():
        user = verification_link_user(token=token, lock=True)
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        email_verified.send(sender=User, user=user)
    return user


def user_profile_update(
    *,
    user: User,
    full_name: str,
    phone: str,
    institution: str,
    occupation: str,
    new_request_email: bool | None = None,
    language: str = "",
) -> User:
    """The profile's fields; `new_request_email` (a consultation officer's choice) only when
    given; `language`, the one of the person's emails, only when one of settings.LANGUAGES
    (pst.languages: anything else leaves it as it was)."""
    _user_text_check(full_name=full_name, institution=institution, occupation=occupation)
    phone = _user_phone(phone)
    fields = ["full_name", "phone", "institution", "occupation"]
    with transaction.atomic():
        user.full_name = full_name
        user.phone = phone
        user.institution = institution
        user.occupation = occupation
        if new_request_email is not None:
            user.new_request_email = new_request_email
            fields.append("new_request_email")
        if language_kept(language):
            user.language = language
            fields.append("language")
        user.save(update_fields=fields)
    return user


def _password_changed_notify(*, user: User) -> None:
    """Tell the account's owner that its password changed, with the way back if it was not
    them: a takeover is otherwise silent (product trial I, I12)."""
    email_enqueue(
        to=user.email,
        template="emails/password_changed",
        context={
            # The name only once the address is proven (as the reset email).
            "name": user.full_name if user.is_email_verified else "",
            "reset_link": settings.SITE_URL + reverse("password_reset"),
        },
    )


def user_password_change(*, user: User, password: str) -> User:
    """The signed-in user's new password. A "new" password equal to the current one is
    refused: the person meant to change it, and would otherwise believe they had."""
    if user.check_password(password):
        raise PortalError(
            str(_("The new password is the same as your current one. Choose another.")),
            code="password_unchanged",
            field="new_password1",
        )
    with transaction.atomic():
        user.set_password(password)
        # A new address asked for with the old password goes with it (review R2).
        user.pending_email, user.pending_email_at = "", None
        user.save(update_fields=["password", "pending_email", "pending_email_at"])
    _password_changed_notify(user=user)
    return user


def user_password_reset(*, user: User, password: str) -> User:
    """A password chosen through a reset link. Opening the link proved the mailbox, so the
    sign-in lockout of the account (django-axes, every client address) is lifted with it:
    the lockout page sends people here, and a reset that left them locked out looked as if
    the new password did not work (product trial I, I6)."""
    with transaction.atomic():
        user.set_password(password)
        # A new address asked for with the old password goes with it (review R2).
        user.pending_email, user.pending_email_at = "", None
        user.save(update_fields=["password", "pending_email", "pending_email_at"])
        # Axes counts failures by the address in lower case (pst.auth.axes_username).
        axes_reset(username=user.email.strip().lower())
    _password_changed_notify(user=user)
    return user


@transaction.atomic
def user_sessions_end(*, user: User) -> User:
    """Sign the account out on every device: its sessions no longer match its session hash
    (User.session_generation). The caller keeps its own request signed in, if it should,
    with Django's update_session_auth_hash."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    return user


@transaction.atomic
def user_admin_access_keep(*, user: User) -> User:
    """Give or take away admin access (is_staff) as the account's roles now say
    (pst.permissions.admin_access_due): the Administrator role at an office opens the
    administration site, and its removal closes it; a superuser always has it. Called after
    every change of roles, office or superuser status (the admin, load_demo): nobody sets
    the flag by hand (trial L7: a new office's administrator, the role ticked, was refused
    the admin for want of an unticked "admin access")."""
    forget_roles(user)
    due = admin_access_due(user)
    if user.is_staff != due:
        user.is_staff = due
        user.save(update_fields=["is_staff"])
    return user


def own_account_change_check(*, actor: User, user: User, roles: set[str], is_active: bool) -> None:
    """Refuse an office administrator taking away their own way into the admin (their
    administrator role, which gives admin access, or the account itself): only the
    installation's administrator could give it back, and the office is left without one
    meanwhile (trial G, G13). Another administrator of the office may; a superuser may do
    anything."""
    if actor.is_superuser or actor.pk != user.pk:
        return
    if Role.ADMINISTRATOR.value not in roles:
        raise PortalError(
            str(_("You cannot remove your own administrator role. Another administrator of "
                  "your office, or the installation's administrator, can.")),
            code="own_access",
            field="groups",
        )  # fmt: skip
    if not is_active:
        raise PortalError(
            str(_("You cannot take away your own access to the administration. Another "
                  "administrator of your office, or the installation's administrator, "
                  "can.")),
            code="own_access",
            field="is_active",
        )  # fmt: skip

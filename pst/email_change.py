"""A person changes their own account's email address (product trial I, I13): they ask with
their password, a link goes to the new address, and the account takes the address only when
they open it and confirm it signed in to that account — a mail scanner opening links, or
the owner of the new address clicking, changes nothing (review R1). Until then the account
keeps, and signs in with, the old one; the old address is told at once that a change was
asked, and again once it is made (if it was ever verified). A new password cancels a change
asked with the old one. An address another account has is refused, again at the moment of
the change (two people may ask for one address)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from pst.emails import email_enqueue
from pst.models import User, email_normalize
from pst.personal_data import mask_email
from pst.selectors import email_taken
from pst.services import VERIFICATION_RESEND_SECONDS, PortalError, address_digest
from pst.signals import email_verified
from pst.throttle import counted_over

_TOKEN_SALT = "pst.accounts.email-change"  # noqa: S105
_ADDRESS_SALT = "pst.accounts.email-change.address"
EMAIL_MAX_LENGTH = 254
# Tries an hour, right or wrong: the password is not guessed here, nor are addresses probed
# for an account (review R3, R4).
ASKS_PER_HOUR = 5


def _refused(message, code: str, field: str | None = "email") -> PortalError:
    return PortalError(str(message), code=code, field=field)


def user_email_change_ask(*, user: User, email: str, password: str) -> str:
    """Send the link that makes `email` the account's address; returns the address as kept.
    The person's password first: a session left open on a shared computer cannot move the
    account to someone else's mailbox."""
    if counted_over(f"pst:email-change-ask:{user.pk}", limit=ASKS_PER_HOUR, window=3600):
        raise _refused(
            _("Too many tries to change the address: try again in an hour."), "too_many", None
        )
    if not user.check_password(password):
        raise _refused(_("The password is wrong."), "password", field="password")
    email = email_normalize(email)
    try:
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        raise _refused(_("Enter a valid email address."), "email") from None
    if email == user.email.lower():
        raise _refused(_("This is already your account's address."), "same")
    if email_taken(email, besides=user):
        raise _refused(_("Another account has this address."), "taken")
    # One link every few minutes: the form cannot be used to flood a mailbox.
    if not cache.add(f"pst:email-change:{user.pk}", 1, timeout=VERIFICATION_RESEND_SECONDS):
        raise _refused(
            _("We sent a link a few minutes ago. Wait five minutes before asking again."),
            "too_soon",
        )
    with transaction.atomic():
        user.pending_email = email
        user.pending_email_at = timezone.now()
        user.save(update_fields=["pending_email", "pending_email_at"])
        token = signing.TimestampSigner(salt=_TOKEN_SALT).sign(
            f"{user.pk}.{address_digest(email, salt=_ADDRESS_SALT)}"
        )
        email_enqueue(
            to=email,
            template="emails/email_change",
            context={
                "link": settings.SITE_URL + reverse("email_change_confirm", args=[token]),
                "valid_days": settings.EMAIL_VERIFICATION_MAX_AGE // 86400,
            },
        )
        # The owner hears of it before it can happen (review R2): a new password cancels it.
        email_enqueue(
            to=user.email,
            template="emails/email_change_asked",
            context={
                "new": mask_email(email),
                "password_link": settings.SITE_URL + reverse("password_reset"),
            },
        )
    return email


def user_email_change_cancel(*, user: User) -> None:
    with transaction.atomic():
        user.pending_email, user.pending_email_at = "", None
        user.save(update_fields=["pending_email", "pending_email_at"])


def user_email_change_confirm(*, user: User, token: str) -> User:
    """`user`, signed in, confirms the link sent to the new address: it becomes the
    account's, verified."""
    invalid = _refused(
        _("This link was already used, or a newer one was sent: use the latest email."),
        "invalid",
        None,
    )
    try:
        value = signing.TimestampSigner(salt=_TOKEN_SALT).unsign(
            token, max_age=settings.EMAIL_VERIFICATION_MAX_AGE
        )
    except signing.SignatureExpired:
        raise _refused(
            _("This link has expired. Ask for the change again on your profile."),
            "expired",
            None,
        ) from None
    except signing.BadSignature:
        raise invalid from None
    pk, _dot, digest = value.partition(".")
    if not pk.isdigit():
        raise invalid
    if int(pk) != user.pk:
        raise _refused(
            _("This link is for another account: sign in to the account that asked for it."),
            "other_account",
            None,
        )
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user.pk, is_active=True).first()
        if user is None or not user.pending_email:
            raise invalid
        if not constant_time_compare(
            address_digest(user.pending_email, salt=_ADDRESS_SALT), digest
        ):
            raise invalid
        new, old, old_verified = user.pending_email, user.email, user.is_email_verified
        taken = _refused(_("Another account has taken this address meanwhile."), "taken", None)
        if email_taken(new, besides=user):
            raise taken
        user.email, user.pending_email, user.pending_email_at = new, "", None
        user.email_verified_at = timezone.now()
        try:
            with transaction.atomic():
                user.save(
                    update_fields=["email", "pending_email", "pending_email_at",
                                   "email_verified_at"]
                )  # fmt: skip
        except IntegrityError:
            raise taken from None
        if old_verified:  # never to an address nobody proved (review R7)
            # Masked: whoever reads the old mailbox now need not learn the new one whole.
            email_enqueue(to=old, template="emails/email_changed", context={"new": mask_email(new)})
        # Consultations opened for the new address without an account join it.
        email_verified.send(sender=User, user=user)
    return user

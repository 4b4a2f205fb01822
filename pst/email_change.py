"""A person changes their own account's email address (product trial I, I13): they ask with
their password, a link goes to the new address, and the account takes the address only when
it is opened — until then it keeps, and signs in with, the old one. The old address is told
once the change is made, so a takeover does not pass unseen. An address another account has
is refused, again at the moment of the change (two people may ask for one address)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from pst.emails import email_enqueue
from pst.models import User
from pst.personal_data import mask_email
from pst.selectors import email_taken
from pst.services import VERIFICATION_RESEND_SECONDS, PortalError
from pst.signals import email_verified

_TOKEN_SALT = "pst.accounts.email-change"  # noqa: S105
_ADDRESS_SALT = "pst.accounts.email-change.address"
EMAIL_MAX_LENGTH = 254


def _digest(email: str) -> str:
    return salted_hmac(_ADDRESS_SALT, email.lower()).hexdigest()[:16]


def _refused(message, code: str, field: str = "email") -> PortalError:
    return PortalError(str(message), code=code, field=field)


def user_email_change_ask(*, user: User, email: str, password: str) -> str:
    """Send the link that makes `email` the account's address; returns the address as kept.
    The person's password first: a session left open on a shared computer cannot move the
    account to someone else's mailbox."""
    if not user.check_password(password):
        raise _refused(_("The password is wrong."), "password", field="password")
    email = email.strip().lower()
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
        token = signing.TimestampSigner(salt=_TOKEN_SALT).sign(f"{user.pk}.{_digest(email)}")
        email_enqueue(
            to=email,
            template="emails/email_change",
            context={
                "link": settings.SITE_URL + reverse("email_change_confirm", args=[token]),
                "valid_days": settings.EMAIL_VERIFICATION_MAX_AGE // 86400,
            },
        )
    return email


def user_email_change_confirm(*, token: str) -> User:
    """The link of the new address was opened: it becomes the account's, verified."""
    invalid = _refused(
        _("This link is not valid, or a newer one was sent: use the latest email."), "invalid"
    )
    try:
        value = signing.TimestampSigner(salt=_TOKEN_SALT).unsign(
            token, max_age=settings.EMAIL_VERIFICATION_MAX_AGE
        )
    except signing.SignatureExpired:
        raise _refused(
            _("This link has expired. Ask for the change again on your profile."), "expired"
        ) from None
    except signing.BadSignature:
        raise invalid from None
    pk, _dot, digest = value.partition(".")
    if not pk.isdigit():
        raise invalid
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=int(pk), is_active=True).first()
        if user is None or not user.pending_email:
            raise invalid
        if not constant_time_compare(_digest(user.pending_email), digest):
            raise invalid
        new, old = user.pending_email, user.email
        taken = _refused(_("Another account has taken this address meanwhile."), "taken")
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
        email_enqueue(
            to=old,
            template="emails/email_changed",
            # Masked: whoever reads the old mailbox now need not learn the new one whole.
            context={"new": mask_email(new)},
        )
        # Consultations opened for the new address without an account join it.
        email_verified.send(sender=User, user=user)
    return user

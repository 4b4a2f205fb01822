"""The language of an account (trial P, P5): the one its emails are written in, kept as the
person uses the portal — registered in (pst.services.user_register), chosen with the language
menu while signed in, chosen on the profile — and, for an account that has none yet (made
before it was kept, or by an administrator), the one of the page they sign in on."""

from __future__ import annotations

from django.db import transaction

from pst.languages import language_kept
from pst.models import User


@transaction.atomic
def user_language_set(*, user: User, language: str, if_unknown: bool = False) -> User:
    """Keep `language` as `user`'s; `if_unknown`: only when the account has none yet. A code
    not in settings.LANGUAGES is ignored: the account keeps the language it had."""
    language = language_kept(language)
    if not language or language == user.language or (if_unknown and user.language):
        return user
    user.language = language
    user.save(update_fields=["language"])
    return user

"""What a person's name may hold. A name is echoed at the top of official emails and on
staff screens, so a "name" carrying a link or markup would let anyone put their own words
and links under the office's sender (product trial I, I5)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# "://" and "www." catch the links a mail client turns clickable; "<" and ">" any markup.
_LINK_OR_MARKUP = ("://", "www.", "<", ">")

NAME_LINK_REFUSED = _(
    "Write only your name here: web addresses and the characters < and > are not accepted."
)


def name_has_link_or_markup(name: str) -> bool:
    lowered = (name or "").lower()
    return any(part in lowered for part in _LINK_OR_MARKUP)

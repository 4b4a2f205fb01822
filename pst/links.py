"""Lists of web addresses typed one per line (links to BPS tables and publications in a
consultation record or a knowledge-base article)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

LINK_SCHEMES = ("http", "https")


def web_links_clean(text: str) -> str:
    """One web address per line (http or https only), blank lines dropped; ValidationError
    (code "links") naming the first line that is not one."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    validate = URLValidator(schemes=list(LINK_SCHEMES))
    for line in lines:
        try:
            validate(line)
        except ValidationError:
            raise ValidationError(
                _("“%(line)s” is not a web address (https://…).") % {"line": line[:80]},
                code="links",
            ) from None
    return "\n".join(lines)

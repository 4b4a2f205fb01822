"""Whether the office's own mail server vouched for the sender of a mail (RFC 8601
`Authentication-Results`, trial H, H3): a mail without a reply token from the address of a
verified account is that account's only when the server says DMARC passed for the From
domain — anyone can write someone else's address in From. The header is read only from the
server named by MAIL_IN_AUTHSERV_ID, and only its topmost one (servers prepend theirs; one
the sender wrote stands below it)."""

from __future__ import annotations

import re
from email.message import Message

_COMMENT = re.compile(r"\([^()]*\)")


def sender_vouched(message: Message, from_address: str, *, authserv_id: str) -> bool | None:
    """True when the server `authserv_id` reports dmarc=pass for the From address's domain,
    False when it reports anything else or nothing, None when no server is named (nothing is
    read: every mail is taken as it says)."""
    if not authserv_id:
        return None
    domain = from_address.rpartition("@")[2].lower()
    for header in message.get_all("Authentication-Results") or []:
        text = str(header)
        while _COMMENT.search(text):  # comments nest: "(p=NONE (policy))"
            text = _COMMENT.sub(" ", text)
        server, *results = text.split(";")
        if not server.split() or server.split()[0].lower() != authserv_id.lower():
            continue
        return any(_dmarc_passed(result.split(), domain) for result in results)
    return False


def _dmarc_passed(words: list[str], domain: str) -> bool:
    if not words or words[0].lower() != "dmarc=pass":
        return False
    properties = dict(word.lower().partition("=")[::2] for word in words[1:])
    return bool(domain) and properties.get("header.from") == domain

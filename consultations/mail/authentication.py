"""Whether the office's own mail server vouched for the sender of a mail (RFC 8601
`Authentication-Results`, trial H, H3): a mail without a reply token from the address of a
verified account is that account's only when the server says DMARC passed for the From
domain — anyone can write someone else's address in From. Only the headers that carry the
name MAIL_IN_AUTHSERV_ID are read: RFC 8601 §5 has a server remove such headers arriving
from outside, so those left are its own (one per filter: OpenDKIM and OpenDMARC each write
theirs)."""

from __future__ import annotations

import re
from email.message import Message

# A real header is a few hundred characters; a longer one is not read (nor trusted).
HEADER_MAX_LENGTH = 4000
_SPACES_AROUND_EQUALS = re.compile(r"\s*=\s*")


def sender_vouched(message: Message, from_address: str, *, authserv_id: str) -> bool | None:
    """True when the server `authserv_id` reports dmarc=pass for the From address's domain,
    False when it reports anything else or nothing, None when no server is named (nothing is
    read: every mail is taken as it says)."""
    if not authserv_id:
        return None
    domain = from_address.rpartition("@")[2].lower()
    for header in message.get_all("Authentication-Results") or []:
        text = str(header)
        if len(text) > HEADER_MAX_LENGTH:
            continue
        server, *results = _without_comments(text).split(";")
        if not server.split() or server.split()[0].lower() != authserv_id.lower():
            continue
        if any(_dmarc_passed(result, domain) for result in results):
            return True
    return False


def _without_comments(text: str) -> str:
    """The header without its (possibly nested) comments, in one pass."""
    kept, depth = [], 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif not depth:
            kept.append(char)
    return "".join(kept)


def _dmarc_passed(result: str, domain: str) -> bool:
    words = _SPACES_AROUND_EQUALS.sub("=", result.replace('"', " ")).split()
    if not words or words[0].lower() != "dmarc=pass":
        return False
    properties = dict(word.lower().partition("=")[::2] for word in words[1:])
    return bool(domain) and properties.get("header.from") == domain

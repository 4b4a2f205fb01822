"""Pages carry random values (CSRF tokens, request ids, ticket and link tokens): a test that a
personal number is NOT on a page reads the page without them, or four digits of the number
turn up inside a random value once in a few thousand runs."""

from __future__ import annotations

import re

RANDOM_VALUE = re.compile(
    r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}"  # uuid4, as a form's request id
    r"|(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{30,}"  # hex ids, url-safe tokens, CSRF tokens
)


def without_random_values(text: str) -> str:
    return RANDOM_VALUE.sub("", text)

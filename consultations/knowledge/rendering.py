"""Markdown to safe HTML for the knowledge base: Python-Markdown renders, nh3 (the Rust
`ammonia` sanitiser) keeps only an allow-list of tags and attributes. Raw HTML typed into an
article goes through the same allow-list, so a <script>, an onerror= or a javascript: link
never reaches a page; nothing inline (style, script) survives, as the site's
Content-Security-Policy requires."""

from __future__ import annotations

import html as html_module

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
        "strong", "em", "b", "i", "code", "pre", "blockquote",
        "ul", "ol", "li", "dl", "dt", "dd",
        "a", "abbr",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Links lead off the portal: no referrer credit for spam, no access to this window.
LINK_REL = "nofollow noopener"

# The article's title is the page's only h1: a "# heading" in the text renders as h2.
_EXTENSIONS = ["extra", "sane_lists"]
_EXTENSION_CONFIGS = {"extra": {"tables": {"use_align_attribute": True}}}


def _shift_headings(html: str) -> str:
    for level in range(5, 0, -1):
        html = html.replace(f"<h{level}", f"<h{level + 1}").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    return html


def render_markdown(text: str) -> SafeString:
    """The article's Markdown as HTML that is safe to put on a page."""
    html = markdown.markdown(
        text or "", extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS
    )
    cleaned = nh3.clean(
        _shift_headings(html),
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 — sanitised by nh3 just above


def plain_excerpt(text: str, words: int = 40) -> str:
    """The first words of the article as plain text (result lists, suggestions)."""
    html = markdown.markdown(text or "", extensions=_EXTENSIONS)
    # nh3 leaves the text entity-encoded; the template escapes it again, once.
    plain = " ".join(html_module.unescape(strip_tags(nh3.clean(html, tags=set()))).split())
    return Truncator(plain).words(words, truncate="…")

"""Knowledge-base template helpers: Markdown rendered and sanitised, plain excerpts, and an
article's address (with its office and the search it was found by)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.utils.safestring import SafeString

from consultations.knowledge.models import Article
from consultations.knowledge.rendering import plain_excerpt, render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.filter
def excerpt(text: str, words: int = 40) -> str:
    return plain_excerpt(text, words)


@register.simple_tag
def article_url(article: Article, search: str = "") -> str:
    """The article's page; `search` is the signed token of the search it was found by."""
    url = article.get_absolute_url()
    if not search:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'from': search})}"

"""The demo office's knowledge base (load_demo): articles written for the questions BPS Kota
Tarakan really gets, one Markdown file each in demo_articles/.

A file starts with its header, one "key: value" per line, up to the first blank line:
title, subject (a SubjectArea name), office (a code; absent: national), link (repeatable),
keywords (the search keywords, comma-separated).
The slug is the file name without its number. No figure in them is presented as an official
number: they say what an indicator is, how it is measured, when and where it is published."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent / "demo_articles"


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    subject: str
    body: str
    office_code: str | None = None
    links: list[str] = field(default_factory=list)
    keywords: str = ""


def demo_articles() -> list[DemoArticle]:
    articles = []
    for path in sorted(DEMO_DIR.glob("*.md")):
        header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        values: dict[str, str] = {}
        links: list[str] = []
        for line in header.splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "link":
                links.append(value.strip())
            else:
                values[key.strip()] = value.strip()
        articles.append(
            DemoArticle(
                slug=path.stem.split("-", 1)[1],
                title=values["title"],
                subject=values["subject"],
                office_code=values.get("office"),
                body=body.strip() + "\n",
                links=links,
                keywords=values.get("keywords", ""),
            )
        )
    return articles

"""Knowledge-base actions: write, edit and publish articles; log searches and what followed.

Who may write (decided here, used by the views and the admin alike): the consultation
officers and supervisors of an office write that office's articles
(`Action.ANSWER_CONSULTATIONS`); national articles, shown by every office, only superusers."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from consultations.knowledge.models import Article
from consultations.knowledge.search import SEARCH_TEXT_CONFIG
from consultations.knowledge.selectors import article_may_write
from pst.errors import DomainError
from pst.links import web_links_clean
from pst.models import Office, User
from pst.personal_data import (
    IDENTITY_NUMBER_REFUSED,
    contains_identity_number,
    refuse_control_characters,
)

if TYPE_CHECKING:
    from consultations.models import Consultation


class ArticleError(DomainError):
    """A knowledge-base action that cannot be done."""


# The fields an officer writes; office, dates and authors are the service's.
ARTICLE_FIELDS = (
    "title", "slug", "subject_area", "body", "links", "keywords", "is_published",
)  # fmt: skip
# Paths of the knowledge base that an article's address must not hide.
RESERVED_SLUGS = frozenset({"new", "suggest", "preview", "drafts", "insights"})


def article_links_clean(text: str) -> str:
    try:
        return web_links_clean(text)
    except ValidationError as error:
        raise ArticleError(error.messages[0], code="links", field="links") from None


def article_keywords_clean(text: str) -> str:
    """The keywords as one comma-separated line: each with its spacing made even, empty
    ones and repeats (whatever their case) left out, in the order written."""
    seen: dict[str, str] = {}
    for keyword in re.split(r"[,;\n]", text or ""):
        keyword = " ".join(keyword.split())
        if keyword:
            seen.setdefault(keyword.casefold(), keyword)
    return ", ".join(seen.values())


# Dashes and the like that join two words or numbers ("2021–2025", "A/B"): slugify drops
# them and would run "20212025" together (product trial N5), so they become hyphens first.
_SLUG_JOINERS = re.compile(r"[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d/\\]")


def article_slug_for(title: str) -> str:
    """An article's address from its title: "Kemiskinan 2021–2025" → "kemiskinan-2021-2025"."""
    return slugify(_SLUG_JOINERS.sub("-", title))[:120].strip("-")


def _check_text(article: Article) -> None:
    for field, multiline in (
        ("title", False), ("body", True), ("links", True), ("keywords", True),
    ):  # fmt: skip
        value = getattr(article, field) or ""
        try:
            refuse_control_characters(value, multiline=multiline)
        except ValidationError as error:
            raise ArticleError(error.messages[0], code=str(error.code), field=field) from None
        if contains_identity_number(value):
            raise ArticleError(str(IDENTITY_NUMBER_REFUSED), code="identity_number", field=field)


def _validate(article: Article, by: User | None = None) -> None:
    """Refuse what the article may not hold; `by` (None: a trusted import) is who saves it,
    for the message of an address already taken."""
    _check_text(article)
    article.title = " ".join((article.title or "").split())
    if not article.title:
        raise ArticleError(_("Give the article a title."), code="title", field="title")
    if not (article.body or "").strip():
        raise ArticleError(_("Write the article's text."), code="body", field="body")
    article.slug = (article.slug or "").strip().lower() or article_slug_for(article.title)
    try:
        validate_slug(article.slug)
    except ValidationError:
        raise ArticleError(
            _("Use only letters, digits and hyphens in the address."), code="slug", field="slug"
        ) from None
    if article.slug in RESERVED_SLUGS:
        raise ArticleError(
            _("“%(slug)s” is a page of the knowledge base: choose another address.")
            % {"slug": article.slug},
            code="slug_reserved",
            field="slug",
        )
    article.links = article_links_clean(article.links)
    article.keywords = article_keywords_clean(article.keywords)
    clash = _slug_clash(article)
    if clash is not None:
        raise _slug_taken(article, taken_by=clash, by=by)
    try:
        article.full_clean(exclude=["search_vector"], validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ArticleError(
            " ".join(messages), field=None if field == NON_FIELD_ERRORS else field
        ) from error


def _slug_clash(article: Article) -> Article | None:
    """The article already at `article`'s address in its scope, a national one first."""
    # An office article and a national one at the same address: the office's would hide the
    # national one for that office (and a national one would clash with every office's).
    clash = Article.objects.filter(slug=article.slug).exclude(pk=article.pk)
    if article.office_id is not None:
        clash = clash.filter(office__isnull=True) | clash.filter(office_id=article.office_id)
    return clash.order_by(F("office_id").asc(nulls_first=True), "pk").first()


def _slug_taken(article: Article, *, taken_by: Article | None, by: User | None) -> ArticleError:
    """The refusal of an address another article holds (found before saving, or by the
    database when two were saved at once). "Open it and edit it" only to someone who may: an
    officer is refused (403) a national article, and would be sent to a page that refuses
    them."""
    slug = article.slug
    if (
        taken_by is not None
        and taken_by.is_national
        and by is not None
        and not article_may_write(user=by, office=None)
    ):
        message = _(
            "A national article already has the address “%(slug)s”, and only an "
            "administrator of the portal edits national articles: choose another address."
        )
    else:
        message = _(
            "An article already lives at the address “%(slug)s”: open it and edit it, or give "
            "this one another address."
        )
    return ArticleError(message % {"slug": slug}, code="slug_taken", field="slug")


def article_search_vector_refresh(*, article: Article) -> None:
    """PostgreSQL: the full-text vector of title and keywords (weight A: a keyword names the
    article's topic as its title does) and text (weight B); nothing on other databases. The
    services call it after every change of the text."""
    if connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    Article.objects.filter(pk=article.pk).update(
        search_vector=SearchVector("title", weight="A", config=SEARCH_TEXT_CONFIG)
        + SearchVector("keywords", weight="A", config=SEARCH_TEXT_CONFIG)
        + SearchVector("body", weight="B", config=SEARCH_TEXT_CONFIG)
    )


@transaction.atomic
def article_create(
    *,
    office: Office | None,
    author: User,
    data: dict,
    client_request_id: uuid.UUID | None = None,
    from_consultation: Consultation | None = None,
) -> Article:
    """A new article of `office` (None: national). The same form sent twice (the same
    `client_request_id`) gives back the article the first one created. `from_consultation`:
    the answered consultation of the office it was made from; one article per consultation
    (a second one is refused with code "already_made", the existing article on the error)."""
    if not article_may_write(user=author, office=office):
        raise ArticleError(
            _("Only the consultation officers and supervisors of this office can write its "
              "articles; national articles only an administrator of the portal."),
            code="not_allowed",
        )  # fmt: skip
    if client_request_id is not None:
        existing = Article.objects.filter(client_request_id=client_request_id).first()
        if existing is not None:
            return existing
    if from_consultation is not None:
        _check_source(from_consultation, office=office)
    article = Article(
        office=office,
        created_by=author,
        updated_by=author,
        client_request_id=client_request_id,
        source_consultation=from_consultation,
        **{field: data[field] for field in ARTICLE_FIELDS if field in data},
    )
    _validate(article, by=author)
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # A parallel submission won the race: the same form, the same consultation, or the
        # same address.
        existing = (
            Article.objects.filter(client_request_id=client_request_id).first()
            if client_request_id is not None
            else None
        )
        if existing is not None:
            return existing
        if from_consultation is not None:
            _check_source(from_consultation, office=office)
        raise _slug_taken(article, taken_by=_slug_clash(article), by=author) from None
    article_search_vector_refresh(article=article)
    return article


class ArticleAlreadyMade(ArticleError):
    """The consultation already has its article (`article`): open that one instead."""

    def __init__(self, article: Article) -> None:
        super().__init__(
            _("An article was already made from this consultation: “%(title)s”. Open it "
              "and edit it instead of writing a second one.") % {"title": article.title},
            code="already_made",
        )  # fmt: skip
        self.article = article


def _check_source(consultation: Consultation, *, office: Office | None) -> None:
    """An article is made from an answered consultation of its own office (a national
    article from any office's), once: a second officer opening the same consultation edits
    the first one's article (product trial N5)."""
    from consultations.models import Consultation, ConsultationStatus

    if office is not None and consultation.office_id != office.pk:
        raise ArticleError(
            _("An article is made from a consultation of its own office."), code="other_office"
        )
    # Its state now, not as the caller read it (reopened since the page was loaded?).
    status = Consultation.objects.filter(pk=consultation.pk).values_list("status", flat=True)
    if status.first() not in (ConsultationStatus.ANSWERED, ConsultationStatus.CLOSED):
        raise ArticleError(
            _("Only an answered consultation becomes an article."), code="not_answered"
        )
    existing = Article.objects.filter(source_consultation=consultation).first()
    if existing is not None:
        raise ArticleAlreadyMade(existing)


@transaction.atomic
def article_import(*, office: Office | None, slug: str, data: dict) -> tuple[Article, bool]:
    """Create or refresh the article at `slug` of `office` from a trusted source (load_demo):
    the same rules as an officer's article, no author. Returns (article, created)."""
    fields = {name: data[name] for name in ARTICLE_FIELDS if name in data and name != "slug"}
    article = Article.objects.filter(office=office, slug=slug).first()
    created = article is None
    if created:
        article = Article(office=office, slug=slug, **fields)
    else:
        changed = [name for name, value in fields.items() if getattr(article, name) != value]
        if not changed:
            return article, False
        for name in changed:
            setattr(article, name, fields[name])
    _validate(article)
    if not created:
        article.version += 1
    article.save()
    article_search_vector_refresh(article=article)
    return article, created


@transaction.atomic
def article_update(*, article: Article, editor: User, data: dict, version: int) -> Article:
    """Save an edit made on `version` of the article; refused (code "changed_meanwhile")
    when someone saved another edit since. Saving the same text again changes nothing."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not article_may_write(user=editor, office=article.office):
        raise ArticleError(_("You cannot edit this article."), code="not_allowed")
    changed = [
        field
        for field in ARTICLE_FIELDS
        if field in data and data[field] != getattr(article, field)
    ]
    if not changed:
        return article
    if version != article.version:
        raise ArticleError(
            _("Someone else saved this article while you were editing it. Here is the "
              "current version: check it and make your change again."),
            code="changed_meanwhile",
        )  # fmt: skip
    for field in changed:
        setattr(article, field, data[field])
    _validate(article, by=editor)
    article.version += 1
    article.updated_by = editor
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        raise _slug_taken(article, taken_by=_slug_clash(article), by=editor) from None
    article_search_vector_refresh(article=article)
    return article


def _set_published(*, article: Article, editor: User, published: bool) -> Article:
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not article_may_write(user=editor, office=article.office):
        raise ArticleError(_("You cannot edit this article."), code="not_allowed")
    if article.is_published == published:
        return article
    article.is_published = published
    article.version += 1
    article.updated_by = editor
    article.save(update_fields=["is_published", "version", "updated_by", "updated_at"])
    return article


@transaction.atomic
def article_publish(*, article: Article, editor: User) -> Article:
    return _set_published(article=article, editor=editor, published=True)


@transaction.atomic
def article_unpublish(*, article: Article, editor: User) -> Article:
    return _set_published(article=article, editor=editor, published=False)

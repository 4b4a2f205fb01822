"""Knowledge-base articles and the search log (models of the `consultations` app)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pst.fields import acting_user, optional_link, unique_nationally_and_per_office
from pst.models import Office

# A query is stored and compared at most this long; a longer one is refused with a message.
QUERY_MAX_LENGTH = 200


class ArticleQuerySet(models.QuerySet["Article"]):
    def in_scope(self, office: Office | None) -> ArticleQuerySet:
        """National articles, and those of `office`; None (several offices and none chosen
        yet): those of every active office too, each shown with its office's name (trial G:
        with national ones only, no office's article could be found)."""
        if office is None:
            return self.filter(Q(office__isnull=True) | Q(office__is_active=True))
        return self.filter(Q(office__isnull=True) | Q(office=office))

    def published(self) -> ArticleQuerySet:
        return self.filter(is_published=True)


class Article(models.Model):
    """One answer to what people ask, in Markdown. National (no office: every office shows
    it) or written for one office."""

    office = optional_link(
        Office,
        related_name="articles",
        verbose_name=_("office"),
        help_text=_("Empty: a national article, shown by every office."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("address"),
        max_length=120,
        allow_unicode=False,
        help_text=_("The last part of the article's address: letters, digits and hyphens."),
    )
    subject_area = models.ForeignKey(
        "consultations.SubjectArea",
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("subject area"),
    )
    body = models.TextField(
        _("text"), help_text=_("Markdown: **bold**, lists, [links](https://…).")
    )
    links = models.TextField(
        _("links to BPS tables and publications"),
        blank=True,
        help_text=_("One address per line (https://…)."),
    )
    # Words people search with that the article need not hold: synonyms ("jam buka" for "jam
    # layanan"), abbreviations, local names. Searched like the title; never shown to visitors.
    keywords = models.CharField(
        _("search keywords"),
        # Room for what the form takes (KEYWORDS_TYPED_MAX) once each separator is written ", "
        # (review R7: "a;b;c" typed is "a, b, c" stored).
        max_length=500,
        blank=True,
        help_text=_(
            "Other words visitors search with, separated by commas: synonyms, abbreviations, "
            "local names (for example: jam buka, operasional). Visitors do not see them."
        ),
    )
    is_published = models.BooleanField(_("published"), default=False)
    # Bumped by every saved change: an edit based on an older version is refused rather than
    # overwriting someone else's change.
    version = models.PositiveIntegerField(_("version"), default=1)
    # The form's one-time key: a form sent twice (double click, reload) creates one article.
    client_request_id = models.UUIDField(
        _("form submission"), null=True, blank=True, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = acting_user(_("created by"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = acting_user(_("updated by"))
    # The answered consultation the article was made from ("Turn into an article"): one
    # article per consultation, so that a second officer opens the first one's draft. Never
    # shown on the article (the requester stays out of it); the consultation shows it.
    source_consultation = models.OneToOneField(
        "consultations.Consultation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="article",
        verbose_name=_("made from consultation"),
    )
    # PostgreSQL only (title and keywords weight A, text weight B), kept up to date by the
    # services; empty on SQLite, whose search does without it.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("knowledge-base article")
        verbose_name_plural = _("knowledge-base articles")
        constraints = unique_nationally_and_per_office(
            "slug",
            per_office=(
                "article_slug_unique_in_office",
                _("This office already has an article at this address."),
            ),
            national=(
                "article_slug_unique_national",
                _("A national article already has this address."),
            ),
        )
        indexes = [
            GinIndex(fields=["search_vector"], name="article_search_vector"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="article_title_trgm"),
            models.Index(fields=["subject_area", "is_published"], name="article_subject"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self._address("kb_article")

    def _address(self, name: str) -> str:
        # An office's article is found in that office's scope: its address names the office.
        url = reverse(name, args=[self.slug])
        return f"{url}?{urlencode({'office': self.office.code})}" if self.office_id else url

    def get_edit_url(self) -> str:
        return self._address("kb_edit")

    def get_publish_url(self) -> str:
        return self._address("kb_publish")

    @property
    def is_national(self) -> bool:
        return self.office_id is None

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class SearchLog(models.Model):
    """One search of the knowledge base: what was asked (identity numbers masked), how many
    articles answered, which one was opened and whether a consultation followed."""

    office = optional_link(
        Office, on_delete=models.CASCADE, related_name="+", verbose_name=_("office")
    )
    query = models.CharField(_("query"), max_length=QUERY_MAX_LENGTH)
    result_count = models.PositiveIntegerField(_("results"))
    user = acting_user(_("user"))
    searched_at = models.DateTimeField(_("searched at"), auto_now_add=True)
    article_opened = optional_link(
        Article, on_delete=models.SET_NULL, related_name="+", verbose_name=_("article opened")
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    consultation_followed = optional_link(
        "consultations.Consultation",
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("consultation that followed"),
    )

    class Meta:
        ordering = ["-searched_at"]
        verbose_name = _("knowledge-base search")
        verbose_name_plural = _("knowledge-base searches")
        indexes = [models.Index(fields=["office", "searched_at"], name="searchlog_office_time")]

    def __str__(self) -> str:
        return f"{self.searched_at:%Y-%m-%d %H:%M} {self.query}"

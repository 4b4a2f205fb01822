"""Knowledge base in the admin: to look articles and searches up. Articles are written and
edited on the portal (/kb/new/, /kb/<slug>/edit/), where the rules, the search index and the
edit-conflict check live in one path; the search log is never edited."""

from __future__ import annotations

from django.contrib import admin

from consultations.knowledge.models import Article, SearchLog
from pst.admin_base import ReadOnlyOfficeScopedAdmin


@admin.register(Article)
class ArticleAdmin(ReadOnlyOfficeScopedAdmin):
    list_display = ["title", "office", "subject_area", "is_published", "updated_at"]
    list_filter = ["office", "is_published", "subject_area"]
    search_fields = ["title", "slug", "keywords"]
    list_select_related = ["office", "subject_area"]
    exclude = ["search_vector", "client_request_id"]


@admin.register(SearchLog)
class SearchLogAdmin(ReadOnlyOfficeScopedAdmin):
    list_display = ["searched_at", "office", "query", "result_count", "article_opened"]
    list_filter = ["office"]
    date_hierarchy = "searched_at"
    search_fields = ["query"]
    list_select_related = ["office", "article_opened"]
    # Who searched is nobody's business in a list of what people look for.
    exclude = ["user"]

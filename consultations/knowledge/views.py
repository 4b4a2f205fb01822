"""Knowledge-base pages. Who sees what:

- everyone: /kb/ (search), /kb/suggest/ (suggestions while typing), /kb/<slug>/ (a published
  article of the national scope or of the office in view);
- consultation officers and supervisors of an office (superusers everywhere): /kb/new/,
  /kb/<slug>/edit/, publishing, /kb/drafts/, /kb/insights/.

Refusals: a signed-out person is sent to sign in; a signed-in person without the role gets
403; an article that is not theirs to see (another office's draft) is 404 as for anyone, and
one they see but may not change (national, another office's published article) is 403."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from consultations.knowledge import search, search_log, selectors, services
from consultations.knowledge.forms import ArticleForm, PreviewForm, SearchForm
from consultations.knowledge.models import QUERY_MAX_LENGTH, Article
from consultations.knowledge.rendering import render_markdown
from consultations.selectors import get_consultation_for_user
from pst.actions import post_action
from pst.errors import add_to_form
from pst.models import TIME_ZONE_ABBREVIATIONS, Office
from pst.permissions import Action, office_where_user_can
from pst.personal_data import contains_identity_number, redact_identity_numbers

MASKED_NOTICE = gettext_lazy(
    "Your search held what looks like an identity card or phone number: it was left out of "
    "the search and is not kept."
)
PAGE_SIZE = 10
SUGGESTIONS = 5
SUGGEST_MIN_LENGTH = 2
INSIGHT_PERIODS = (7, 30, 90)
INSIGHTS_WITHOUT_OFFICE = "none"


def _scope(request: HttpRequest) -> Office | None:
    return selectors.office_for_kb(code=request.GET.get("office"), user=request.user)


def _writer_office(request: HttpRequest) -> Office | None:
    """The office whose articles the user writes (None for a superuser without one); 403
    for anyone who writes none."""
    office = office_where_user_can(request.user, Action.ANSWER_CONSULTATIONS)
    if office is None and not request.user.is_superuser:
        raise PermissionDenied(
            _("Only consultation officers and supervisors write knowledge-base articles.")
        )
    return office


@dataclass(frozen=True)
class _Typed:
    """What a search box sent: `query` to search (normalised, identity numbers masked,
    its beginning when longer: `shortened`), whether a number was `masked`, and the `text`
    as typed with numbers masked (what a consultation asked from the results starts with)."""

    query: str = ""
    masked: bool = False
    shortened: bool = False
    text: str = ""


def _query(form: SearchForm) -> _Typed:
    """The search box's text; nothing for an invalid form."""
    if not form.is_valid():
        # Shown back as typed but shortened and without an identity number.
        form.data = form.data.copy()
        form.data["q"] = redact_identity_numbers(form.data.get("q", "")[: QUERY_MAX_LENGTH * 2])
        return _Typed()
    typed = form.cleaned_data["q"]
    return _Typed(
        query=search_log.search_query_normalize(typed),
        masked=contains_identity_number(typed),
        shortened=search_log.search_query_shortened(typed),
        text=search_log.question_in_address(typed),
    )


@require_safe
def kb_search(request: HttpRequest) -> HttpResponse:
    office = _scope(request)
    form = SearchForm(request.GET)
    typed = _query(form)
    query = typed.query
    if typed.masked:
        # Off the address bar (and out of the language menu's "next") before anything else.
        messages.info(request, MASKED_NOTICE)
        params = request.GET.copy()
        params["q"] = typed.text
        return redirect(f"{reverse('kb_search')}?{params.urlencode()}")
    token = ""
    too_general = bool(query) and search.search_too_general(query)
    if query:
        articles = search.article_search(query=query, office=office)
        page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
        if page.number == 1:
            log = search_log.search_log_record(
                office=office, query=query, result_count=page.paginator.count, user=request.user
            )
            token = search_log.search_log_token(log.pk)
        elif search_log.search_log_id_from_token(request.GET.get("log")) is not None:
            token = request.GET["log"]
        form = SearchForm(initial={"q": query})
    else:
        page = Paginator(selectors.articles_latest(office=office), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    explicit_office = bool(request.GET.get("office"))
    default_office = (
        selectors.office_for_kb(code=None, user=request.user) if explicit_office else office
    )
    # The other pages keep the query, the office named in the address and the search's log.
    kept = {"q": query, "office": office.code if explicit_office and office else "", "log": token}
    return render(
        request,
        "consultations/knowledge/search.html",
        {
            "office": office,
            "explicit_office": explicit_office,
            "form": form,
            "query": query,
            # A longer text is searched by its beginning (trial N4), and the page says so;
            # a consultation asked from here starts with the text (up to what an address
            # carries: search_log.question_in_address).
            "shortened": typed.shortened and bool(query),
            "query_limit": QUERY_MAX_LENGTH,
            "question_max_length": search_log.QUESTION_IN_ADDRESS_MAX,
            # Common words only ("yang"): ask for more, and offer what people open most.
            "too_general": too_general,
            "popular": selectors.articles_popular(office=office) if too_general else [],
            "ask_text": typed.text if query else "",
            "page": page,
            "page_query": urlencode({key: value for key, value in kept.items() if value}),
            "token": token,
            "may_write": _may_write_any(request),
            # With several offices, the reader chooses whose articles they see besides the
            # national ones (trial G: another office's visitor saw only the default's).
            "default_office": default_office,
            "other_offices": selectors.offices_to_choose(besides=default_office),
        },
    )


def _may_write_any(request: HttpRequest) -> bool:
    return bool(
        request.user.is_superuser
        or office_where_user_can(request.user, Action.ANSWER_CONSULTATIONS)
    )


@require_safe
def kb_suggest(request: HttpRequest) -> HttpResponse:
    """Up to five articles for what is being typed (the search box, the consultation form).
    Not logged: the search that follows is."""
    office = _scope(request)
    form = SearchForm(request.GET)
    query = _query(form).query
    articles = (
        list(search.article_search(query=query, office=office)[:SUGGESTIONS])
        if len(query) >= SUGGEST_MIN_LENGTH
        else []
    )
    return render(
        request,
        "consultations/knowledge/_suggestions.html",
        {"articles": articles, "query": query, "form": form},
    )


@require_safe
def kb_article(request: HttpRequest, slug: str) -> HttpResponse:
    office = _scope(request)
    found = selectors.articles_at_for_user(request.user, slug, office=office)
    if len(found) > 1:
        # No office chosen, and several offices have an article at this address.
        return render(request, "consultations/knowledge/choose_article.html", {"articles": found})
    (article,) = found
    log_id = search_log.search_log_id_from_token(request.GET.get("from"))
    if log_id is not None and article.is_published:
        search_log.search_log_mark_opened(log_id=log_id, article=article)
    return render(
        request,
        "consultations/knowledge/article.html",
        {
            "article": article,
            "office": office,
            "related": selectors.articles_related(article=article, office=office),
            "may_edit": selectors.article_may_write(user=request.user, office=article.office),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def kb_new(request: HttpRequest) -> HttpResponse:
    office = _writer_office(request)
    choose_office = request.user.is_superuser
    initial = {"office": office, "is_published": True}
    source = request.GET.get("from_consultation")
    consultation = get_consultation_for_user(request.user, source) if source else None
    made = selectors.article_made_from(consultation) if consultation is not None else None
    if made is not None:
        # Made already (by this officer or another): its editor, not a second draft.
        messages.info(request, services.ArticleAlreadyMade(made).message)
        return redirect(made.get_edit_url())
    if consultation is not None and request.method == "GET":
        # "Publish as an article" from an answered consultation: its text, to edit first.
        draft = selectors.article_draft_from_consultation(consultation)
        if draft is None:
            # A plain new article, without the link: kept, the officer's text would be
            # refused on saving (review of trial N5's fix).
            messages.warning(request, _("Only an answered consultation becomes an article."))
            return redirect("kb_new")
        initial |= draft
        initial["is_published"] = False
    form = ArticleForm(request.POST or None, choose_office=choose_office, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.article_create(
                office=data.get("office") if choose_office else office,
                author=request.user,
                data=data,
                client_request_id=data.get("client_request_id"),
                from_consultation=consultation,
            )
        except services.ArticleAlreadyMade as error:
            # Another officer saved theirs while this one was writing.
            messages.warning(request, error.message)
            return redirect(error.article.get_edit_url())
        except services.ArticleError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The article is saved."))
            return redirect(article.get_absolute_url())
    return render(
        request,
        "consultations/knowledge/article_form.html",
        {"form": form, "article": None, "office": office, "preview": _preview(form)},
    )


def _preview(form: ArticleForm) -> str:
    """The preview of the text the form opens with (prefilled from a consultation, or the
    article being edited), so that the preview is not empty until the officer types."""
    if form.is_bound:
        return ""
    body = form.initial.get("body") or getattr(form.instance, "body", "") or ""
    return render_markdown(redact_identity_numbers(body)) if body.strip() else ""


def _editable(request: HttpRequest, slug: str) -> Article:
    article = selectors.get_article_for_user(request.user, slug, office=_scope(request))
    if not selectors.article_may_write(user=request.user, office=article.office):
        raise PermissionDenied(
            _("Only the consultation officers and supervisors of the article's office can "
              "change it; national articles only an administrator of the portal.")
        )  # fmt: skip
    return article


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def kb_edit(request: HttpRequest, slug: str) -> HttpResponse:
    article = _editable(request, slug)
    if request.method == "POST":
        form = ArticleForm(request.POST, instance=article)
        if form.is_valid():
            try:
                saved = services.article_update(
                    article=article,
                    editor=request.user,
                    data=form.cleaned_data,
                    version=form.cleaned_data.get("version") or 0,
                )
            except services.ArticleError as error:
                if error.code != "changed_meanwhile":
                    add_to_form(form, error)
                else:
                    messages.warning(request, error.message)
                    return redirect(article.get_edit_url())
            else:
                messages.success(request, _("The article is saved."))
                return redirect(saved.get_absolute_url())
    else:
        form = ArticleForm(instance=article, initial={"version": article.version})
    return render(
        request,
        "consultations/knowledge/article_form.html",
        {"form": form, "article": article, "office": article.office, "preview": _preview(form)},
    )


def _article_page(request: HttpRequest, slug: str) -> str:
    return _editable(request, slug).get_absolute_url()


def _editor_page(request: HttpRequest) -> str:
    _writer_office(request)
    return reverse("kb_new")


@login_required
@post_action(_article_page)
def kb_publish(request: HttpRequest, slug: str) -> HttpResponse:
    article = _editable(request, slug)
    if request.POST.get("publish") == "1":
        article = services.article_publish(article=article, editor=request.user)
        messages.success(request, _("The article is published."))
    else:
        article = services.article_unpublish(article=article, editor=request.user)
        messages.success(request, _("The article is back to draft: only officers see it."))
    return redirect(article.get_absolute_url())


@login_required
@post_action(_editor_page)
def kb_preview(request: HttpRequest) -> HttpResponse:
    """The article's text as the page will show it (htmx fragment of the article form)."""
    _writer_office(request)
    form = PreviewForm(request.POST)
    # The page would refuse an identity number when saved; the preview never shows one.
    body = redact_identity_numbers(form.cleaned_data["body"]) if form.is_valid() else ""
    return render(
        request,
        "consultations/knowledge/_preview.html",
        {"html": render_markdown(body), "form": form},
    )


@login_required
@never_cache
@require_safe
def kb_drafts(request: HttpRequest) -> HttpResponse:
    office = _writer_office(request)
    page = Paginator(
        selectors.article_drafts(user=request.user, office=office), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "consultations/knowledge/drafts.html", {"page": page, "office": office})


@login_required
@never_cache
@require_safe
def kb_insights(request: HttpRequest) -> HttpResponse:
    """What people look for and do not find, over a period (default the last 30 days)."""
    office = _writer_office(request)
    # A superuser: the office named in the address, or the home page's; or "none", the
    # searches made without an office (several offices and none chosen: the plain /kb/
    # link), which no office's page shows (trial 2, item 7).
    without_office = office is None and request.GET.get("office") == INSIGHTS_WITHOUT_OFFICE
    if office is None and not without_office:
        office = _scope(request)
    if office is None and not without_office:
        raise PermissionDenied(
            _("Choose an office: /kb/insights/?office=6571, or ?office=none for the searches "
              "made without one.")
        )  # fmt: skip
    days = request.GET.get("days", "")
    days = int(days) if days.isascii() and days.isdigit() and int(days) in INSIGHT_PERIODS else 30
    zone_name = office.time_zone if office else settings.TIME_ZONE
    return render(
        request,
        "consultations/knowledge/insights.html",
        {
            "office": office,
            "office_param": office.code if office else INSIGHTS_WITHOUT_OFFICE,
            "scope_name": office.name if office else _("Searches made without an office"),
            "zone": zone_name,
            "zone_abbreviation": TIME_ZONE_ABBREVIATIONS.get(zone_name, zone_name),
            "days": days,
            "periods": INSIGHT_PERIODS,
            "insights": selectors.search_insights(office=office, days=days),
        },
    )

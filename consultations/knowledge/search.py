"""The knowledge base's search: PostgreSQL full text with the `indonesian` configuration and
trigrams (typos, swapped letters), words weighted by how rare they are, or a plain fallback on
SQLite; the query's words read once (quoted phrases, -excluded words, common words)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Case,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Ln
from django.db.models.lookups import Exact, GreaterThanOrEqual, IContains

from consultations.knowledge.models import Article
from consultations.knowledge.selectors import published_articles
from pst.models import Office

SEARCH_TEXT_CONFIG = "indonesian"  # PostgreSQL's text search configuration (snowball stemmer)

# A title whose best-matching stretch shares this much of a query word's trigrams is a hit for
# that word, whatever the full-text search says ("inflsi" → "Inflasi …" scores about 0.57).
TITLE_SIMILARITY_MIN = 0.4
# The terms of a query that count (the rest would only lengthen the SQL): a visitor's question
# names its topic, place and period within the first few words.
SEARCH_MAX_TERMS = 8
# A term with a digit (a year, a table's number) narrows a question but seldom names its topic:
# "ipm tarakan 2023" is about the IPM, not about the articles whose title holds 2023.
NUMBER_TERM_WEIGHT = 0.5


def article_search(*, query: str, office: Office | None) -> QuerySet[Article]:
    """Published articles of the scope that answer `query`, the most relevant first."""
    if connection.vendor == "postgresql":
        return _search_postgresql(query, office)
    return _search_fallback(query, office)


@dataclass(frozen=True)
class SearchTerm:
    """One thing a query asks for: a word, or a quoted phrase (`phrase`); `forms` are the
    word as typed and without accents, both searched ("kemiskinán" finds "kemiskinan")."""

    forms: tuple[str, ...]
    phrase: bool = False

    @property
    def has_digit(self) -> bool:
        return any(ch.isdigit() for ch in self.forms[0])

    @property
    def fuzzy(self) -> bool:
        # Typo tolerance is for words: a phrase is meant as typed, and a number is exact
        # ("2024" shares most of its trigrams with "2023").
        return not self.phrase and not self.has_digit

    @property
    def transpositions(self) -> tuple[str, ...]:
        """The word with two neighbouring letters swapped, each way once ("infalsi" →
        "nifalsi", …, "inflasi", …): one swap is the typo trigrams do not catch."""
        word = self.forms[-1]
        if not self.fuzzy or len(word) < TRANSPOSITION_MIN_LENGTH or not word.isalpha():
            return ()
        swapped = {
            word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            for i in range(len(word) - 1)
            if word[i] != word[i + 1]
        }
        return tuple(sorted(swapped))


# A quoted phrase; a word after a minus at a word's start (excluded, as web search engines
# do: the minus of "covid-19" is part of the word); any other word.
_TERM = re.compile(r'"([^"]*)"|(?<!\S)-(\w+)|(\w+)')
# Operators of the websearch syntax the query was once read with; as words they say nothing.
_OPERATOR_WORDS = {"or", "and"}
# Words that nearly every article holds, so that searching them finds the whole base (trial
# N6: "yang" 26 articles, "dan" 27): they are left out of a query's terms, and a query of
# nothing else is answered "type something more specific". Function words and the courtesy
# of a question only; question words that name what is asked ("kapan", "berapa") stay, and
# so do words a statistic is named by: "ibu" (angka kematian ibu, ibu hamil), "sedang"
# (industri besar dan sedang, IPM sedang). "Bapak", "pak" and "bu" only address someone. A
# quoted phrase keeps them ("badan pusat statistik" is asked as typed).
STOP_WORDS = frozenset(
    """
    yang dan di ke dari ini itu untuk dengan pada adalah ialah atau juga dalam akan oleh
    tidak tak ada saya aku kami kita anda kamu apa apakah bagaimana gimana mengapa kenapa
    siapa mana dimana bisa dapat mohon tolong ingin mau minta meminta terima kasih bapak
    pak bu sudah telah belum masih sangat lebih hanya saja pun lah kah nya per para
    sebagai secara agar supaya karena jika kalau bila maka tetapi tapi namun serta hal
    tersebut bahwa yaitu yakni seperti tentang terhadap bagi sampai hingga sejak
    the of in is to an
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# A word this long may be a typo with two letters swapped ("infalsi" for "inflasi"), which
# trigrams miss (they share too few): found nowhere, its swapped forms are searched.
TRANSPOSITION_MIN_LENGTH = 5


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _forms(text: str) -> tuple[str, ...]:
    text = text.lower()
    plain = _without_accents(text)
    return (text,) if plain == text else (text, plain)


def _query_terms(query: str) -> tuple[list[SearchTerm], list[SearchTerm]]:
    """The terms a query asks for and those it excludes (-word), each once, in the order
    typed, at most SEARCH_MAX_TERMS of each."""
    wanted: dict[tuple[str, ...], SearchTerm] = {}
    excluded: dict[tuple[str, ...], SearchTerm] = {}
    for phrase, minus, word in _TERM.findall(query):
        if phrase.strip():
            words = phrase.split()
            term = SearchTerm(_forms(" ".join(words)), phrase=len(words) > 1)
            wanted.setdefault(term.forms, term)
        elif minus:
            excluded.setdefault(_forms(minus), SearchTerm(_forms(minus)))
        elif word and word.lower() not in _OPERATOR_WORDS and not _is_stop_word(word):
            wanted.setdefault(_forms(word), SearchTerm(_forms(word)))
    return list(wanted.values())[:SEARCH_MAX_TERMS], list(excluded.values())[:SEARCH_MAX_TERMS]


def _is_stop_word(word: str) -> bool:
    # A lone letter says as little ("a": 7 articles in trial N6); a lone digit does not.
    plain = _without_accents(word.lower())
    return plain in STOP_WORDS or (len(plain) == 1 and plain.isalpha())


def search_too_general(query: str) -> bool:
    """Whether `query` is made of common words only ("yang", "di mana"): what it would find
    is the whole base, so the page asks for something more specific instead."""
    terms, excluded = _query_terms(query)
    return not terms and not excluded and any(_is_stop_word(w) for w in re.findall(r"\w+", query))


def _term_weight(term: SearchTerm, found_in: Expression, out_of: Expression) -> Expression:
    """How much finding `term` says: the rarer among the scope's articles, the more
    (inverse document frequency, ln((N + 1) / (n + 0.5)), always above zero). A word found
    nowhere (a typo) weighs the most: the articles its trigrams find are what was meant."""
    weight = Ln(Cast(out_of, FloatField()) + Value(1.0)) - Ln(
        Cast(found_in, FloatField()) + Value(0.5)
    )
    return weight * Value(NUMBER_TERM_WEIGHT) if term.has_digit else weight


def _count(queryset: QuerySet[Article]) -> Subquery:
    # A scalar subquery, not a query of its own: the search page keeps its query budget, and
    # the database computes it once per statement.
    return Subquery(
        queryset.order_by()
        .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("n")
    )


def _search_postgresql(query: str, office: Office | None) -> QuerySet[Article]:
    """Articles that hold any term of the query (a word, its stem, a quoted phrase, or a
    title close to the word: a typo) and none of its excluded ones, ranked by which terms they
    hold and where: per term its full-text rank (title weight A) and the trigram similarity of
    the title, weighed by how rare the term is. ts_rank over the OR'd query would weigh every
    word alike, and "tarakan", in nearly every article of the office, would then rank an
    article titled "Kota Tarakan" above the topic asked about ("inflasi tarakan 2024")."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity

    terms, excluded = _query_terms(query)
    if not terms:
        return Article.objects.none()

    def any_of(forms: tuple[str, ...], search_type: str = "websearch") -> SearchQuery:
        # websearch syntax accepts whatever a word holds without error; a phrase keeps its
        # order ("garis kemiskinan").
        found = None
        for form in forms:
            one = SearchQuery(form, search_type=search_type, config=SEARCH_TEXT_CONFIG)
            found = one if found is None else found | one
        return found

    def text_query(term: SearchTerm) -> SearchQuery:
        return any_of(term.forms, "phrase" if term.phrase else "websearch")

    scope = published_articles(office)
    out_of = _count(Article.objects.published().in_scope(office))
    any_term = Q()
    rank: Expression = Value(0.0)
    for term in terms:
        term_query = text_query(term)
        # F(): the stored vector as it is. A bare field name would make Django wrap it in
        # to_tsvector() again, re-parsing it in the default configuration and losing the
        # title's weight (measured in benchmarks/README.md).
        score: Expression = SearchRank(F("search_vector"), term_query)
        matches = Q(search_vector=term_query)
        found_in = _count(
            Article.objects.published().in_scope(office).filter(search_vector=term_query)
        )
        if term.fuzzy:
            similarity = TrigramWordSimilarity(Value(term.forms[-1]), "title")
            score = score + similarity
            matches |= Q(
                GreaterThanOrEqual(similarity, Value(TITLE_SIMILARITY_MIN)),
            )
        if term.transpositions:
            # Only for a word no article holds: a real word's swapped form may be another
            # real word ("ulang", "luang").
            swapped = any_of(term.transpositions)
            found_nowhere = Exact(found_in, Value(0))
            matches |= Q(found_nowhere) & Q(search_vector=swapped)
            score = score + Case(
                When(found_nowhere, then=SearchRank(F("search_vector"), swapped)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        rank = rank + score * _term_weight(term, found_in, out_of)
        any_term |= matches
    if len(terms) > 1:
        # The whole query against the title, as a one-word search has it: a title typed as
        # it is (or nearly) comes first.
        rank = rank + TrigramWordSimilarity(Value(" ".join(t.forms[-1] for t in terms)), "title")
    found = scope.filter(any_term)
    for term in excluded:
        found = found.exclude(search_vector=text_query(term))
    return found.annotate(rank=rank).order_by("-rank", "title", "pk")


def _query_words(query: str) -> tuple[list[str], list[str]]:
    """The fallback's words wanted and excluded: each term's form without accents (the
    articles are written without them), a quoted phrase as one."""
    terms, excluded = _query_terms(query)
    return (
        [term.forms[-1] for term in terms if len(term.forms[-1]) >= 2],
        [term.forms[-1] for term in excluded if len(term.forms[-1]) >= 2],
    )


def _search_fallback(query: str, office: Office | None) -> QuerySet[Article]:
    """SQLite: articles holding any word of the query; a word in the title or keywords counts
    three times a word in the text, and each word as much as it is rare in the scope (as on
    PostgreSQL)."""
    words, excluded = _query_words(query)
    if not words:
        return Article.objects.none()
    out_of = _count(Article.objects.published().in_scope(office))
    any_word = Q()
    score: Expression = Value(0.0)
    for word in words:
        in_title = Q(title__icontains=word) | Q(keywords__icontains=word)
        holds = in_title | Q(body__icontains=word)
        found_in = _count(Article.objects.published().in_scope(office).filter(holds))
        swapped = SearchTerm((word,)).transpositions
        if swapped:
            # As on PostgreSQL: a word found nowhere is searched with two letters swapped.
            found_nowhere = Q(Exact(found_in, Value(0)))
            for form in swapped:
                in_swapped = Q(title__icontains=form) | Q(keywords__icontains=form)
                holds |= found_nowhere & (in_swapped | Q(body__icontains=form))
                in_title |= found_nowhere & in_swapped
        any_word |= holds
        score = score + Case(
            When(in_title, then=Value(3.0)),
            When(holds, then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        ) * _term_weight(SearchTerm((word,)), found_in, out_of)
    found = published_articles(office).filter(any_word)
    for word in excluded:
        found = found.exclude(
            Q(title__icontains=word) | Q(keywords__icontains=word) | Q(body__icontains=word)
        )
    # A title typed whole (with a place or year around it) comes first, as the title's
    # similarity to the whole query has it on PostgreSQL: its common words ("apa saja yang
    # ada") no longer count as terms, and would not tell two titles apart otherwise.
    typed_title = Case(
        When(IContains(Value(" ".join(query.split())), F("title")), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return found.annotate(rank=score, typed_title=typed_title).order_by(
        "-typed_title", "-rank", "title", "pk"
    )

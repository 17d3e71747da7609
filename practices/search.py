"""Catalogue search: PostgreSQL full-text search with ranking, highlighted matches and trigram matching for
typos; on other databases (SQLite) a substring search with a simple ranking and the same highlighting.

Every result carries ``search_rank`` (higher is better) and, on PostgreSQL, ``search_headline``: the
matching passages with the matched words between sentinel characters. ``highlight`` turns either into
safe HTML by escaping the text first and only then adding ``<mark>``, so catalogue text can never inject
markup.
"""

from __future__ import annotations

import difflib
import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connections
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CONFIG = "english"
START, STOP = "\u27e6", "\u27e7"  # ⟦ ⟧: never in the catalogue, safe in ts_headline's option string
TYPO_SIMILARITY = 0.6  # word_similarity of a misspelt word with the word meant ("stakeholdr" ~ 0.8)
MAX_TERMS = 8
SNIPPET = 260
WORD = re.compile(r"[\w\u2019'-]+")


def terms_of(query: str) -> list[str]:
    """The words of a query, without the quotes and operators of web-search syntax."""
    return [t.strip("\"'-") for t in query.split() if t.strip("\"'-") and t.lower() not in {"or", "and"}][:MAX_TERMS]


def search_practices(queryset: QuerySet, query: str) -> QuerySet:
    """``queryset`` narrowed to practices matching ``query``, best first, annotated with ``search_rank``."""
    query = query.strip()
    if not terms_of(query):
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        return _postgres(queryset, query)
    return _substring(queryset, query)


def _postgres(queryset: QuerySet, query: str) -> QuerySet:
    vector = SearchVector("heading", weight="A", config=CONFIG) + SearchVector(
        "search_document", weight="B", config=CONFIG
    )
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    return (
        queryset.annotate(
            search_vector=vector,
            search_rank=SearchRank(vector, search_query),
            search_similarity=TrigramWordSimilarity(query, "search_document"),
        )
        .filter(Q(search_vector=search_query) | Q(search_similarity__gte=TYPO_SIMILARITY))
        .annotate(
            search_headline=SearchHeadline(
                "search_document",
                search_query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_fragments=2,
                min_words=10,
                max_words=28,
                fragment_delimiter=" … ",
            )
        )
        .order_by("-search_rank", "-search_similarity", *_default_order(queryset))
    )


def _substring(queryset: QuerySet, query: str) -> QuerySet:
    """Every word must occur; a word in the heading counts three times one in the text."""
    terms = terms_of(query)
    for term in terms:
        queryset = queryset.filter(search_document__icontains=term)
    score = sum(
        (
            Case(When(heading__icontains=term, then=Value(3.0)), default=Value(0.0), output_field=FloatField())
            + Case(
                When(search_document__icontains=term, then=Value(1.0)), default=Value(0.0), output_field=FloatField()
            )
            for term in terms
        ),
        start=Value(0.0, output_field=FloatField()),
    )
    return queryset.annotate(search_rank=score).order_by(F("search_rank").desc(), *_default_order(queryset))


def _default_order(queryset: QuerySet) -> list[str]:
    return [*queryset.model._meta.ordering, "id"]


def highlight(text: str, query: str, *, headline: str = "", width: int = SNIPPET) -> SafeString:
    """Safe HTML: the passage of ``text`` that matches ``query`` with the matches in ``<mark>``.

    A PostgreSQL headline is used when it marks something; otherwise the words of the query are found in
    the text (or, for a misspelt word, the text's closest word), and the passage around the first is shown.
    """
    if headline and START in headline:
        return mark_safe(escape(headline).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308
    text = " ".join(text.split())
    words = _matching_words(text, terms_of(query))
    if not words:
        return mark_safe(escape(_window(text, 0, width)))  # noqa: S308 - escaped
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    first = pattern.search(text)
    start = first.start() if first else 0
    passage = _window(text, start, width)
    parts, last = [], 0
    for match in pattern.finditer(passage):
        parts += [escape(passage[last : match.start()]), "<mark>", escape(match.group(0)), "</mark>"]
        last = match.end()
    parts.append(escape(passage[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped


def _matching_words(text: str, terms: list[str]) -> set[str]:
    lowered = text.lower()
    found = {t for t in terms if t.lower() in lowered}
    missing = [t for t in terms if t.lower() not in lowered]
    if missing:
        vocabulary = {w.lower() for w in WORD.findall(text)}
        for term in missing:
            found.update(difflib.get_close_matches(term.lower(), vocabulary, n=3, cutoff=0.75))
    return found


def _window(text: str, start: int, width: int) -> str:
    """About ``width`` characters of ``text`` (whitespace already collapsed) around ``start``, cut at
    spaces, with ellipses where cut."""
    begin = max(0, start - width // 4)
    if begin:
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < start else begin
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > start else end
    return ("… " if begin else "") + text[begin:end] + (" …" if end < len(text) else "")

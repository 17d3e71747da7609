"""Catalogue template helpers: citations as links, status and kind badges."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from practices.choices import AdoptionStatus, PracticeKind
from practices.models import Adoption

register = template.Library()

STATUS_CLASSES: dict[str, str] = {
    AdoptionStatus.NOT_STARTED: "text-bg-light border",
    AdoptionStatus.PLANNED: "text-bg-info",
    AdoptionStatus.IN_PROGRESS: "text-bg-primary",
    AdoptionStatus.IMPLEMENTED: "text-bg-success",
    AdoptionStatus.NOT_APPLICABLE: "text-bg-secondary",
}
KIND_CLASSES: dict[str, str] = {
    PracticeKind.GOOD_PRACTICE: "text-bg-success",
    PracticeKind.PRACTICAL_TOOL: "text-bg-warning",
    PracticeKind.KEY_RESOURCE: "text-bg-info",
    PracticeKind.CASE_STUDY: "text-bg-dark",
}


@register.filter
def cited(text: str | None, citations: Iterable[Any] | None = None) -> SafeString:
    """The text, escaped, with each citation it prints ("IGTs: 21") linked to the reference's page."""
    html: str = escape(text or "")
    links: dict[str, SafeString] = {}
    for citation in citations or ():
        links[escape(str(citation))] = format_html(
            '<a class="citation" href="{}" title="{}">{}</a>',
            citation.reference.get_absolute_url(),
            citation.reference.title
            or gettext("Source cited as %(short_form)s") % {"short_form": citation.reference.short_form},
            str(citation),
        )
    if links:
        pattern = re.compile("|".join(re.escape(printed) for printed in sorted(links, key=len, reverse=True)))
        html = pattern.sub(lambda match: links[match.group(0)], html)
    return mark_safe(html)  # noqa: S308 - built from escaped text and format_html


@register.filter
def paragraphs(text: str | None, citations: Iterable[Any] | None = None) -> SafeString:
    """Each line of a multi-paragraph text (the file keeps one paragraph per line) as a ``<p>``, with its
    citations linked."""
    lines = [line for line in (text or "").split("\n") if line.strip()]
    return mark_safe("".join(format_html("<p>{}</p>", cited(line, citations)) for line in lines))  # noqa: S308


@register.filter
def status_badge(status: str) -> SafeString:
    label = dict(AdoptionStatus.choices).get(status, status)
    return format_html('<span class="badge {}">{}</span>', STATUS_CLASSES.get(status, "text-bg-light"), label)


@register.filter
def kind_badge(kind: str) -> SafeString:
    label = dict(PracticeKind.choices).get(kind, kind)
    return format_html('<span class="badge {}">{}</span>', KIND_CLASSES.get(kind, "text-bg-light"), label)


@register.filter
def attr(obj: Any, name: str | None) -> Any:
    """``obj.<name>`` for a name held in a variable (e.g. the date field an evidence kind is listed by)."""
    return getattr(obj, name, None) if name else None


@register.filter
def is_overdue(adoption: Adoption) -> bool:
    return adoption.is_overdue()

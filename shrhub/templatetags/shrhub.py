"""Template helpers shared by every app: list cells, sort links, badges, markdown."""

from __future__ import annotations

import datetime
from datetime import tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import markdown as markdown_lib
import nh3
from django import template
from django.db import models
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from shrhub.models import concrete_field
from shrhub.roles import Role, role_of
from shrhub.tables import Column
from shrhub.types import AnyUser
from shrhub.zones import zone_abbreviation

register = template.Library()

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "hr",
}


@register.simple_tag(takes_context=True)
def detail_sections(context: dict[str, Any], obj: models.Model) -> list[Any]:
    """The sections other apps add to ``obj``'s detail page (``shrhub.registry.register_detail_sections``):
    ``{% detail_sections object as sections %}``, then include each ``section.template``."""
    from shrhub.registry import detail_sections as sections_of

    request = context.get("request")
    return sections_of(request, obj) if request is not None else []


@register.simple_tag(takes_context=True)
def page_sections(context: dict[str, Any], page: str, **values: Any) -> list[Any]:
    """The sections other apps add to a page that is not one record's (``register_page_sections``):
    ``{% page_sections "insights.coordination" scope=scope as sections %}``, then include each template."""
    from shrhub.registry import page_sections as sections_of

    request = context.get("request")
    return sections_of(request, page, **values) if request is not None else []


@register.filter
def roles(user: AnyUser) -> str:
    labels = dict(Role.choices)
    held = [labels[name] for name in role_of(user)]
    if not held and getattr(user, "is_superuser", False):
        return _("Superuser")
    return ", ".join(str(label) for label in held) or _("No role")


@register.simple_tag
def cell(row: models.Model, column: Column) -> str:
    value = column.value(row)
    if column.template:
        return render_to_string(column.template, {"row": row, "value": value})
    if value is None or value == "":
        text: Any = "—"
    elif isinstance(value, bool):
        text = _("Yes") if value else _("No")
    elif isinstance(value, datetime.datetime):
        text = when(value)
    elif isinstance(value, datetime.date):
        text = date_format(value, "DATE_FORMAT")
    else:
        text = value
    if column.link and hasattr(row, "get_absolute_url"):
        return format_html('<a href="{}">{}</a>', row.get_absolute_url(), text)
    return format_html("{}", text)


@register.simple_tag(takes_context=True)
def sort_link(context: dict[str, Any], column: Column) -> str:
    if not column.order_by:
        return format_html("{}", column.label)
    request = context["request"]
    query: QueryDict = request.GET.copy()
    current = query.get("ordering", "")
    if current == column.order_by:
        target, arrow = f"-{column.order_by}", " ▲"
    elif current == f"-{column.order_by}":
        target, arrow = column.order_by, " ▼"
    else:
        target, arrow = column.order_by, ""
    query["ordering"] = target
    query.pop("page", None)
    return format_html('<a href="?{}">{}{}</a>', query.urlencode(), column.label, arrow)


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], page_number: int) -> str:
    query: QueryDict = context["request"].GET.copy()
    query["page"] = str(page_number)
    return "?" + query.urlencode()


@register.filter
def stance_badge(stance: str | None, label: str | None = None) -> SafeString:
    if not stance:
        return format_html('<span class="text-muted">{}</span>', _("not assessed"))
    return format_html('<span class="stance stance-{}">{}</span>', stance, label or stance.title())


@register.filter
def markdown(text: str | None) -> SafeString:
    """Markdown rendered and then sanitised: no script, no event handlers, safe links only."""
    if not text:
        return mark_safe("")
    html = markdown_lib.markdown(text, extensions=["extra", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 above


@register.filter
def verbose(obj: models.Model, field_name: str) -> str:
    return str(concrete_field(type(obj), field_name).verbose_name).capitalize()


@register.filter
def kind_of(obj: models.Model) -> str:
    """What kind of record ``obj`` is, in the reader's language ("engagement", "réunion")."""
    return str(obj._meta.verbose_name)


@register.filter
def display(obj: models.Model, field_name: str) -> Any:
    getter = getattr(obj, f"get_{field_name}_display", None)
    return getter() if callable(getter) else getattr(obj, field_name)


@register.simple_tag(takes_context=True)
def active_chips(context: dict[str, Any], filterset: Any) -> list[dict[str, str]]:
    """Filters set by a link (hidden in the form) shown as removable chips: label, value, URL without it."""
    form = filterset.form
    if not form.is_bound or not form.is_valid():
        return []
    request = context["request"]
    chips = []
    for field in form.hidden_fields():
        value = form.cleaned_data.get(field.name)
        if value in (None, "", []):
            continue
        query = request.GET.copy()
        query.pop(field.name, None)
        query.pop("page", None)
        chips.append({"label": field.label, "value": str(value), "url": "?" + query.urlencode()})
    return chips


@register.simple_tag
def today(fmt: str = "Y-m-d") -> str:
    """The operation's day (``shrhub.clock.today``), formatted: use it instead of Django's ``now`` tag, which asks
    the server's clock in the request's time zone."""
    from django.utils.dateformat import format as format_date

    from shrhub import clock

    return format_date(clock.today(), fmt)


@register.simple_tag
def clock_now(fmt: str = "Y-m-d H:i") -> str:
    """The current moment (``shrhub.clock.now``) in the operation's time zone, formatted."""
    from django.utils import timezone
    from django.utils.dateformat import format as format_date

    from shrhub import clock

    return format_date(timezone.localtime(clock.now(), timezone.get_default_timezone()), fmt)


@register.filter
def when(moment: datetime.datetime | None, zone: tzinfo | str | None = None) -> str:
    """A moment as its reader should see it: in ``zone`` (a working group's, for its meetings) or the reader's
    own time zone, in their language's format, with the zone named: "4 Dec 2026, 14:05 WAT"."""
    if moment is None or moment == "":
        return ""
    target = ZoneInfo(zone) if isinstance(zone, str) and zone else zone
    local = timezone.localtime(moment, target or None)
    return f"{date_format(local, 'DATETIME_FORMAT')} {zone_abbreviation(local)}"

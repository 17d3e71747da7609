"""Coverage and bias: five bar panels, each bar linking to the records it counts."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..figures.coverage import Coverage
from ..figures.records import Share
from .canvas import MUTED, STANCE_COLOURS, Canvas, Link, keep_url, num, truncate

# A label column, then bars scaled to the panel's largest total.
_LABEL_W, _BAR_W, _ROW_H, _LEFT = 250.0, 380.0, 18.0, 20.0

# (title, what the bars count, the bars)
Panel = tuple[str, str, list[Share]]


def coverage_svg(figure: Coverage, *, link: Link = keep_url) -> Canvas:
    """Five bar panels (sectors, levels, stances, sources, vulnerable groups); each bar links to the records it
    counts. On sources, the darker part is the assessments for which that function was the only corporate
    source."""
    sole = {share.key: share.count for share in figure.sole_sources}
    panels = _panels(figure)
    height = 40.0 + sum(34 + len(shares) * _ROW_H for _title, _note, shares in panels) + 10
    canvas = Canvas(
        "coverage",
        _LEFT + _LABEL_W + _BAR_W + 120,
        height,
        _("Coverage and bias"),
        ngettext(
            "%(in_scope)s stakeholder in scope, %(assessed)s assessed.",
            "%(in_scope)s stakeholders in scope, %(assessed)s assessed.",
            figure.in_scope,
        )
        % {"in_scope": figure.in_scope, "assessed": figure.assessed},
    )
    canvas.add(canvas.text(_LEFT, 22, _("Coverage and bias"), 16, font_weight="bold"))
    y = 40.0
    for title, note, shares in panels:
        canvas.add(canvas.text(_LEFT, y + 20, title, 13, font_weight="bold"))
        canvas.add(canvas.text(_LEFT + _LABEL_W, y + 20, note, 10, fill=MUTED))
        y += 34
        biggest = max((share.total for share in shares), default=0) or 1
        for share in shares:
            canvas.add(_bar(canvas, title, share, y, biggest, sole.get(share.key), link))
            y += _ROW_H
    return canvas


def _panels(figure: Coverage) -> list[Panel]:
    """The panels in the order drawn, their titles and notes translated."""
    of_stakeholders = _("of stakeholders in scope")
    return [
        (_("Sectors"), of_stakeholders, figure.sectors),
        (_("Levels"), of_stakeholders, figure.levels),
        (_("Stances"), of_stakeholders, figure.stances),
        (_("Information sources"), _("of assessments (darker: the only corporate source)"), figure.sources),
        (_("Vulnerable groups represented"), of_stakeholders, figure.vulnerable_groups),
    ]


def _bar(canvas: Canvas, title: str, share: Share, y: float, biggest: int, sole: int | None, link: Link) -> str:
    """One share as a bar linking to the records it counts; ``sole`` (if any) drawn darker over it."""
    length = _BAR_W * share.count / biggest
    parts = [
        canvas.text(_LEFT, y + 12, truncate(str(share.label), 38), 11),
        canvas.element(
            "rect",
            x=_LEFT + _LABEL_W,
            y=y + 2,
            width=float(max(length, 0.0)),
            height=_ROW_H - 5,
            fill=STANCE_COLOURS.get(share.key, "#54aeff"),
        ),
    ]
    if sole:
        parts.append(
            canvas.element(
                "rect",
                x=_LEFT + _LABEL_W,
                y=y + 2,
                width=float(_BAR_W * sole / biggest),
                height=_ROW_H - 5,
                fill="#0550ae",
            )
        )
    measure = _("%(count)s (%(percent)s%%)") % {"count": share.count, "percent": num(100 * share.share)}
    parts.append(canvas.text(_LEFT + _LABEL_W + length + 6, y + 12, measure, 10, fill=MUTED))
    label = _("%(panel)s: %(label)s: %(count)s of %(total)s") % {
        "panel": title,
        "label": share.label,
        "count": share.count,
        "total": share.total,
    }
    return canvas.link(link(share.url), label, *parts)

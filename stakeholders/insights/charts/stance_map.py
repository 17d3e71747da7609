"""The champion/spoiler map: stance (spoiler → champion, unknown apart) against influence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..figures.champion_map import ChampionMap, MapPoint
from ..figures.records import LEVELS, STANCE_AXIS
from ..figures.rules import HIGH_FROM
from .canvas import (
    GRID_LINE,
    MUTED,
    TEXT,
    Canvas,
    Link,
    cell_marks,
    keep_url,
    level_colour,
    level_legend,
    stance_label,
)

# One column per stance (unknown set apart by a gap), one row per influence (5 at the top).
_COLUMNS = [*STANCE_AXIS, "unknown"]
_COL_W, _ROW_H, _STEP, _LEFT, _TOP, _GAP = 150.0, 112.0, 18.0, 80.0, 70.0, 16.0
_HIGH_ROWS = 5 - HIGH_FROM + 1
# The quadrants: shade, first and last column, first and last row (row 0 at the top).
_QUADRANTS = {
    "engage": ("#fde2e1", 0, 2, 0, _HIGH_ROWS),
    "support": ("#dff3e4", 3, 5, 0, _HIGH_ROWS),
    "watch": ("#fff5f5", 0, 2, _HIGH_ROWS, 5),
    "build": ("#f4fbf6", 3, 5, _HIGH_ROWS, 5),
}


def _col_x(i: int) -> float:
    return _LEFT + i * _COL_W + (_GAP if i == len(STANCE_AXIS) else 0)


def stance_map_svg(figure: ChampionMap, *, more_url: Callable[..., str], link: Link = keep_url) -> Canvas:
    """Stance (spoiler → champion, unknown apart) against influence, one dot per stakeholder coloured by level
    and sized by interest; the influential spoilers' and champions' quadrants named and shaded."""
    quadrants = "; ".join(
        _("%(quadrant)s: %(count)s") % {"quadrant": str(q.label), "count": q.count} for q in figure.quadrants
    )
    canvas = Canvas(
        "stance-map",
        _col_x(len(_COLUMNS)) + 20,
        _TOP + 5 * _ROW_H + 70,
        _("Champion/spoiler map: stance against influence"),
        ngettext(
            "%(assessed)s assessed stakeholder of %(in_scope)s in scope.",
            "%(assessed)s assessed stakeholders of %(in_scope)s in scope.",
            figure.assessed,
        )
        % {"assessed": figure.assessed, "in_scope": figure.in_scope}
        + " "
        + quadrants,
    )
    _quadrants(canvas, figure)
    _grid_lines(canvas)
    _axes(canvas)
    _marks(canvas, figure, more_url, link)
    return canvas


def _quadrants(canvas: Canvas, figure: ChampionMap) -> None:
    """The four quadrants shaded and named, with their counts (the influential ones in bold)."""
    for key, (fill, c0, c1, r0, r1) in _QUADRANTS.items():
        x, y = _col_x(c0), _TOP + r0 * _ROW_H
        canvas.add(canvas.element("rect", x=x, y=y, width=(c1 - c0) * _COL_W, height=(r1 - r0) * _ROW_H, fill=fill))
        bucket = figure.quadrant(key)
        name = _("%(quadrant)s — %(action)s (%(count)s)") % {
            "quadrant": str(bucket.label),
            "action": str(bucket.action).lower(),
            "count": bucket.count,
        }
        high = r0 == 0
        canvas.add(
            canvas.text(x + 6, y + 14, name, 12, font_weight="bold" if high else None, fill=TEXT if high else MUTED)
        )


def _grid_lines(canvas: Canvas) -> None:
    """The cells' lines, and the dashed line between high and low influence."""
    right = _col_x(len(_COLUMNS) - 1) + _COL_W
    for i in range(len(_COLUMNS) + 1):
        x = _col_x(min(i, len(_COLUMNS) - 1)) + (_COL_W if i == len(_COLUMNS) else 0)
        canvas.add(canvas.element("line", x1=x, y1=_TOP, x2=x, y2=_TOP + 5 * _ROW_H, stroke=GRID_LINE))
    for r in range(6):
        y = _TOP + r * _ROW_H
        canvas.add(canvas.element("line", x1=_LEFT, y1=y, x2=right, y2=y, stroke=GRID_LINE))
    high_y = _TOP + _HIGH_ROWS * _ROW_H
    canvas.add(canvas.element("line", x1=_LEFT, y1=high_y, x2=right, y2=high_y, stroke=MUTED, stroke_dasharray="4 3"))


def _axes(canvas: Canvas) -> None:
    """Axis labels, title and legend."""
    bottom = _TOP + 5 * _ROW_H
    for i, stance in enumerate(_COLUMNS):
        label = stance_label(stance, stance)
        canvas.add(canvas.text(_col_x(i) + _COL_W / 2, bottom + 18, label, 12, text_anchor="middle"))
    canvas.add(
        canvas.text(
            _LEFT + 2.5 * _COL_W, bottom + 38, _("Stance: spoiler → champion"), 12, text_anchor="middle", fill=MUTED
        )
    )
    for influence in range(1, 6):
        y = _TOP + (5 - influence) * _ROW_H + _ROW_H / 2 + 4
        label = _("Influence %(influence)s") % {"influence": influence}
        canvas.add(canvas.text(_LEFT - 8, y, label, 11, text_anchor="end"))
    canvas.add(canvas.text(_LEFT, 22, _("Champion/spoiler map"), 16, font_weight="bold"))
    level_legend(canvas, _LEFT, 48)


def map_cells(points: list[MapPoint]) -> dict[tuple[str, int], list[MapPoint]]:
    """The points by (stance, influence), each cell's by level, then interest (high first), then name."""
    cells: dict[tuple[str, int], list[MapPoint]] = defaultdict(list)
    for point in points:
        cells[(point.stance, point.influence)].append(point)
    for cell in cells.values():
        cell.sort(key=lambda p: (LEVELS.index(p.actor.level), -p.interest, p.actor.name, p.actor.id))
    return cells


def _marks(canvas: Canvas, figure: ChampionMap, more_url: Callable[..., str], link: Link) -> None:
    """Each cell's dots; the overflow links to the registry list of that cell."""
    cells = map_cells(figure.points)
    for i, stance in enumerate(_COLUMNS):
        for influence in range(1, 6):
            cell_marks(
                canvas,
                cells.get((stance, influence), []),
                (_col_x(i) + 3, _TOP + (5 - influence) * _ROW_H + 20),
                (8, 5),
                _STEP,
                level_colour,
                link,
                more_url(stance=stance, influence_min=influence, ordering="influence"),
            )

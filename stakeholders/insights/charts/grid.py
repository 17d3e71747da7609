"""The influence x interest grid: one column per interest, one row per influence (5 at the top)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.utils.translation import gettext as _

from ..figures.champion_map import ChampionMap, MapPoint
from ..figures.records import STANCE_AXIS
from ..figures.rules import HIGH_FROM
from .canvas import GRID_LINE, Canvas, Link, cell_marks, keep_url, stance_colour, stance_legend

_CELL_W, _CELL_H, _STEP, _LEFT, _TOP = 110.0, 92.0, 18.0, 80.0, 70.0
_STANCES = [*STANCE_AXIS, "unknown"]
_SPLIT = HIGH_FROM - 1  # columns/rows 0.._SPLIT-1 are low
# The named cells: shade, first and last column, first and last row (row 0 at the top).
_REGIONS = {
    "manage_closely": ("#fde8d7", _SPLIT, 5, 0, 5 - _SPLIT),
    "keep_satisfied": ("#eef2f7", 0, _SPLIT, 0, 5 - _SPLIT),
    "keep_informed": ("#eef7ee", _SPLIT, 5, 5 - _SPLIT, 5),
    "monitor": ("#f6f8fa", 0, _SPLIT, 5 - _SPLIT, 5),
}


def grid_svg(figure: ChampionMap, *, more_url: Callable[..., str], link: Link = keep_url) -> Canvas:
    """Influence against interest, one dot per stakeholder coloured by stance, in the four named cells."""
    canvas = Canvas(
        "grid",
        _LEFT + 5 * _CELL_W + 30,
        _TOP + 5 * _CELL_H + 60,
        _("Influence × interest grid"),
        "; ".join(_("%(action)s: %(count)s") % {"action": str(b.action), "count": b.count} for b in figure.grid),
    )
    _regions(canvas, figure)
    _axes(canvas)
    _marks(canvas, figure, more_url, link)
    return canvas


def _regions(canvas: Canvas, figure: ChampionMap) -> None:
    """The four cells of the grid shaded and named, with their counts."""
    for key, (fill, c0, c1, r0, r1) in _REGIONS.items():
        x, y = _LEFT + c0 * _CELL_W, _TOP + r0 * _CELL_H
        canvas.add(canvas.element("rect", x=x, y=y, width=(c1 - c0) * _CELL_W, height=(r1 - r0) * _CELL_H, fill=fill))
        bucket = figure.grid_cell(key)
        name = _("%(action)s (%(count)s)") % {"action": str(bucket.action), "count": bucket.count}
        canvas.add(canvas.text(x + 6, y + 14, name, 12, font_weight="bold"))


def _axes(canvas: Canvas) -> None:
    """Grid lines, axis labels, title and legend."""
    right, bottom = _LEFT + 5 * _CELL_W, _TOP + 5 * _CELL_H
    for i in range(6):
        x, y = _LEFT + i * _CELL_W, _TOP + i * _CELL_H
        canvas.add(canvas.element("line", x1=x, y1=_TOP, x2=x, y2=bottom, stroke=GRID_LINE))
        canvas.add(canvas.element("line", x1=_LEFT, y1=y, x2=right, y2=y, stroke=GRID_LINE))
    for interest in range(1, 6):
        label = _("Interest %(interest)s") % {"interest": interest}
        canvas.add(canvas.text(_LEFT + (interest - 0.5) * _CELL_W, bottom + 18, label, 11, text_anchor="middle"))
    for influence in range(1, 6):
        label = _("Influence %(influence)s") % {"influence": influence}
        y = _TOP + (5 - influence + 0.5) * _CELL_H + 4
        canvas.add(canvas.text(_LEFT - 8, y, label, 11, text_anchor="end"))
    canvas.add(canvas.text(_LEFT, 22, _("Influence × interest"), 16, font_weight="bold"))
    stance_legend(canvas, _LEFT, 48, _STANCES)


def grid_cells(points: list[MapPoint]) -> dict[tuple[int, int], list[MapPoint]]:
    """The points by (interest, influence), each cell's by stance (spoiler first), then name."""
    order = {stance: i for i, stance in enumerate(_STANCES)}
    cells: dict[tuple[int, int], list[MapPoint]] = defaultdict(list)
    for point in points:
        cells[(point.interest, point.influence)].append(point)
    for cell in cells.values():
        cell.sort(key=lambda p: (order.get(p.stance, 9), p.actor.name, p.actor.id))
    return cells


def _marks(canvas: Canvas, figure: ChampionMap, more_url: Callable[..., str], link: Link) -> None:
    """Each cell's dots; the overflow links to the registry list of that cell's influence."""
    cells = grid_cells(figure.points)
    for interest in range(1, 6):
        for influence in range(1, 6):
            cell_marks(
                canvas,
                cells.get((interest, influence), []),
                (_LEFT + (interest - 1) * _CELL_W + 1, _TOP + (5 - influence) * _CELL_H + 18),
                (6, 4),
                _STEP,
                stance_colour,
                link,
                more_url(influence_min=influence, ordering="-influence"),
            )

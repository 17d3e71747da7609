"""Server-drawn SVG charts of the manager views.

Every chart is a standalone SVG document (title and description for screen readers, white background,
presentation attributes only: no ``<style>``, no script), so the same markup is shown inline on the page,
downloaded as ``.svg`` and rendered to ``.png``. Every mark is an ``<a>`` to its stakeholder; where a cell holds
more marks than fit, the overflow is one "+N" mark linking to the registry list with the same filters.
Charts draw at most a fixed number of marks, so their size does not grow with the registry.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape

from .figures.champion_map import ChampionMap, MapPoint
from .figures.coordination import Coordination, OrgNode
from .figures.coverage import Coverage
from .figures.network import Network, NetworkEdge, NetworkNode
from .figures.records import LEVEL_LABELS, LEVELS, STANCE_AXIS, STANCE_LABELS, Share
from .figures.round_changes import Move, RoundChanges
from .figures.rules import HIGH_FROM

FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
STANCE_COLOURS = {
    "champion": "#1a7f37",
    "supporter": "#57ab5a",
    "neutral": "#6e7781",
    "sceptic": "#d4a72c",
    "spoiler": "#cf222e",
    "unknown": "#8c959f",
    None: "#d0d7de",
}
LEVEL_COLOURS = {"national": "#1f4e9c", "regional": "#8250df", "local": "#e16f24"}
TEXT = "#1f2328"
MUTED = "#57606a"
GRID_LINE = "#d0d7de"
NETWORK_DRAW_LIMIT = 150
CHANGES_DRAW_LIMIT = 60
HIERARCHY_DRAW_LIMIT = 150

Link = Callable[[str], str]


def _same(url: str) -> str:
    return url


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Canvas:
    """An SVG document built from escaped parts."""

    def __init__(self, key: str, width: float, height: float, title: str, description: str):
        self.key, self.width, self.height = key, width, height
        self.title, self.description = title, description
        self.parts: list[str] = []

    @staticmethod
    def element(tag: str, content: str | None = None, **attrs: Any) -> str:
        rendered = []
        for name, value in attrs.items():
            if value is None:
                continue
            name = name.rstrip("_").replace("_", "-")
            value = _num(value) if isinstance(value, float) else value
            rendered.append(f' {name}="{escape(value)}"')
        joined = "".join(rendered)
        return f"<{tag}{joined}/>" if content is None else f"<{tag}{joined}>{content}</{tag}>"

    def add(self, *parts: str) -> None:
        self.parts.extend(parts)

    def text(self, x: float, y: float, content: str, size: float = 12, **attrs: Any) -> str:
        attrs.setdefault("fill", TEXT)
        return self.element("text", str(escape(content)), x=float(x), y=float(y), font_size=float(size), **attrs)

    @staticmethod
    def link(url: str, label: str, *children: str) -> str:
        inner = Canvas.element("title", str(escape(label))) + "".join(children)
        return Canvas.element("a", inner, href=url, aria_label=label)

    def render(self, *, inline: bool = False) -> str:
        """The document; ``inline`` leaves out the pixel size so that the chart scales to the page."""
        size = {} if inline else {"width": float(self.width), "height": float(self.height)}
        head = (
            self.element("title", str(escape(self.title)), id=f"{self.key}-title")
            + self.element("desc", str(escape(self.description)), id=f"{self.key}-desc")
            + self.element("rect", x=0.0, y=0.0, width=float(self.width), height=float(self.height), fill="#ffffff")
        )
        return self.element(
            "svg",
            head + "".join(self.parts),
            xmlns="http://www.w3.org/2000/svg",
            viewBox=f"0 0 {_num(self.width)} {_num(self.height)}",
            role="img",
            aria_labelledby=f"{self.key}-title {self.key}-desc",
            font_family=FONT,
            **size,
        )


def _pack(n: int, columns: int) -> list[tuple[int, int]]:
    return [(i % columns, i // columns) for i in range(n)]


def _cell_marks(
    canvas: Canvas,
    points: list[MapPoint],
    x0: float,
    y0: float,
    columns: int,
    rows: int,
    step: float,
    colour: Callable[[MapPoint], str],
    link: Link,
    more_url: str,
) -> None:
    """Dots packed in a cell, each linking to its stakeholder; the overflow as one "+N" link."""
    capacity = columns * rows
    shown = points if len(points) <= capacity else points[: capacity - 1]
    for point, (col, row) in zip(shown, _pack(len(shown), columns), strict=True):
        cx, cy = x0 + step / 2 + col * step, y0 + step / 2 + row * step
        radius = 2.6 + point.interest * 0.8
        label = (
            f"{point.actor.name}: {STANCE_LABELS.get(point.stance, point.stance)}, influence {point.influence}, "
            f"interest {point.interest}, {LEVEL_LABELS.get(point.actor.level, point.actor.level)}"
        )
        canvas.add(
            canvas.link(
                link(point.actor.url),
                label,
                canvas.element(
                    "circle",
                    cx=float(cx),
                    cy=float(cy),
                    r=float(radius),
                    fill=colour(point),
                    stroke="#ffffff",
                    stroke_width=1.0,
                ),
            )
        )
    if len(points) > capacity:
        col, row = (capacity - 1) % columns, (capacity - 1) // columns
        rest = len(points) - len(shown)
        canvas.add(
            canvas.link(
                link(more_url),
                f"{rest} more stakeholders in this cell",
                canvas.text(x0 + col * step + 1, y0 + row * step + step * 0.7, f"+{rest}", 10, font_weight="bold"),
            )
        )


def _level_legend(canvas: Canvas, x: float, y: float) -> None:
    canvas.add(canvas.text(x, y, "Colour: level", 11, fill=MUTED))
    for i, level in enumerate(LEVELS):
        lx = x + 90 + i * 95
        canvas.add(canvas.element("circle", cx=float(lx), cy=float(y - 4), r=6.0, fill=LEVEL_COLOURS[level]))
        canvas.add(canvas.text(lx + 10, y, LEVEL_LABELS[level], 11))
    sx = x + 90 + 3 * 95 + 20
    canvas.add(canvas.text(sx, y, "Size: interest 1\u20135", 11, fill=MUTED))
    for i, interest in enumerate((1, 3, 5)):
        canvas.add(
            canvas.element("circle", cx=float(sx + 120 + i * 20), cy=float(y - 4), r=2.6 + interest * 0.8, fill=MUTED)
        )


def _stance_legend(canvas: Canvas, x: float, y: float, stances: Iterable[str]) -> None:
    canvas.add(canvas.text(x, y, "Colour: stance", 11, fill=MUTED))
    for i, stance in enumerate(stances):
        lx = x + 95 + i * 88
        canvas.add(canvas.element("circle", cx=float(lx), cy=float(y - 4), r=6.0, fill=STANCE_COLOURS[stance]))
        canvas.add(canvas.text(lx + 10, y, STANCE_LABELS.get(stance, stance), 11))


# 1. The champion/spoiler map ---------------------------------------------------------------------------------


# The stance map: one column per stance (unknown set apart by a gap), one row per influence (5 at the top).
_MAP_COLUMNS = [*STANCE_AXIS, "unknown"]
_MAP_COL_W, _MAP_ROW_H, _MAP_STEP, _MAP_LEFT, _MAP_TOP, _MAP_GAP = 150.0, 112.0, 18.0, 80.0, 70.0, 16.0
_MAP_HIGH_ROWS = 5 - HIGH_FROM + 1


def _map_col_x(i: int) -> float:
    return _MAP_LEFT + i * _MAP_COL_W + (_MAP_GAP if i == len(STANCE_AXIS) else 0)


def stance_map_svg(figure: ChampionMap, *, more_url: Callable[..., str], link: Link = _same) -> Canvas:
    """Stance (spoiler → champion, unknown apart) against influence, one dot per stakeholder coloured by level
    and sized by interest; the influential spoilers' and champions' quadrants named and shaded."""
    canvas = Canvas(
        "stance-map",
        _map_col_x(len(_MAP_COLUMNS)) + 20,
        _MAP_TOP + 5 * _MAP_ROW_H + 70,
        "Champion/spoiler map: stance against influence",
        f"{figure.assessed} assessed stakeholders of {figure.in_scope} in scope. "
        + "; ".join(f"{q.label}: {q.count}" for q in figure.quadrants),
    )
    _stance_map_quadrants(canvas, figure)
    _stance_map_axes(canvas)
    _stance_map_marks(canvas, figure, more_url, link)
    return canvas


def _stance_map_quadrants(canvas: Canvas, figure: ChampionMap) -> None:
    """The four quadrants shaded and named, with their counts (the influential ones in bold)."""
    high_rows = _MAP_HIGH_ROWS
    shades = {
        "engage": ("#fde2e1", 0, 2, 0, high_rows),
        "support": ("#dff3e4", 3, 5, 0, high_rows),
        "watch": ("#fff5f5", 0, 2, high_rows, 5),
        "build": ("#f4fbf6", 3, 5, high_rows, 5),
    }
    for key, (fill, c0, c1, r0, r1) in shades.items():
        x, y = _map_col_x(c0), _MAP_TOP + r0 * _MAP_ROW_H
        canvas.add(
            canvas.element("rect", x=x, y=y, width=(c1 - c0) * _MAP_COL_W, height=(r1 - r0) * _MAP_ROW_H, fill=fill)
        )
        bucket = figure.quadrant(key)
        canvas.add(
            canvas.text(
                x + 6,
                y + 14,
                f"{bucket.label} — {bucket.action.lower()} ({bucket.count})",
                12,
                font_weight="bold" if r0 == 0 else None,
                fill=TEXT if r0 == 0 else MUTED,
            )
        )


def _stance_map_axes(canvas: Canvas) -> None:
    """Grid lines, the dashed line between high and low influence, axis labels, title and legend."""
    columns, left, top, row_h = _MAP_COLUMNS, _MAP_LEFT, _MAP_TOP, _MAP_ROW_H
    right = _map_col_x(len(columns) - 1) + _MAP_COL_W
    for i in range(len(columns) + 1):
        x = _map_col_x(min(i, len(columns) - 1)) + (_MAP_COL_W if i == len(columns) else 0)
        canvas.add(canvas.element("line", x1=x, y1=top, x2=x, y2=top + 5 * row_h, stroke=GRID_LINE))
    for r in range(6):
        y = top + r * row_h
        canvas.add(canvas.element("line", x1=left, y1=y, x2=right, y2=y, stroke=GRID_LINE))
    high_y = top + _MAP_HIGH_ROWS * row_h
    canvas.add(canvas.element("line", x1=left, y1=high_y, x2=right, y2=high_y, stroke=MUTED, stroke_dasharray="4 3"))
    for i, stance in enumerate(columns):
        canvas.add(
            canvas.text(
                _map_col_x(i) + _MAP_COL_W / 2, top + 5 * row_h + 18, STANCE_LABELS[stance], 12, text_anchor="middle"
            )
        )
    canvas.add(
        canvas.text(
            left + 2.5 * _MAP_COL_W,
            top + 5 * row_h + 38,
            "Stance: spoiler → champion",
            12,
            text_anchor="middle",
            fill=MUTED,
        )
    )
    for influence in range(1, 6):
        y = top + (5 - influence) * row_h + row_h / 2 + 4
        canvas.add(canvas.text(left - 8, y, f"Influence {influence}", 11, text_anchor="end"))
    canvas.add(canvas.text(left, 22, "Champion/spoiler map", 16, font_weight="bold"))
    _level_legend(canvas, left, 48)


def _stance_map_marks(canvas: Canvas, figure: ChampionMap, more_url: Callable[..., str], link: Link) -> None:
    """Each cell's dots, by level, then interest (high first), then name; the overflow links to the list."""
    cells: dict[tuple[str, int], list[MapPoint]] = defaultdict(list)
    for point in figure.points:
        cells[(point.stance, point.influence)].append(point)
    for i, stance in enumerate(_MAP_COLUMNS):
        for influence in range(1, 6):
            points = sorted(
                cells.get((stance, influence), []),
                key=lambda p: (LEVELS.index(p.actor.level), -p.interest, p.actor.name, p.actor.id),
            )
            _cell_marks(
                canvas,
                points,
                _map_col_x(i) + 3,
                _MAP_TOP + (5 - influence) * _MAP_ROW_H + 20,
                8,
                5,
                _MAP_STEP,
                _level_colour,
                link,
                more_url(stance=stance, influence_min=influence, ordering="influence"),
            )


def _level_colour(point: MapPoint) -> str:
    return LEVEL_COLOURS.get(point.actor.level, MUTED)


def _stance_colour(point: MapPoint) -> str:
    return STANCE_COLOURS.get(point.stance, MUTED)


# The influence x interest grid: one column per interest, one row per influence (5 at the top).
_GRID_CELL_W, _GRID_CELL_H, _GRID_STEP, _GRID_LEFT, _GRID_TOP = 110.0, 92.0, 18.0, 80.0, 70.0


def grid_svg(figure: ChampionMap, *, more_url: Callable[..., str], link: Link = _same) -> Canvas:
    """Influence against interest, one dot per stakeholder coloured by stance, in the four named cells."""
    canvas = Canvas(
        "grid",
        _GRID_LEFT + 5 * _GRID_CELL_W + 30,
        _GRID_TOP + 5 * _GRID_CELL_H + 60,
        "Influence \u00d7 interest grid",
        "; ".join(f"{b.action}: {b.count}" for b in figure.grid),
    )
    _grid_regions(canvas, figure)
    _grid_axes(canvas)
    _grid_marks(canvas, figure, more_url, link)
    return canvas


def _grid_regions(canvas: Canvas, figure: ChampionMap) -> None:
    """The four cells of the grid shaded and named, with their counts."""
    left, top, cell_w, cell_h = _GRID_LEFT, _GRID_TOP, _GRID_CELL_W, _GRID_CELL_H
    split = HIGH_FROM - 1  # columns/rows 0..split-1 are low
    regions = {
        "manage_closely": ("#fde8d7", split, 5, 0, 5 - split),
        "keep_satisfied": ("#eef2f7", 0, split, 0, 5 - split),
        "keep_informed": ("#eef7ee", split, 5, 5 - split, 5),
        "monitor": ("#f6f8fa", 0, split, 5 - split, 5),
    }
    for key, (fill, c0, c1, r0, r1) in regions.items():
        x, y = left + c0 * cell_w, top + r0 * cell_h
        canvas.add(canvas.element("rect", x=x, y=y, width=(c1 - c0) * cell_w, height=(r1 - r0) * cell_h, fill=fill))
        bucket = figure.grid_cell(key)
        canvas.add(canvas.text(x + 6, y + 14, f"{bucket.action} ({bucket.count})", 12, font_weight="bold"))


def _grid_axes(canvas: Canvas) -> None:
    """Grid lines, axis labels, title and legend."""
    left, top, cell_w, cell_h = _GRID_LEFT, _GRID_TOP, _GRID_CELL_W, _GRID_CELL_H
    for i in range(6):
        canvas.add(
            canvas.element(
                "line", x1=left + i * cell_w, y1=top, x2=left + i * cell_w, y2=top + 5 * cell_h, stroke=GRID_LINE
            )
        )
        canvas.add(
            canvas.element(
                "line", x1=left, y1=top + i * cell_h, x2=left + 5 * cell_w, y2=top + i * cell_h, stroke=GRID_LINE
            )
        )
    for interest in range(1, 6):
        canvas.add(
            canvas.text(
                left + (interest - 0.5) * cell_w,
                top + 5 * cell_h + 18,
                f"Interest {interest}",
                11,
                text_anchor="middle",
            )
        )
    for influence in range(1, 6):
        canvas.add(
            canvas.text(
                left - 8, top + (5 - influence + 0.5) * cell_h + 4, f"Influence {influence}", 11, text_anchor="end"
            )
        )
    canvas.add(canvas.text(left, 22, "Influence \u00d7 interest", 16, font_weight="bold"))
    _stance_legend(canvas, left, 48, [*STANCE_AXIS, "unknown"])


def _grid_marks(canvas: Canvas, figure: ChampionMap, more_url: Callable[..., str], link: Link) -> None:
    """Each cell's dots, by stance (spoiler first), then name; the overflow links to the list."""
    cells: dict[tuple[int, int], list[MapPoint]] = defaultdict(list)
    for point in figure.points:
        cells[(point.interest, point.influence)].append(point)
    order = {stance: i for i, stance in enumerate([*STANCE_AXIS, "unknown"])}
    for interest in range(1, 6):
        for influence in range(1, 6):
            points = sorted(
                cells.get((interest, influence), []),
                key=lambda p: (order.get(p.stance, 9), p.actor.name, p.actor.id),
            )
            _cell_marks(
                canvas,
                points,
                _GRID_LEFT + (interest - 1) * _GRID_CELL_W + 1,
                _GRID_TOP + (5 - influence) * _GRID_CELL_H + 18,
                6,
                4,
                _GRID_STEP,
                _stance_colour,
                link,
                more_url(influence_min=influence, ordering="-influence"),
            )


# 2. Change between rounds -----------------------------------------------------------------------------------


def changes_svg(figure: RoundChanges, *, link: Link = _same) -> Canvas:
    """One row per stakeholder whose stance moved (towards spoiler first, largest moves first): a hollow dot
    at the earlier stance, a filled one at the later, joined by a line coloured by direction."""
    movers: list[Move] = [*figure.moved_down, *figure.moved_up, *figure.unclear]
    shown = movers[:CHANGES_DRAW_LIMIT]
    left, axis_x, step, row_h, top = 20.0, 300.0, 90.0, 20.0, 92.0
    columns = [*STANCE_AXIS, "unknown"]
    width = axis_x + step * len(columns) + 20
    height = top + max(1, len(shown)) * row_h + 50
    before = figure.before.name if figure.before else "—"
    after = figure.after.name if figure.after else "—"
    summary = (
        f"{len(figure.moved_up)} moved towards champion, {len(figure.moved_down)} towards spoiler, "
        f"{len(figure.unclear)} unclear, {len(figure.unchanged)} unchanged, {len(figure.new)} new, "
        f"{len(figure.not_reassessed)} not reassessed"
    )
    canvas = Canvas("changes", width, height, f"Change between {before} and {after}", summary)
    canvas.add(canvas.text(left, 22, f"{before} → {after}", 16, font_weight="bold"))
    canvas.add(canvas.text(left, 42, summary, 11, fill=MUTED))
    for i, stance in enumerate(columns):
        x = axis_x + i * step
        canvas.add(canvas.text(x, top - 14, STANCE_LABELS[stance], 11, text_anchor="middle"))
        canvas.add(canvas.element("line", x1=x, y1=top - 6, x2=x, y2=top + len(shown) * row_h, stroke=GRID_LINE))
    colours = {"down": STANCE_COLOURS["spoiler"], "up": STANCE_COLOURS["champion"], "unclear": MUTED}
    if not shown:
        canvas.add(canvas.text(left, top + 14, "Nobody's stance moved between these rounds.", 12, fill=MUTED))
    for row, move in enumerate(shown):
        y = top + row * row_h + row_h / 2
        x0 = axis_x + columns.index(move.before_stance or "unknown") * step
        x1 = axis_x + columns.index(move.after_stance or "unknown") * step
        colour = colours[move.direction]
        label = (
            f"{move.actor.name}: {STANCE_LABELS.get(move.before_stance, '—')} → "
            f"{STANCE_LABELS.get(move.after_stance, '—')}"
        )
        canvas.add(
            canvas.link(
                link(move.actor.url),
                label,
                canvas.text(left, y + 4, _truncate(move.actor.name, 40), 11),
                canvas.element("line", x1=x0, y1=y, x2=x1, y2=y, stroke=colour, stroke_width=2.0),
                canvas.element("circle", cx=x0, cy=y, r=5.0, fill="#ffffff", stroke=colour, stroke_width=2.0),
                canvas.element("circle", cx=x1, cy=y, r=5.0, fill=colour),
            )
        )
    if len(movers) > len(shown):
        canvas.add(
            canvas.text(
                left,
                top + len(shown) * row_h + 20,
                f"Showing the {len(shown)} largest moves of {len(movers)}; the table and CSV list all.",
                11,
                fill=MUTED,
            )
        )
    return canvas


# 3. The relationship network --------------------------------------------------------------------------------


# The network: three bands (national, regional, local) one above the other.
_NET_SPACING, _NET_LEFT, _NET_TOP, _NET_BAND_H = 24.0, 110.0, 80.0, 170.0


@dataclass
class _NetworkLayout:
    """Where each drawn node sits: its band (by level) and its position."""

    width: float
    height: float
    bands: dict[str, list[NetworkNode]]
    x_of: dict[int, float] = field(default_factory=dict)
    y_of: dict[int, float] = field(default_factory=dict)


def network_svg(figure: Network, *, link: Link = _same) -> Canvas:
    """The graph in three bands (national, regional, local), nodes coloured by stance and sized by brokerage;
    the best-ranked ``NETWORK_DRAW_LIMIT`` nodes and the ties between them; opposition dashed red."""
    drawn = figure.nodes[:NETWORK_DRAW_LIMIT]
    ids = {node.actor.id for node in drawn}
    edges = [edge for edge in figure.edges if edge.source in ids and edge.target in ids]
    layout = _network_layout(drawn, edges)
    canvas = Canvas(
        "network",
        layout.width,
        layout.height,
        "Relationship network with brokers",
        f"{len(figure.nodes)} connected stakeholders, {len(figure.edges)} ties, {len(figure.brokers)} brokers "
        f"between national and local actors; drawn: {len(drawn)} best-ranked stakeholders.",
    )
    canvas.add(canvas.text(20, 22, "Relationship network", 16, font_weight="bold"))
    _stance_legend(canvas, 20, 46, [*STANCE_AXIS, "unknown"])
    for band, level in enumerate(LEVELS):
        y = _NET_TOP + band * _NET_BAND_H
        canvas.add(
            canvas.element(
                "line", x1=_NET_LEFT - 10, y1=y, x2=layout.width - 20, y2=y, stroke=GRID_LINE, stroke_dasharray="2 4"
            )
        )
        canvas.add(canvas.text(20, y + 4, LEVEL_LABELS[level], 12, font_weight="bold"))
    for edge in edges:
        canvas.add(_network_tie(canvas, edge, layout))
    _network_nodes(canvas, figure, drawn, layout, link)
    if len(figure.nodes) > len(drawn):
        canvas.add(
            canvas.text(
                20,
                layout.height - 14,
                f"Showing the {len(drawn)} best-ranked of {len(figure.nodes)} connected stakeholders: "
                "filter by jurisdiction to see all.",
                11,
                fill=MUTED,
            )
        )
    return canvas


def _network_layout(drawn: list[NetworkNode], edges: list[NetworkEdge]) -> _NetworkLayout:
    """Nodes in their level's band: the national band by name, each band below by the mean position of the
    neighbours already placed (fewer crossings), then by name; each band centred."""
    bands: dict[str, list[NetworkNode]] = {level: [] for level in LEVELS}
    for node in drawn:
        bands.setdefault(node.actor.level, []).append(node)
    widest = max((len(nodes) for nodes in bands.values()), default=1)
    width = max(760.0, _NET_LEFT + widest * _NET_SPACING + 40)
    layout = _NetworkLayout(width, _NET_TOP + _NET_BAND_H * 2 + 110, bands)
    neighbours: dict[int, list[int]] = defaultdict(list)
    for edge in edges:
        neighbours[edge.source].append(edge.target)
        neighbours[edge.target].append(edge.source)
    for band, level in enumerate(LEVELS):
        nodes = bands[level]
        if band:
            nodes.sort(
                key=lambda n: (_barycentre(neighbours[n.actor.id], layout.x_of, width / 2), n.actor.name, n.actor.id)
            )
        else:
            nodes.sort(key=lambda n: (n.actor.name, n.actor.id))
        span = (len(nodes) - 1) * _NET_SPACING
        start = _NET_LEFT + (width - _NET_LEFT - 40 - span) / 2
        for i, node in enumerate(nodes):
            layout.x_of[node.actor.id] = start + i * _NET_SPACING
            layout.y_of[node.actor.id] = _NET_TOP + band * _NET_BAND_H
    return layout


def _barycentre(neighbours: list[int], x_of: dict[int, float], default: float) -> float:
    """The mean position of the neighbours already placed; ``default`` if none is."""
    placed = [x_of[n] for n in neighbours if n in x_of]
    return sum(placed) / len(placed) if placed else default


def _network_tie(canvas: Canvas, edge: NetworkEdge, layout: _NetworkLayout) -> str:
    """One tie: a line between bands, an arc within one; opposition dashed red, alliance green."""
    opposed = edge.kind == "opposed_to"
    x1, y1 = layout.x_of[edge.source], layout.y_of[edge.source]
    x2, y2 = layout.x_of[edge.target], layout.y_of[edge.target]
    if y1 == y2:  # a tie within one level: an arc above the band, not a line along it
        bulge = min(70.0, abs(x2 - x1) / 3 + 12)
        d = f"M{_num(x1)} {_num(y1)} Q{_num((x1 + x2) / 2)} {_num(y1 - bulge)} {_num(x2)} {_num(y2)}"
    else:
        d = f"M{_num(x1)} {_num(y1)} L{_num(x2)} {_num(y2)}"
    return canvas.element(
        "path",
        d=d,
        fill="none",
        stroke=STANCE_COLOURS["spoiler"] if opposed else ("#57ab5a" if edge.kind == "allied_with" else "#8c959f"),
        stroke_opacity=0.8 if opposed else 0.55,
        stroke_width=1.2,
        stroke_dasharray="4 3" if opposed else None,
    )


def _network_nodes(
    canvas: Canvas, figure: Network, drawn: list[NetworkNode], layout: _NetworkLayout, link: Link
) -> None:
    """Each node a dot sized by brokerage, linking to its stakeholder; the ten best brokers named."""
    top_brokerage = max((node.brokerage for node in drawn), default=0.0) or 1.0
    labelled = {node.actor.id for node in figure.brokers[:10]}
    # Stagger the labels of each band so that neighbours do not print over each other.
    offsets: dict[int, float] = {}
    for level in LEVELS:
        row = sorted((n for n in layout.bands[level] if n.actor.id in labelled), key=lambda n: layout.x_of[n.actor.id])
        for i, node in enumerate(row):
            offsets[node.actor.id] = 14.0 + 13.0 * (i % 3)
    for node in drawn:
        x, y = layout.x_of[node.actor.id], layout.y_of[node.actor.id]
        radius = 4.0 + 7.0 * math.sqrt(node.brokerage / top_brokerage)
        label = (
            f"{node.actor.name} ({LEVEL_LABELS.get(node.actor.level, node.actor.level)}, "
            f"{STANCE_LABELS.get(node.stance, 'not assessed')}): brokerage {_num(node.brokerage)}, {node.degree} ties"
        )
        parts = [
            canvas.element(
                "circle",
                cx=x,
                cy=y,
                r=radius,
                fill=STANCE_COLOURS.get(node.stance, MUTED),
                stroke="#ffffff",
                stroke_width=1.0,
            )
        ]
        if node.actor.id in labelled:
            anchor_y = y + offsets[node.actor.id] + 4
            parts.append(
                canvas.text(x, anchor_y, _truncate(node.actor.name, 26), 10, text_anchor="middle", font_weight="bold")
            )
        canvas.add(canvas.link(link(node.actor.url), label, *parts))


# 4. National ↔ local coordination ----------------------------------------------------------------------------


# The hierarchy: one column per level; a box per organisation, indented under its parent within a level.
_ORG_COL_X = {"national": 20.0, "regional": 330.0, "local": 640.0}
_ORG_BOX_W, _ORG_ROW_H, _ORG_TOP, _ORG_INDENT_W = 280.0, 26.0, 70.0, 16.0

# (organisation, the row of its parent or None, indent within its column)
_OrgRow = tuple[OrgNode, "int | None", int]


def coordination_svg(figure: Coordination, *, link: Link = _same) -> Canvas:
    """The organisation chains, one row per organisation, in three columns by level; stance on each box;
    chains with flags first; a red outline marks a stance diverging from the chain above, orange a national
    engagement without an engaged local counterpart."""
    chains = [tree for tree in figure.trees if tree.children]
    rows: list[_OrgRow] = []
    for tree in sorted(chains, key=lambda t: not _has_flags(t)):
        _add_rows(rows, tree, None, 0)
    height = _ORG_TOP + max(1, len(rows)) * _ORG_ROW_H + 40
    canvas = Canvas(
        "coordination",
        640.0 + _ORG_BOX_W + 20,
        height,
        "Organisation hierarchy by level",
        f"{len(chains)} chains of organisations; {len(figure.divergences)} stance divergences; "
        f"{len(figure.gaps)} national engagements without an engaged local counterpart.",
    )
    canvas.add(canvas.text(20, 22, "National → regional → local", 16, font_weight="bold"))
    for level, x in _ORG_COL_X.items():
        canvas.add(canvas.text(x, 52, LEVEL_LABELS[level], 12, font_weight="bold", fill=MUTED))
    if not rows:
        canvas.add(canvas.text(20, _ORG_TOP + 14, "No organisation in scope sits under another.", 12, fill=MUTED))
    for index in range(len(rows)):
        _org_row(canvas, rows, index, link)
    total = sum(tree.size() for tree in chains)
    if total > len(rows):
        canvas.add(
            canvas.text(
                20,
                height - 12,
                f"Showing {len(rows)} of {total} organisations in chains (flagged chains first); the table lists all.",
                11,
                fill=MUTED,
            )
        )
    return canvas


def _has_flags(node: OrgNode) -> bool:
    """Whether the node or any node under it is flagged."""
    return any(each.flags for each in node.walk())


def _add_rows(rows: list[_OrgRow], node: OrgNode, parent_row: int | None, indent: int) -> None:
    """The node and the nodes under it, depth first, until ``HIERARCHY_DRAW_LIMIT`` rows; a child of the same
    level as its parent is indented under it (at most three steps), one of another level starts its column."""
    if len(rows) >= HIERARCHY_DRAW_LIMIT:
        return
    rows.append((node, parent_row, indent))
    mine = len(rows) - 1
    for child in node.children:
        _add_rows(rows, child, mine, min(indent + 1, 3) if child.actor.level == node.actor.level else 0)


def _org_row(canvas: Canvas, rows: list[_OrgRow], index: int, link: Link) -> None:
    """Row ``index``: the elbow from its parent's box, and its box (outlined by its flags) with its stance."""
    node, parent_row, indent = rows[index]
    row_h = _ORG_ROW_H
    x, y = _ORG_COL_X.get(node.actor.level, 20.0) + indent * _ORG_INDENT_W, _ORG_TOP + index * row_h
    if parent_row is not None:
        parent, _, parent_indent = rows[parent_row]
        px = _ORG_COL_X.get(parent.actor.level, 20.0) + parent_indent * _ORG_INDENT_W + 10
        py = _ORG_TOP + parent_row * row_h + row_h - 6
        canvas.add(
            canvas.element(
                "path",
                d=f"M{_num(px)} {_num(py)} V{_num(y + 9)} H{_num(x)}",
                fill="none",
                stroke=GRID_LINE,
                stroke_width=1.5,
            )
        )
    outline = (
        STANCE_COLOURS["spoiler"]
        if "divergence" in node.flags
        else "#e16f24"
        if "engagement gap" in node.flags
        else GRID_LINE
    )
    stance = STANCE_LABELS.get(node.stance, "not assessed")
    label = f"{node.actor.name}: {stance}" + (f" — {', '.join(node.flags)}" if node.flags else "")
    box_w = _ORG_BOX_W - indent * _ORG_INDENT_W
    canvas.add(
        canvas.link(
            link(node.actor.url),
            label,
            canvas.element(
                "rect",
                x=x,
                y=y,
                width=box_w,
                height=row_h - 6,
                rx=3.0,
                fill="#ffffff",
                stroke=outline,
                stroke_width=2.0 if node.flags else 1.0,
            ),
            canvas.element("rect", x=x, y=y, width=6.0, height=row_h - 6, fill=STANCE_COLOURS.get(node.stance)),
            canvas.text(x + 12, y + 14, _truncate(node.actor.name, 30), 11),
            canvas.text(x + box_w - 6, y + 14, stance, 10, text_anchor="end", fill=MUTED),
        )
    )


# 5. Coverage and bias -----------------------------------------------------------------------------------------


def coverage_svg(figure: Coverage, *, link: Link = _same) -> Canvas:
    """Five bar panels (sectors, levels, stances, sources, vulnerable groups); each bar links to the records it
    counts. On sources, the darker part is the assessments for which that function was the only corporate
    source."""
    sole = {share.key: share.count for share in figure.sole_sources}
    panels: list[tuple[str, str, list[Share]]] = [
        ("Sectors", "of stakeholders in scope", figure.sectors),
        ("Levels", "of stakeholders in scope", figure.levels),
        ("Stances", "of stakeholders in scope", figure.stances),
        ("Information sources", "of assessments (darker: the only corporate source)", figure.sources),
        ("Vulnerable groups represented", "of stakeholders in scope", figure.vulnerable_groups),
    ]
    left, label_w = _BAR_LEFT, _BAR_LABEL_W
    height = 40.0 + sum(34 + len(shares) * _BAR_ROW_H for _, _, shares in panels) + 10
    canvas = Canvas(
        "coverage",
        left + label_w + _BAR_W + 120,
        height,
        "Coverage and bias",
        f"{figure.in_scope} stakeholders in scope, {figure.assessed} assessed.",
    )
    canvas.add(canvas.text(left, 22, "Coverage and bias", 16, font_weight="bold"))
    y = 40.0
    for title, note, shares in panels:
        canvas.add(canvas.text(left, y + 20, title, 13, font_weight="bold"))
        canvas.add(canvas.text(left + label_w, y + 20, note, 10, fill=MUTED))
        y += 34
        biggest = max((share.total for share in shares), default=0) or 1
        for share in shares:
            canvas.add(_bar(canvas, title, share, y, biggest, sole.get(share.key), link))
            y += _BAR_ROW_H
    return canvas


# The coverage panels: a label column, then bars scaled to the panel's largest total.
_BAR_LABEL_W, _BAR_W, _BAR_ROW_H, _BAR_LEFT = 250.0, 380.0, 18.0, 20.0


def _bar(canvas: Canvas, title: str, share: Share, y: float, biggest: int, sole: int | None, link: Link) -> str:
    """One share as a bar linking to the records it counts; ``sole`` (if any) drawn darker over it."""
    left, label_w, bar_w, row_h = _BAR_LEFT, _BAR_LABEL_W, _BAR_W, _BAR_ROW_H
    length = bar_w * share.count / biggest
    parts = [
        canvas.text(left, y + 12, _truncate(share.label, 38), 11),
        canvas.element(
            "rect",
            x=left + label_w,
            y=y + 2,
            width=float(max(length, 0.0)),
            height=row_h - 5,
            fill=STANCE_COLOURS.get(share.key, "#54aeff"),
        ),
    ]
    if sole:
        parts.append(
            canvas.element(
                "rect",
                x=left + label_w,
                y=y + 2,
                width=float(bar_w * sole / biggest),
                height=row_h - 5,
                fill="#0550ae",
            )
        )
    parts.append(
        canvas.text(left + label_w + length + 6, y + 12, f"{share.count} ({_num(100 * share.share)}%)", 10, fill=MUTED)
    )
    return canvas.link(link(share.url), f"{title}: {share.label}: {share.count} of {share.total}", *parts)

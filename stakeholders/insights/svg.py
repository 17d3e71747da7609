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
from typing import Any

from django.utils.html import escape

from .selectors import (
    HIGH_FROM,
    LEVEL_LABELS,
    LEVELS,
    STANCE_AXIS,
    STANCE_LABELS,
    ChampionMap,
    Coordination,
    Coverage,
    MapPoint,
    Move,
    Network,
    OrgNode,
    RoundChanges,
    Share,
)

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


def stance_map_svg(figure: ChampionMap, *, more_url: Callable[..., str], link: Link = _same) -> Canvas:
    """Stance (spoiler → champion, unknown apart) against influence, one dot per stakeholder coloured by level
    and sized by interest; the influential spoilers' and champions' quadrants named and shaded."""
    col_w, row_h, step = 150.0, 112.0, 18.0
    left, top = 80.0, 70.0
    columns = [*STANCE_AXIS, "unknown"]
    gap = 16.0

    def col_x(i: int) -> float:
        return left + i * col_w + (gap if i == len(STANCE_AXIS) else 0)

    width = col_x(len(columns)) + 20
    height = top + 5 * row_h + 70
    canvas = Canvas(
        "stance-map",
        width,
        height,
        "Champion/spoiler map: stance against influence",
        f"{figure.assessed} assessed stakeholders of {figure.in_scope} in scope. "
        + "; ".join(f"{q.label}: {q.count}" for q in figure.quadrants),
    )
    high_rows = 5 - HIGH_FROM + 1
    shades = {
        "engage": ("#fde2e1", 0, 2, 0, high_rows),
        "support": ("#dff3e4", 3, 5, 0, high_rows),
        "watch": ("#fff5f5", 0, 2, high_rows, 5),
        "build": ("#f4fbf6", 3, 5, high_rows, 5),
    }
    for key, (fill, c0, c1, r0, r1) in shades.items():
        x, y = col_x(c0), top + r0 * row_h
        canvas.add(canvas.element("rect", x=x, y=y, width=(c1 - c0) * col_w, height=(r1 - r0) * row_h, fill=fill))
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
    for i in range(len(columns) + 1):
        x = col_x(min(i, len(columns) - 1)) + (col_w if i == len(columns) else 0)
        canvas.add(canvas.element("line", x1=x, y1=top, x2=x, y2=top + 5 * row_h, stroke=GRID_LINE))
    for r in range(6):
        y = top + r * row_h
        canvas.add(canvas.element("line", x1=left, y1=y, x2=col_x(len(columns) - 1) + col_w, y2=y, stroke=GRID_LINE))
    canvas.add(
        canvas.element(
            "line",
            x1=left,
            y1=top + high_rows * row_h,
            x2=col_x(len(columns) - 1) + col_w,
            y2=top + high_rows * row_h,
            stroke=MUTED,
            stroke_dasharray="4 3",
        )
    )
    for i, stance in enumerate(columns):
        canvas.add(
            canvas.text(col_x(i) + col_w / 2, top + 5 * row_h + 18, STANCE_LABELS[stance], 12, text_anchor="middle")
        )
    canvas.add(
        canvas.text(
            left + 2.5 * col_w, top + 5 * row_h + 38, "Stance: spoiler → champion", 12, text_anchor="middle", fill=MUTED
        )
    )
    for influence in range(1, 6):
        y = top + (5 - influence) * row_h + row_h / 2 + 4
        canvas.add(canvas.text(left - 8, y, f"Influence {influence}", 11, text_anchor="end"))
    canvas.add(canvas.text(left, 22, "Champion/spoiler map", 16, font_weight="bold"))
    _level_legend(canvas, left, 48)

    cells: dict[tuple[str, int], list[MapPoint]] = defaultdict(list)
    for point in figure.points:
        cells[(point.stance, point.influence)].append(point)
    for i, stance in enumerate(columns):
        for influence in range(1, 6):
            points = sorted(
                cells.get((stance, influence), []),
                key=lambda p: (LEVELS.index(p.actor.level), -p.interest, p.actor.name, p.actor.id),
            )
            _cell_marks(
                canvas,
                points,
                col_x(i) + 3,
                top + (5 - influence) * row_h + 20,
                8,
                5,
                step,
                lambda p: LEVEL_COLOURS.get(p.actor.level, MUTED),
                link,
                more_url(stance=stance, influence_min=influence, ordering="influence"),
            )
    return canvas


def grid_svg(figure: ChampionMap, *, more_url: Callable[..., str], link: Link = _same) -> Canvas:
    """Influence against interest, one dot per stakeholder coloured by stance, in the four named cells."""
    cell_w, cell_h, step = 110.0, 92.0, 18.0
    left, top = 80.0, 70.0
    width, height = left + 5 * cell_w + 30, top + 5 * cell_h + 60
    canvas = Canvas(
        "grid",
        width,
        height,
        "Influence \u00d7 interest grid",
        "; ".join(f"{b.action}: {b.count}" for b in figure.grid),
    )
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
                left + (interest - 1) * cell_w + 1,
                top + (5 - influence) * cell_h + 18,
                6,
                4,
                step,
                lambda p: STANCE_COLOURS.get(p.stance, MUTED),
                link,
                more_url(influence_min=influence, ordering="-influence"),
            )
    return canvas


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


def network_svg(figure: Network, *, link: Link = _same) -> Canvas:
    """The graph in three bands (national, regional, local), nodes coloured by stance and sized by brokerage;
    the best-ranked ``NETWORK_DRAW_LIMIT`` nodes and the ties between them; opposition dashed red."""
    drawn = figure.nodes[:NETWORK_DRAW_LIMIT]
    ids = {node.actor.id for node in drawn}
    edges = [edge for edge in figure.edges if edge.source in ids and edge.target in ids]
    bands: dict[str, list[Any]] = {level: [] for level in LEVELS}
    for node in drawn:
        bands.setdefault(node.actor.level, []).append(node)
    widest = max((len(nodes) for nodes in bands.values()), default=1)
    spacing = 24.0
    left, top, band_h = 110.0, 80.0, 170.0
    width = max(760.0, left + widest * spacing + 40)
    height = top + band_h * 2 + 110
    neighbours: dict[int, list[int]] = defaultdict(list)
    for edge in edges:
        neighbours[edge.source].append(edge.target)
        neighbours[edge.target].append(edge.source)

    x_of: dict[int, float] = {}
    y_of: dict[int, float] = {}
    for band, level in enumerate(LEVELS):
        nodes = bands[level]

        def barycentre(node: Any) -> float:
            placed = [x_of[n] for n in neighbours[node.actor.id] if n in x_of]
            return sum(placed) / len(placed) if placed else width / 2

        nodes.sort(key=lambda n: (barycentre(n), n.actor.name, n.actor.id) if band else (n.actor.name, n.actor.id))
        span = (len(nodes) - 1) * spacing
        start = left + (width - left - 40 - span) / 2
        for i, node in enumerate(nodes):
            x_of[node.actor.id] = start + i * spacing
            y_of[node.actor.id] = top + band * band_h

    top_brokerage = max((node.brokerage for node in drawn), default=0.0) or 1.0
    canvas = Canvas(
        "network",
        width,
        height,
        "Relationship network with brokers",
        f"{len(figure.nodes)} connected stakeholders, {len(figure.edges)} ties, {len(figure.brokers)} brokers "
        f"between national and local actors; drawn: {len(drawn)} best-ranked stakeholders.",
    )
    canvas.add(canvas.text(20, 22, "Relationship network", 16, font_weight="bold"))
    _stance_legend(canvas, 20, 46, [*STANCE_AXIS, "unknown"])
    for band, level in enumerate(LEVELS):
        y = top + band * band_h
        canvas.add(
            canvas.element("line", x1=left - 10, y1=y, x2=width - 20, y2=y, stroke=GRID_LINE, stroke_dasharray="2 4")
        )
        canvas.add(canvas.text(20, y + 4, LEVEL_LABELS[level], 12, font_weight="bold"))
    for edge in edges:
        opposed = edge.kind == "opposed_to"
        x1, y1, x2, y2 = x_of[edge.source], y_of[edge.source], x_of[edge.target], y_of[edge.target]
        if y1 == y2:  # a tie within one level: an arc above the band, not a line along it
            bulge = min(70.0, abs(x2 - x1) / 3 + 12)
            d = f"M{_num(x1)} {_num(y1)} Q{_num((x1 + x2) / 2)} {_num(y1 - bulge)} {_num(x2)} {_num(y2)}"
        else:
            d = f"M{_num(x1)} {_num(y1)} L{_num(x2)} {_num(y2)}"
        canvas.add(
            canvas.element(
                "path",
                d=d,
                fill="none",
                stroke=STANCE_COLOURS["spoiler"]
                if opposed
                else ("#57ab5a" if edge.kind == "allied_with" else "#8c959f"),
                stroke_opacity=0.8 if opposed else 0.55,
                stroke_width=1.2,
                stroke_dasharray="4 3" if opposed else None,
            )
        )
    labelled = {node.actor.id for node in figure.brokers[:10]}
    # Stagger the labels of each band so that neighbours do not print over each other.
    offsets: dict[int, float] = {}
    for level in LEVELS:
        row = sorted((n for n in bands[level] if n.actor.id in labelled), key=lambda n: x_of[n.actor.id])
        for i, node in enumerate(row):
            offsets[node.actor.id] = 14.0 + 13.0 * (i % 3)
    for node in drawn:
        x, y = x_of[node.actor.id], y_of[node.actor.id]
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
    if len(figure.nodes) > len(drawn):
        canvas.add(
            canvas.text(
                20,
                height - 14,
                f"Showing the {len(drawn)} best-ranked of {len(figure.nodes)} connected stakeholders: "
                "filter by jurisdiction to see all.",
                11,
                fill=MUTED,
            )
        )
    return canvas


# 4. National ↔ local coordination ----------------------------------------------------------------------------


def coordination_svg(figure: Coordination, *, link: Link = _same) -> Canvas:
    """The organisation chains, one row per organisation, in three columns by level; stance on each box;
    chains with flags first; a red outline marks a stance diverging from the chain above, orange a national
    engagement without an engaged local counterpart."""
    rows: list[tuple[OrgNode, int | None, int]] = []

    def visit(node: OrgNode, parent_row: int | None, indent: int) -> None:
        if len(rows) >= HIERARCHY_DRAW_LIMIT:
            return
        rows.append((node, parent_row, indent))
        mine = len(rows) - 1
        for child in node.children:
            visit(child, mine, min(indent + 1, 3) if child.actor.level == node.actor.level else 0)

    def flagged(node: OrgNode) -> bool:
        return bool(node.flags) or any(flagged(child) for child in node.children)

    chains = [tree for tree in figure.trees if tree.children]
    for tree in sorted(chains, key=lambda t: not flagged(t)):
        visit(tree, None, 0)
    col_x = {"national": 20.0, "regional": 330.0, "local": 640.0}
    box_w, row_h, top = 280.0, 26.0, 70.0
    width, height = 640.0 + box_w + 20, top + max(1, len(rows)) * row_h + 40
    canvas = Canvas(
        "coordination",
        width,
        height,
        "Organisation hierarchy by level",
        f"{len(chains)} chains of organisations; {len(figure.divergences)} stance divergences; "
        f"{len(figure.gaps)} national engagements without an engaged local counterpart.",
    )
    canvas.add(canvas.text(20, 22, "National → regional → local", 16, font_weight="bold"))
    for level, x in col_x.items():
        canvas.add(canvas.text(x, 52, LEVEL_LABELS[level], 12, font_weight="bold", fill=MUTED))
    if not rows:
        canvas.add(canvas.text(20, top + 14, "No organisation in scope sits under another.", 12, fill=MUTED))
    indent_w = 16.0
    for index, (node, parent_row, indent) in enumerate(rows):
        x, y = col_x.get(node.actor.level, 20.0) + indent * indent_w, top + index * row_h
        if parent_row is not None:
            parent, _, parent_indent = rows[parent_row]
            px = col_x.get(parent.actor.level, 20.0) + parent_indent * indent_w + 10
            py = top + parent_row * row_h + row_h - 6
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
        canvas.add(
            canvas.link(
                link(node.actor.url),
                label,
                canvas.element(
                    "rect",
                    x=x,
                    y=y,
                    width=box_w - indent * indent_w,
                    height=row_h - 6,
                    rx=3.0,
                    fill="#ffffff",
                    stroke=outline,
                    stroke_width=2.0 if node.flags else 1.0,
                ),
                canvas.element("rect", x=x, y=y, width=6.0, height=row_h - 6, fill=STANCE_COLOURS.get(node.stance)),
                canvas.text(x + 12, y + 14, _truncate(node.actor.name, 30), 11),
                canvas.text(x + box_w - indent * indent_w - 6, y + 14, stance, 10, text_anchor="end", fill=MUTED),
            )
        )
    total = sum(_count(tree) for tree in chains)
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


def _count(node: OrgNode) -> int:
    return 1 + sum(_count(child) for child in node.children)


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
    label_w, bar_w, row_h, left = 250.0, 380.0, 18.0, 20.0
    height = 40.0 + sum(34 + len(shares) * row_h for _, _, shares in panels) + 10
    width = left + label_w + bar_w + 120
    canvas = Canvas(
        "coverage",
        width,
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
            if sole.get(share.key):
                parts.append(
                    canvas.element(
                        "rect",
                        x=left + label_w,
                        y=y + 2,
                        width=float(bar_w * sole[share.key] / biggest),
                        height=row_h - 5,
                        fill="#0550ae",
                    )
                )
            parts.append(
                canvas.text(
                    left + label_w + length + 6, y + 12, f"{share.count} ({_num(100 * share.share)}%)", 10, fill=MUTED
                )
            )
            canvas.add(canvas.link(link(share.url), f"{title}: {share.label}: {share.count} of {share.total}", *parts))
            y += row_h
    return canvas

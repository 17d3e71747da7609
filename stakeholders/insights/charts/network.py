"""The relationship network: three bands (national, regional, local) one above the other, brokers named."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from ..figures.network import Network, NetworkEdge, NetworkNode
from ..figures.records import LEVELS, STANCE_AXIS
from .canvas import (
    GRID_LINE,
    MUTED,
    STANCE_COLOURS,
    Canvas,
    Link,
    keep_url,
    level_label,
    num,
    stance_label,
    stance_legend,
    truncate,
)

NETWORK_DRAW_LIMIT = 150
BROKERS_NAMED = 10
_SPACING, _LEFT, _TOP, _BAND_H = 24.0, 110.0, 80.0, 170.0
# The description's counts (translated when drawn).
_CONNECTED = ngettext_lazy("%(count)s connected stakeholder", "%(count)s connected stakeholders", "count")
_TIES = ngettext_lazy("%(count)s tie", "%(count)s ties", "count")
_BROKERS = ngettext_lazy("%(count)s broker", "%(count)s brokers", "count")
_DRAWN = ngettext_lazy("%(count)s best-ranked stakeholder", "%(count)s best-ranked stakeholders", "count")


@dataclass
class NetworkLayout:
    """Where each drawn node sits: its band (by level) and its position."""

    width: float
    height: float
    bands: dict[str, list[NetworkNode]]
    x_of: dict[int, float] = field(default_factory=dict)
    y_of: dict[int, float] = field(default_factory=dict)


def network_svg(figure: Network, *, link: Link = keep_url) -> Canvas:
    """The graph in three bands (national, regional, local), nodes coloured by stance and sized by brokerage;
    the best-ranked ``NETWORK_DRAW_LIMIT`` nodes and the ties between them; opposition dashed red."""
    drawn = figure.nodes[:NETWORK_DRAW_LIMIT]
    ids = {node.actor.id for node in drawn}
    edges = [edge for edge in figure.edges if edge.source in ids and edge.target in ids]
    layout = network_layout(drawn, edges)
    canvas = Canvas("network", layout.width, layout.height, _("Relationship network with brokers"), _summary(figure))
    canvas.add(canvas.text(20, 22, _("Relationship network"), 16, font_weight="bold"))
    stance_legend(canvas, 20, 46, [*STANCE_AXIS, "unknown"])
    for band, level in enumerate(LEVELS):
        y = _TOP + band * _BAND_H
        canvas.add(
            canvas.element(
                "line", x1=_LEFT - 10, y1=y, x2=layout.width - 20, y2=y, stroke=GRID_LINE, stroke_dasharray="2 4"
            )
        )
        canvas.add(canvas.text(20, y + 4, level_label(level), 12, font_weight="bold"))
    for edge in edges:
        canvas.add(_tie(canvas, edge, layout))
    _nodes(canvas, drawn, label_offsets(layout, figure.brokers[:BROKERS_NAMED]), layout, link)
    if len(figure.nodes) > len(drawn):
        note = _(
            "Showing the %(drawn)s best-ranked of %(total)s connected stakeholders: filter by jurisdiction to see all."
        ) % {"drawn": len(drawn), "total": len(figure.nodes)}
        canvas.add(canvas.text(20, layout.height - 14, note, 11, fill=MUTED))
    return canvas


def _summary(figure: Network) -> str:
    """How many stakeholders, ties and brokers the figure holds, and how many the chart draws."""
    drawn = min(len(figure.nodes), NETWORK_DRAW_LIMIT)
    return _("%(connected)s, %(ties)s, %(brokers)s between national and local actors; drawn: %(drawn)s.") % {
        "connected": _CONNECTED % {"count": len(figure.nodes)},
        "ties": _TIES % {"count": len(figure.edges)},
        "brokers": _BROKERS % {"count": len(figure.brokers)},
        "drawn": _DRAWN % {"count": drawn},
    }


def network_layout(drawn: list[NetworkNode], edges: list[NetworkEdge]) -> NetworkLayout:
    """Nodes in their level's band: the national band by name, each band below by the mean position of the
    neighbours already placed (fewer crossings), then by name; each band centred."""
    bands: dict[str, list[NetworkNode]] = {level: [] for level in LEVELS}
    for node in drawn:
        bands.setdefault(node.actor.level, []).append(node)
    widest = max((len(nodes) for nodes in bands.values()), default=1)
    width = max(760.0, _LEFT + widest * _SPACING + 40)
    layout = NetworkLayout(width, _TOP + _BAND_H * 2 + 110, bands)
    neighbours: dict[int, list[int]] = defaultdict(list)
    for edge in edges:
        neighbours[edge.source].append(edge.target)
        neighbours[edge.target].append(edge.source)
    for band, level in enumerate(LEVELS):
        nodes = bands[level]
        if band:
            nodes.sort(
                key=lambda n: (barycentre(neighbours[n.actor.id], layout.x_of, width / 2), n.actor.name, n.actor.id)
            )
        else:
            nodes.sort(key=lambda n: (n.actor.name, n.actor.id))
        span = (len(nodes) - 1) * _SPACING
        start = _LEFT + (width - _LEFT - 40 - span) / 2
        for i, node in enumerate(nodes):
            layout.x_of[node.actor.id] = start + i * _SPACING
            layout.y_of[node.actor.id] = _TOP + band * _BAND_H
    return layout


def barycentre(neighbours: list[int], x_of: dict[int, float], default: float) -> float:
    """The mean position of the neighbours already placed; ``default`` if none is."""
    placed = [x_of[n] for n in neighbours if n in x_of]
    return sum(placed) / len(placed) if placed else default


def label_offsets(layout: NetworkLayout, named: list[NetworkNode]) -> dict[int, float]:
    """How far below its node each named node's label sits: staggered along each band so that neighbours do
    not print over each other."""
    ids = {node.actor.id for node in named}
    offsets: dict[int, float] = {}
    for level in LEVELS:
        row = sorted((n for n in layout.bands[level] if n.actor.id in ids), key=lambda n: layout.x_of[n.actor.id])
        for i, node in enumerate(row):
            offsets[node.actor.id] = 14.0 + 13.0 * (i % 3)
    return offsets


def _tie(canvas: Canvas, edge: NetworkEdge, layout: NetworkLayout) -> str:
    """One tie: a line between bands, an arc within one; opposition dashed red, alliance green."""
    opposed = edge.kind == "opposed_to"
    x1, y1 = layout.x_of[edge.source], layout.y_of[edge.source]
    x2, y2 = layout.x_of[edge.target], layout.y_of[edge.target]
    if y1 == y2:  # a tie within one level: an arc above the band, not a line along it
        bulge = min(70.0, abs(x2 - x1) / 3 + 12)
        d = f"M{num(x1)} {num(y1)} Q{num((x1 + x2) / 2)} {num(y1 - bulge)} {num(x2)} {num(y2)}"
    else:
        d = f"M{num(x1)} {num(y1)} L{num(x2)} {num(y2)}"
    return canvas.element(
        "path",
        d=d,
        fill="none",
        stroke=STANCE_COLOURS["spoiler"] if opposed else ("#57ab5a" if edge.kind == "allied_with" else "#8c959f"),
        stroke_opacity=0.8 if opposed else 0.55,
        stroke_width=1.2,
        stroke_dasharray="4 3" if opposed else None,
    )


def _node_label(node: NetworkNode) -> str:
    """What a node says of its stakeholder (its title and accessible name)."""
    return ngettext(
        "%(name)s (%(level)s, %(stance)s): brokerage %(brokerage)s, %(degree)s tie",
        "%(name)s (%(level)s, %(stance)s): brokerage %(brokerage)s, %(degree)s ties",
        node.degree,
    ) % {
        "name": node.actor.name,
        "level": level_label(node.actor.level),
        "stance": stance_label(node.stance, _("not assessed")),
        "brokerage": num(node.brokerage),
        "degree": node.degree,
    }


def _nodes(
    canvas: Canvas, drawn: list[NetworkNode], offsets: dict[int, float], layout: NetworkLayout, link: Link
) -> None:
    """Each node a dot sized by brokerage, linking to its stakeholder; the nodes with an offset named."""
    top_brokerage = max((node.brokerage for node in drawn), default=0.0) or 1.0
    for node in drawn:
        x, y = layout.x_of[node.actor.id], layout.y_of[node.actor.id]
        radius = 4.0 + 7.0 * math.sqrt(node.brokerage / top_brokerage)
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
        if node.actor.id in offsets:
            name = truncate(node.actor.name, 26)
            parts.append(
                canvas.text(x, y + offsets[node.actor.id] + 4, name, 10, text_anchor="middle", font_weight="bold")
            )
        canvas.add(canvas.link(link(node.actor.url), _node_label(node), *parts))

"""National ↔ local coordination: the organisation chains in three columns by level, flags outlined."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from ..figures.coordination import Coordination, OrgNode
from .canvas import GRID_LINE, MUTED, STANCE_COLOURS, Canvas, Link, keep_url, level_label, num, stance_label, truncate

HIERARCHY_DRAW_LIMIT = 150
# One column per level; a box per organisation, indented under its parent within a level.
_COL_X = {"national": 20.0, "regional": 330.0, "local": 640.0}
_BOX_W, _ROW_H, _TOP, _INDENT_W = 280.0, 26.0, 70.0, 16.0
# The figure's flags as a box's label names them, and the outline each gives it (the first one found wins).
_FLAGS = {
    "divergence": (gettext_lazy("divergence"), STANCE_COLOURS["spoiler"]),
    "engagement gap": (gettext_lazy("engagement gap"), "#e16f24"),
}
# The description's counts (translated when drawn).
_CHAINS = ngettext_lazy("%(count)s chain of organisations", "%(count)s chains of organisations", "count")
_DIVERGENCES = ngettext_lazy("%(count)s stance divergence", "%(count)s stance divergences", "count")
_GAPS = ngettext_lazy(
    "%(count)s national engagement without an engaged local counterpart",
    "%(count)s national engagements without an engaged local counterpart",
    "count",
)

# (organisation, the row of its parent or None, indent within its column)
OrgRow = tuple[OrgNode, "int | None", int]


def coordination_svg(figure: Coordination, *, link: Link = keep_url) -> Canvas:
    """The organisation chains, one row per organisation, in three columns by level; stance on each box;
    chains with flags first; a red outline marks a stance diverging from the chain above, orange a national
    engagement without an engaged local counterpart."""
    chains = [tree for tree in figure.trees if tree.children]
    rows = org_rows(chains)
    height = _TOP + max(1, len(rows)) * _ROW_H + 40
    summary = "; ".join(
        [
            _CHAINS % {"count": len(chains)},
            _DIVERGENCES % {"count": len(figure.divergences)},
            _GAPS % {"count": len(figure.gaps)},
        ]
    )
    canvas = Canvas("coordination", 640.0 + _BOX_W + 20, height, _("Organisation hierarchy by level"), summary + ".")
    canvas.add(canvas.text(20, 22, _("National → regional → local"), 16, font_weight="bold"))
    for level, x in _COL_X.items():
        canvas.add(canvas.text(x, 52, level_label(level), 12, font_weight="bold", fill=MUTED))
    if not rows:
        canvas.add(canvas.text(20, _TOP + 14, _("No organisation in scope sits under another."), 12, fill=MUTED))
    for index in range(len(rows)):
        _org_row(canvas, rows, index, link)
    total = sum(tree.size() for tree in chains)
    if total > len(rows):
        note = _(
            "Showing %(shown)s of %(total)s organisations in chains (flagged chains first); the table lists all."
        ) % {"shown": len(rows), "total": total}
        canvas.add(canvas.text(20, height - 12, note, 11, fill=MUTED))
    return canvas


def org_rows(chains: list[OrgNode]) -> list[OrgRow]:
    """The rows drawn: the chains with flags first, each depth first, at most ``HIERARCHY_DRAW_LIMIT``."""
    rows: list[OrgRow] = []
    for tree in sorted(chains, key=lambda t: not has_flags(t)):
        _add_rows(rows, tree, None, 0)
    return rows


def has_flags(node: OrgNode) -> bool:
    """Whether the node or any node under it is flagged."""
    return any(each.flags for each in node.walk())


def _add_rows(rows: list[OrgRow], node: OrgNode, parent_row: int | None, indent: int) -> None:
    """The node and the nodes under it, depth first, until ``HIERARCHY_DRAW_LIMIT`` rows; a child of the same
    level as its parent is indented under it (at most three steps), one of another level starts its column."""
    if len(rows) >= HIERARCHY_DRAW_LIMIT:
        return
    rows.append((node, parent_row, indent))
    mine = len(rows) - 1
    for child in node.children:
        _add_rows(rows, child, mine, min(indent + 1, 3) if child.actor.level == node.actor.level else 0)


def _box_x(node: OrgNode, indent: int) -> float:
    return _COL_X.get(node.actor.level, 20.0) + indent * _INDENT_W


def _org_row(canvas: Canvas, rows: list[OrgRow], index: int, link: Link) -> None:
    """Row ``index``: the elbow from its parent's box, and its box (outlined by its flags) with its stance."""
    node, parent_row, indent = rows[index]
    x, y = _box_x(node, indent), _TOP + index * _ROW_H
    if parent_row is not None:
        parent, _parent_row, parent_indent = rows[parent_row]
        px, py = _box_x(parent, parent_indent) + 10, _TOP + parent_row * _ROW_H + _ROW_H - 6
        elbow = f"M{num(px)} {num(py)} V{num(y + 9)} H{num(x)}"
        canvas.add(canvas.element("path", d=elbow, fill="none", stroke=GRID_LINE, stroke_width=1.5))
    outline = next((_FLAGS[flag][1] for flag in _FLAGS if flag in node.flags), GRID_LINE)
    stance = stance_label(node.stance, _("not assessed"))
    label = f"{node.actor.name}: {stance}"
    if node.flags:
        label += " — " + ", ".join(str(_FLAGS[flag][0]) if flag in _FLAGS else flag for flag in node.flags)
    box_w = _BOX_W - indent * _INDENT_W
    box = canvas.element(
        "rect",
        x=x,
        y=y,
        width=box_w,
        height=_ROW_H - 6,
        rx=3.0,
        fill="#ffffff",
        stroke=outline,
        stroke_width=2.0 if node.flags else 1.0,
    )
    canvas.add(
        canvas.link(
            link(node.actor.url),
            label,
            box,
            canvas.element("rect", x=x, y=y, width=6.0, height=_ROW_H - 6, fill=STANCE_COLOURS.get(node.stance)),
            canvas.text(x + 12, y + 14, truncate(node.actor.name, 30), 11),
            canvas.text(x + box_w - 6, y + 14, stance, 10, text_anchor="end", fill=MUTED),
        )
    )

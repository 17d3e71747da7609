"""The figures as CSV tables, and the charts as PNG.

Each ``*_csv`` function returns ``(header, rows)`` for one table of one view. Text cells that a spreadsheet
would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed with
an apostrophe. PNG is rendered from the very same SVG with resvg (a self-contained wheel: no system library,
no browser).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from .figures.champion_map import ChampionMap
from .figures.coordination import Coordination, OrgNode
from .figures.coverage import Coverage
from .figures.network import Network
from .figures.records import LEVEL_LABELS
from .figures.round_changes import RoundChanges
from .figures.rules import GRID, QUADRANTS

Table = tuple[list[str], Iterable[Sequence[Any]]]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A value as a spreadsheet will not execute it."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(table: Table) -> str:
    header, rows = table
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()


def svg_to_png(svg: str, *, zoom: float = 2.0) -> bytes:
    """Render an SVG document to PNG (twice the chart's pixel size by default, for print)."""
    import resvg_py

    return bytes(resvg_py.svg_to_bytes(svg_string=svg, background="#ffffff", zoom=zoom))


def map_csv(figure: ChampionMap) -> Table:
    header = [
        "stakeholder_id",
        "name",
        "url",
        "kind",
        "level",
        "sector",
        "stance",
        "influence",
        "interest",
        "assessed_on",
        "quadrant",
        "quadrant_action",
        "grid_cell",
        "grid_action",
    ]
    rows = (
        [
            p.actor.id,
            p.actor.name,
            p.actor.url,
            p.actor.kind,
            p.actor.level,
            p.actor.sector,
            p.stance,
            p.influence,
            p.interest,
            p.assessed_on.isoformat(),
            p.quadrant or "",
            QUADRANTS[p.quadrant][1] if p.quadrant else "",
            p.grid_cell,
            GRID[p.grid_cell][1],
        ]
        for p in figure.points
    )
    return header, rows


def changes_csv(figure: RoundChanges) -> Table:
    header = [
        "stakeholder_id",
        "name",
        "url",
        "level",
        "sector",
        "direction",
        "before_stance",
        "after_stance",
        "stance_change",
        "before_influence",
        "after_influence",
        "influence_change",
    ]
    rows = (
        [
            m.actor.id,
            m.actor.name,
            m.actor.url,
            m.actor.level,
            m.actor.sector,
            m.direction,
            m.before_stance,
            m.after_stance,
            m.stance_change,
            m.before_influence,
            m.after_influence,
            m.influence_change,
        ]
        for m in figure.moves
    )
    return header, rows


def network_csv(figure: Network) -> Table:
    header = ["rank", "stakeholder_id", "name", "url", "kind", "level", "sector", "stance", "ties", "brokerage"]
    rows = (
        [
            rank,
            n.actor.id,
            n.actor.name,
            n.actor.url,
            n.actor.kind,
            n.actor.level,
            n.actor.sector,
            n.stance,
            n.degree,
            n.brokerage,
        ]
        for rank, n in enumerate(figure.nodes, start=1)
    )
    return header, rows


def network_edges_csv(figure: Network) -> Table:
    return ["source_id", "target_id", "kind"], ([e.source, e.target, e.kind] for e in figure.edges)


def flatten(trees: list[OrgNode]) -> list[tuple[OrgNode, int, int | None]]:
    """The hierarchy in reading order: ``(node, depth, parent id)``."""
    out: list[tuple[OrgNode, int, int | None]] = []

    def visit(node: OrgNode, depth: int, parent: int | None) -> None:
        out.append((node, depth, parent))
        for child in node.children:
            visit(child, depth + 1, node.actor.id)

    for tree in trees:
        visit(tree, 0, None)
    return out


def coordination_csv(figure: Coordination) -> Table:
    header = [
        "stakeholder_id",
        "name",
        "url",
        "level",
        "sector",
        "parent_id",
        "depth",
        "stance",
        "last_engaged",
        "flags",
    ]
    rows = (
        [
            node.actor.id,
            node.actor.name,
            node.actor.url,
            node.actor.level,
            node.actor.sector,
            parent,
            depth,
            node.stance,
            node.last_engaged.isoformat() if node.last_engaged else "",
            "; ".join(node.flags),
        ]
        for node, depth, parent in flatten(figure.trees)
    )
    return header, rows


def coordination_findings_csv(figure: Coordination) -> Table:
    header = ["finding", "subject_id", "subject", "subject_url", "level", "related", "detail", "date"]
    rows: list[list[Any]] = []
    for gap in figure.gaps:
        rows.append(
            [
                "engagement_gap",
                gap.organisation.id,
                gap.organisation.name,
                gap.organisation.url,
                gap.organisation.level,
                "; ".join(a.name for a in gap.counterparts),
                f"engaged: {gap.engagement_title}",
                gap.engaged_on.isoformat(),
            ]
        )
    for d in figure.divergences:
        rows.append(
            [
                "stance_divergence",
                d.lower.id,
                d.lower.name,
                d.lower.url,
                d.lower.level,
                d.upper.name,
                f"{d.upper_stance} above, {d.lower_stance} below (gap {d.gap})",
                "",
            ]
        )
    for m in figure.mandates:
        rows.append(
            [
                "mandate_gap" if m.is_gap else "mandate",
                "",
                m.area_name,
                "",
                m.level,
                "; ".join(a.name for a in m.holders),
                f"{m.uncovered_count} of {m.jurisdictions} {LEVEL_LABELS[m.level].lower()} jurisdictions "
                "without a holder",
                "",
            ]
        )
    return header, rows


def coverage_csv(figure: Coverage) -> Table:
    header = ["dimension", "key", "label", "count", "total", "share"]
    rows: list[list[Any]] = []
    for dimension, shares in (
        ("sector", figure.sectors),
        ("level", figure.levels),
        ("stance", figure.stances),
        ("source", figure.sources),
        ("only_corporate_source", figure.sole_sources),
        ("vulnerable_group", figure.vulnerable_groups),
    ):
        rows += [[dimension, s.key, s.label, s.count, s.total, round(s.share, 4)] for s in shares]
    return header, rows


def coverage_issues_csv(figure: Coverage) -> Table:
    header = ["issue", "stakeholder_id", "stakeholder", "url", "detail", "date"]
    rows: list[list[Any]] = []
    for r in figure.review_due:
        rows.append(
            [
                "review_due",
                r.actor.id,
                r.actor.name,
                r.assessment_url,
                f"assessed {r.assessed_on.isoformat()}",
                r.overdue_since.isoformat(),
            ]
        )
    for i in figure.key_positions:
        holder = f" (now {i.holder.name})" if i.holder else ""
        rows.append(
            [
                i.kind,
                i.organisation.id,
                i.organisation.name,
                i.url,
                f"{i.title}{holder}",
                i.since.isoformat() if i.since else "",
            ]
        )
    return header, rows

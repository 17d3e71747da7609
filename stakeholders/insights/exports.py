"""The figures as CSV tables, and the charts as PNG.

Each ``*_csv`` function returns ``(header, rows)`` for one table of one view. Text cells that a spreadsheet
would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed with
an apostrophe. PNG is rendered from the very same SVG with resvg (a self-contained wheel: no system library,
no browser).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_lazy, pgettext

from shrhub.spreadsheets import Table

from .figures.champion_map import ChampionMap
from .figures.coordination import Coordination, OrgNode
from .figures.coverage import Coverage
from .figures.network import Network
from .figures.round_changes import RoundChanges
from .figures.rules import GRID, QUADRANTS

# A mandate row's detail, one whole sentence per level.
UNCOVERED = {
    "national": gettext_lazy("%(uncovered)d of %(total)d national jurisdictions without a holder"),
    "regional": gettext_lazy("%(uncovered)d of %(total)d regional jurisdictions without a holder"),
    "local": gettext_lazy("%(uncovered)d of %(total)d local jurisdictions without a holder"),
}


def svg_to_png(svg: str, *, zoom: float = 2.0) -> bytes:
    """Render an SVG document to PNG (twice the chart's pixel size by default, for print)."""
    import resvg_py

    return bytes(resvg_py.svg_to_bytes(svg_string=svg, background="#ffffff", zoom=zoom))


def map_csv(figure: ChampionMap) -> Table:
    header = [
        pgettext("CSV column", "stakeholder_id"),
        pgettext("CSV column", "name"),
        pgettext("CSV column", "url"),
        pgettext("CSV column", "kind"),
        pgettext("CSV column", "level"),
        pgettext("CSV column", "sector"),
        pgettext("CSV column", "stance"),
        pgettext("CSV column", "influence"),
        pgettext("CSV column", "interest"),
        pgettext("CSV column", "assessed_on"),
        pgettext("CSV column", "quadrant"),
        pgettext("CSV column", "quadrant_action"),
        pgettext("CSV column", "grid_cell"),
        pgettext("CSV column", "grid_action"),
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
        pgettext("CSV column", "stakeholder_id"),
        pgettext("CSV column", "name"),
        pgettext("CSV column", "url"),
        pgettext("CSV column", "level"),
        pgettext("CSV column", "sector"),
        pgettext("CSV column", "direction"),
        pgettext("CSV column", "before_stance"),
        pgettext("CSV column", "after_stance"),
        pgettext("CSV column", "stance_change"),
        pgettext("CSV column", "before_influence"),
        pgettext("CSV column", "after_influence"),
        pgettext("CSV column", "influence_change"),
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
    header = [
        pgettext("CSV column", "rank"),
        pgettext("CSV column", "stakeholder_id"),
        pgettext("CSV column", "name"),
        pgettext("CSV column", "url"),
        pgettext("CSV column", "kind"),
        pgettext("CSV column", "level"),
        pgettext("CSV column", "sector"),
        pgettext("CSV column", "stance"),
        pgettext("CSV column", "ties"),
        pgettext("CSV column", "brokerage"),
    ]
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
    return [pgettext("CSV column", "source_id"), pgettext("CSV column", "target_id"), pgettext("CSV column", "kind")], (
        [e.source, e.target, e.kind] for e in figure.edges
    )


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
        pgettext("CSV column", "stakeholder_id"),
        pgettext("CSV column", "name"),
        pgettext("CSV column", "url"),
        pgettext("CSV column", "level"),
        pgettext("CSV column", "sector"),
        pgettext("CSV column", "parent_id"),
        pgettext("CSV column", "depth"),
        pgettext("CSV column", "stance"),
        pgettext("CSV column", "last_engaged"),
        pgettext("CSV column", "flags"),
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
    header = [
        pgettext("CSV column", "finding"),
        pgettext("CSV column", "subject_id"),
        pgettext("CSV column", "subject"),
        pgettext("CSV column", "subject_url"),
        pgettext("CSV column", "level"),
        pgettext("CSV column", "related"),
        pgettext("CSV column", "detail"),
        pgettext("CSV column", "date"),
    ]
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
                gettext("engaged: %(title)s") % {"title": gap.engagement_title},
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
                gettext("%(upper)s above, %(lower)s below (gap %(gap)s)")
                % {"upper": d.upper_stance, "lower": d.lower_stance, "gap": d.gap},
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
                UNCOVERED[m.level] % {"uncovered": m.uncovered_count, "total": m.jurisdictions},
                "",
            ]
        )
    return header, rows


def coverage_csv(figure: Coverage) -> Table:
    header = [
        pgettext("CSV column", "dimension"),
        pgettext("CSV column", "key"),
        pgettext("CSV column", "label"),
        pgettext("CSV column", "count"),
        pgettext("CSV column", "total"),
        pgettext("CSV column", "share"),
    ]
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
    header = [
        pgettext("CSV column", "issue"),
        pgettext("CSV column", "stakeholder_id"),
        pgettext("CSV column", "stakeholder"),
        pgettext("CSV column", "url"),
        pgettext("CSV column", "detail"),
        pgettext("CSV column", "date"),
    ]
    rows: list[list[Any]] = []
    for r in figure.review_due:
        rows.append(
            [
                "review_due",
                r.actor.id,
                r.actor.name,
                r.assessment_url,
                gettext("assessed %(date)s") % {"date": r.assessed_on.isoformat()},
                r.overdue_since.isoformat(),
            ]
        )
    for i in figure.key_positions:
        title = (
            gettext("%(title)s (now %(holder)s)") % {"title": i.title, "holder": i.holder.name} if i.holder else i.title
        )
        rows.append(
            [
                i.kind,
                i.organisation.id,
                i.organisation.name,
                i.url,
                title,
                i.since.isoformat() if i.since else "",
            ]
        )
    return header, rows

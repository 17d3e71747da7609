"""National ↔ local coordination (challenge 1.1.c): the organisation hierarchy by level, national
engagement with no local follow-through, stances diverging along a chain, and the risk areas nobody holds."""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext

from shrhub.models import LEVEL_RANK, JurisdictionLevel

from ...choices import STANCE_SCORE, StakeholderKind
from ...models import Engagement, MandateArea, Stakeholder
from ..filters import DEFAULT_WINDOW_DAYS, Scope
from .graphs import chain_above, children_index, descendants
from .reads import in_use_stances, last_engaged, scope_jurisdictions
from .records import ACTOR_FIELDS, LEVELS, Actor, actor_of, url_maker


@dataclass(slots=True)
class OrgNode:
    """An organisation in the hierarchy, with its stance, its last engagement and the organisations under it."""

    actor: Actor
    stance: str | None
    last_engaged: datetime.date | None
    children: list[OrgNode] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    def size(self) -> int:
        """How many organisations the tree under this node holds, itself included."""
        return 1 + sum(child.size() for child in self.children)

    def walk(self) -> Iterator[OrgNode]:
        """This node and every node under it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class EngagementGap:
    """A national organisation engaged in the window whose local counterparts (the local organisations and
    people under it) were not engaged in the same window."""

    organisation: Actor
    engaged_on: datetime.date
    engagement_title: str
    engagement_url: str
    counterparts: list[Actor]
    counterparts_last_engaged: datetime.date | None


@dataclass(frozen=True)
class Divergence:
    """Two organisations of one chain on opposite sides (one champion or supporter, the other sceptic or
    spoiler). ``gap`` is the distance between their stance scores (2 to 4)."""

    upper: Actor
    upper_stance: str
    lower: Actor
    lower_stance: str
    gap: int


@dataclass(frozen=True)
class MandateLevel:
    """Who holds one risk area's mandate at one level, and the jurisdictions of that level with nobody."""

    area: str
    area_name: str
    level: str
    holders: list[Actor]
    jurisdictions: int
    uncovered: list[str]
    uncovered_count: int

    @property
    def is_gap(self) -> bool:
        return not self.holders


@dataclass
class Coordination:
    """The organisation hierarchy by level and where national and local do not line up (challenge 1.1.c).

    The jurisdiction filter keeps the jurisdictions above the chosen one (the national level belongs to every
    region's picture). Chains are read from the organisations' "part of" links within scope.
    """

    since: datetime.date
    days: int
    trees: list[OrgNode]
    organisations: int
    gaps: list[EngagementGap]
    divergences: list[Divergence]
    mandates: list[MandateLevel]

    @property
    def mandate_gaps(self) -> list[MandateLevel]:
        return [m for m in self.mandates if m.is_gap]

    def findings(self) -> list[CoordinationFinding]:
        """Each gap, divergence and uncovered mandate as a finding a manager can review (``analysis``)."""
        found = [_gap_finding(gap) for gap in self.gaps]
        found += [_divergence_finding(divergence) for divergence in self.divergences]
        return found + [_mandate_finding(mandate) for mandate in self.mandate_gaps]

    def without(self, keys: set[str]) -> Coordination:
        """The same picture without the findings whose keys are given (those a manager has already reviewed)."""
        if not keys:
            return self
        return replace(
            self,
            gaps=[g for g in self.gaps if _gap_key(g) not in keys],
            divergences=[d for d in self.divergences if _divergence_key(d) not in keys],
            mandates=[m for m in self.mandates if not m.is_gap or _mandate_key(m) not in keys],
        )


@dataclass(frozen=True)
class CoordinationFinding:
    """One computed coordination finding, as a proposal for the risk register: ``key`` names it (its kind and
    the records it is about), ``evidence`` fingerprints what it rests on (a review holds while both match).
    ``stakeholders`` are the ids it concerns; ``area`` a mandate area's code; the levels the gap runs between."""

    key: str
    evidence: str
    kind: str  # "gap", "divergence" or "mandate"
    title: str
    detail: str
    stakeholders: tuple[int, ...]
    upper_level: str
    lower_level: str
    area: str = ""


def fingerprint(*parts: object) -> str:
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:32]


def _gap_key(gap: EngagementGap) -> str:
    return f"gap:{gap.organisation.id}"


def _divergence_key(divergence: Divergence) -> str:
    return f"divergence:{divergence.upper.id}:{divergence.lower.id}"


def _mandate_key(mandate: MandateLevel) -> str:
    return f"mandate:{mandate.area}:{mandate.level}"


def _gap_finding(gap: EngagementGap) -> CoordinationFinding:
    counterparts = ", ".join(actor.name for actor in gap.counterparts[:5])
    return CoordinationFinding(
        key=_gap_key(gap),
        evidence=fingerprint(sorted(actor.id for actor in gap.counterparts), gap.counterparts_last_engaged),
        kind="gap",
        title=gettext("%(organisation)s was engaged nationally; its local counterparts were not")
        % {"organisation": gap.organisation.name},
        detail=gettext("Engaged on %(date)s (%(engagement)s); local counterparts not engaged: %(names)s.")
        % {"date": date_format(gap.engaged_on), "engagement": gap.engagement_title, "names": counterparts},
        stakeholders=(gap.organisation.id, *(actor.id for actor in gap.counterparts[:20])),
        upper_level=JurisdictionLevel.NATIONAL,
        lower_level=JurisdictionLevel.LOCAL,
    )


def _divergence_finding(divergence: Divergence) -> CoordinationFinding:
    return CoordinationFinding(
        key=_divergence_key(divergence),
        evidence=fingerprint(divergence.upper_stance, divergence.lower_stance),
        kind="divergence",
        title=gettext("Stances diverge between %(upper)s and %(lower)s")
        % {"upper": divergence.upper.name, "lower": divergence.lower.name},
        detail=f"{divergence.upper.name} ({divergence.upper_stance}) → {divergence.lower.name} "
        f"({divergence.lower_stance})",
        stakeholders=(divergence.upper.id, divergence.lower.id),
        upper_level=divergence.upper.level,
        lower_level=divergence.lower.level,
    )


def _mandate_finding(mandate: MandateLevel) -> CoordinationFinding:
    return CoordinationFinding(
        key=_mandate_key(mandate),
        evidence=fingerprint(mandate.uncovered_count, mandate.uncovered),
        kind="mandate",
        title=gettext("No %(level)s actor holds the %(area)s mandate")
        % {"level": str(JurisdictionLevel(mandate.level).label).lower(), "area": gettext(mandate.area_name).lower()},
        detail=gettext("Jurisdictions with nobody responsible: %(names)s.") % {"names": ", ".join(mandate.uncovered)},
        stakeholders=(),
        upper_level=JurisdictionLevel.NATIONAL,
        lower_level=mandate.level,
        area=mandate.area,
    )


def coordination(scope: Scope) -> Coordination:
    """Hierarchy, engagement gaps, stance divergences and risk-area mandates. Seven queries (plus those
    resolving the jurisdiction filter)."""
    days = int(scope.options.get("days") or DEFAULT_WINDOW_DAYS)
    since = scope.today - datetime.timedelta(days=days)
    hierarchy = Hierarchy(
        rows=list(scope.stakeholders.values(*ACTOR_FIELDS, "parent_id", "jurisdiction_id")),
        stances=in_use_stances(scope),
        last=last_engaged(scope, scope.stakeholders.values("pk")),
        url=url_maker("stakeholders:stakeholder_detail"),
    )
    trees = hierarchy.trees()
    gaps = _engagement_gaps(scope, hierarchy, since)
    divergences = hierarchy.divergences()
    flagged: defaultdict[int, list[str]] = defaultdict(list)
    for divergence in divergences:
        flagged[divergence.lower.id].append("divergence")
    for gap in gaps:
        flagged[gap.organisation.id].append("engagement gap")
    for tree in trees:
        for node in tree.walk():
            node.flags = flagged.get(node.actor.id, [])
    return Coordination(
        since=since,
        days=days,
        trees=trees,
        organisations=len(hierarchy.organisations()),
        gaps=gaps,
        divergences=divergences,
        mandates=_mandates(scope, hierarchy),
    )


class _LazyActors(dict):
    """``Actor`` records made on first use: most stakeholders read for a hierarchy are never named."""

    def __init__(self, rows: dict[int, dict[str, Any]], url: Callable[[int], str]) -> None:
        super().__init__()
        self.rows, self.url = rows, url

    def __missing__(self, pk: int) -> Actor:
        actor = self[pk] = actor_of(self.rows[pk], self.url)
        return actor


class Hierarchy:
    """The stakeholders in scope linked by their parent within scope: organisations under organisations,
    people under their organisation (counted as local counterparts, not drawn). Pure: it holds rows already
    read (``ACTOR_FIELDS``, ``parent_id``, ``jurisdiction_id``), the stances in use and the last engagements.
    """

    def __init__(
        self,
        rows: list[dict[str, Any]],
        stances: dict[int, str],
        last: dict[int, datetime.date],
        url: Callable[[int], str],
    ) -> None:
        self.by_id = {row["id"]: row for row in rows}
        self.parents = {pk: row["parent_id"] for pk, row in self.by_id.items()}
        self.children = children_index(self.parents, self._sibling_order)
        self.stances, self.last = stances, last
        self.actors = _LazyActors(self.by_id, url)

    def _sibling_order(self, pk: int) -> tuple:
        return LEVEL_RANK[self.by_id[pk]["level"]], self.by_id[pk]["name"], pk

    def is_org(self, pk: int) -> bool:
        return self.by_id[pk]["kind"] == StakeholderKind.ORGANISATION

    def level(self, pk: int) -> str:
        return self.by_id[pk]["level"]

    def organisations(self) -> list[int]:
        return [pk for pk in self.by_id if self.is_org(pk)]

    def trees(self) -> list[OrgNode]:
        """The organisations' trees, largest first, then by level (national first) and name."""
        trees = [self._tree(pk) for pk in self.children[None] if self.is_org(pk)]
        trees.sort(key=lambda t: (-t.size(), LEVEL_RANK[t.actor.level], t.actor.name, t.actor.id))
        return trees

    def _tree(self, pk: int) -> OrgNode:
        node = OrgNode(self.actors[pk], self.stances.get(pk), self.last.get(pk))
        node.children = [self._tree(child) for child in self.children.get(pk, []) if self.is_org(child)]
        return node

    def local_counterparts(self, pk: int) -> list[int]:
        """The local organisations and people anywhere under ``pk``."""
        return [d for d in descendants(self.children, pk) if self.level(d) == JurisdictionLevel.LOCAL]

    def divergences(self) -> list[Divergence]:
        """Each organisation with a stance on one side and an organisation above it in its chain on the other,
        widest gap first, then by name."""
        found: list[Divergence] = []
        for pk in self.organisations():
            lower_score = STANCE_SCORE.get(self.stances.get(pk, ""))
            if not lower_score:
                continue
            for upper in chain_above(self.parents, pk):
                upper_score = STANCE_SCORE.get(self.stances.get(upper, ""))
                if upper_score and (upper_score > 0) != (lower_score > 0):
                    found.append(
                        Divergence(
                            self.actors[upper],
                            self.stances[upper],
                            self.actors[pk],
                            self.stances[pk],
                            abs(upper_score - lower_score),
                        )
                    )
        found.sort(key=lambda d: (-d.gap, d.upper.name, d.lower.name, d.lower.id))
        return found


def _engagement_gaps(scope: Scope, hierarchy: Hierarchy, since: datetime.date) -> list[EngagementGap]:
    """National organisations engaged since ``since`` none of whose local counterparts were. One query (none
    if no national organisation was engaged), most recently engaged first."""
    last = hierarchy.last
    engaged_national = [
        pk
        for pk in hierarchy.organisations()
        if hierarchy.level(pk) == JurisdictionLevel.NATIONAL and last.get(pk) and last[pk] >= since
    ]
    latest = _latest_engagements(scope, engaged_national, since) if engaged_national else {}
    engagement_url = url_maker("stakeholders:engagement_detail")
    gaps: list[EngagementGap] = []
    for pk in engaged_national:
        counterparts = hierarchy.local_counterparts(pk)
        dates = [last[d] for d in counterparts if d in last]
        if not counterparts or any(day >= since for day in dates):
            continue
        engagement = latest[pk]
        gaps.append(
            EngagementGap(
                organisation=hierarchy.actors[pk],
                engaged_on=engagement["engagement__occurred_on"],
                engagement_title=engagement["engagement__title"],
                engagement_url=engagement_url(engagement["engagement_id"]),
                counterparts=sorted((hierarchy.actors[d] for d in counterparts), key=lambda a: (a.name, a.id)),
                counterparts_last_engaged=max(dates) if dates else None,
            )
        )
    gaps.sort(key=lambda g: (-g.engaged_on.toordinal(), g.organisation.name, g.organisation.id))
    return gaps


def _latest_engagements(scope: Scope, ids: list[int], since: datetime.date) -> dict[int, Mapping[str, Any]]:
    """Stakeholder id → its latest engagement the user may see, between ``since`` and today. One query."""
    rows = (
        Engagement.stakeholders.through.objects.filter(
            stakeholder_id__in=ids,
            engagement__in=Engagement.objects.visible_to(scope.user).values("pk"),
            engagement__occurred_on__gte=since,
            engagement__occurred_on__lte=scope.today,
        )
        .order_by("stakeholder_id", "-engagement__occurred_on", "-engagement_id")
        .values("stakeholder_id", "engagement_id", "engagement__title", "engagement__occurred_on")
    )
    latest: dict[int, Mapping[str, Any]] = {}
    for row in rows:
        latest.setdefault(row["stakeholder_id"], row)
    return latest


def _mandates(scope: Scope, hierarchy: Hierarchy) -> list[MandateLevel]:
    """For each risk area and each level the scope covers: its holders, and the jurisdictions with none.
    Three queries."""
    by_id = hierarchy.by_id
    areas = list(MandateArea.objects.all().values("id", "code", "name"))
    holdings = Stakeholder.mandate_areas.through.objects.filter(
        stakeholder_id__in=scope.stakeholders.values("pk")
    ).values_list("stakeholder_id", "mandatearea_id")
    holders: dict[tuple[int, str], list[int]] = defaultdict(list)
    for stakeholder_id, area_id in holdings:
        holders[(area_id, by_id[stakeholder_id]["level"])].append(stakeholder_id)
    jurisdictions = scope_jurisdictions(scope)
    out = []
    for area in areas:
        for level in LEVELS:
            at_level = [j for j in jurisdictions if j["level"] == level] if scope.includes_level(level) else []
            if not at_level:
                continue
            held_by = sorted(holders.get((area["id"], level), []), key=lambda pk: (by_id[pk]["name"], pk))
            covered = {by_id[pk]["jurisdiction_id"] for pk in held_by}
            uncovered = sorted(j["name"] for j in at_level if j["id"] not in covered)
            out.append(
                MandateLevel(
                    area=area["code"],
                    area_name=area["name"],
                    level=level,
                    holders=[hierarchy.actors[pk] for pk in held_by],
                    jurisdictions=len(at_level),
                    uncovered=uncovered[:20],
                    uncovered_count=len(uncovered),
                )
            )
    return out

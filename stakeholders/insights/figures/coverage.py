"""Coverage and bias: the spread of the map across sectors, levels, stances, sources and vulnerable groups,
and where it is outdated (assessments past review, key positions vacant or newly held)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext

from shrhub.models import JurisdictionLevel

from ...choices import Sector, SourceCategory, Stance
from ...models import Assessment, Engagement, InformationSource, Position, Stakeholder, Tenure, VulnerableGroup
from ...selectors import review_overdue_q, review_overdue_since
from ..filters import DEFAULT_WINDOW_DAYS, Scope
from .records import Actor, Share, actor_fields, actor_of, url_maker

# A corporate function that is the only corporate source of more than this share of assessments is a bias.
SOLE_SOURCE_LIMIT = 0.5


@dataclass(frozen=True)
class ReviewDue:
    """An assessment in use past its review date (or, without one, older than ``SHRHUB_REVIEW_MONTHS``)."""

    actor: Actor
    assessment_url: str
    assessed_on: datetime.date
    review_due_on: datetime.date | None
    overdue_since: datetime.date


@dataclass(frozen=True)
class KeyPositionIssue:
    """A key position that is vacant (``kind="vacant"``), or whose holder changed in the window with no
    engagement with the new holder since (``kind="changed_hands"``)."""

    kind: str
    position_id: int
    title: str
    url: str
    organisation: Actor
    holder: Actor | None
    since: datetime.date | None


@dataclass
class Coverage:
    """How well the map covers the host government, and where it may be outdated or biased.

    Shares of sectors and levels are of the stakeholders in scope; of stances, of the stakeholders in scope
    (with "not assessed"); of sources, of the assessments in use; of vulnerable groups, of the stakeholders
    in scope (a stakeholder represents a group if its record or its assessment in use says so).
    ``sole_sources`` counts, per corporate function, the assessments whose only corporate source it is.
    """

    in_scope: int
    assessed: int
    local_actors: int
    includes_local: bool
    sectors: list[Share]
    levels: list[Share]
    stances: list[Share]
    sources: list[Share]
    sole_sources: list[Share]
    vulnerable_groups: list[Share]
    representing_any: int
    review_due: list[ReviewDue]
    key_positions: list[KeyPositionIssue]
    days: int

    @property
    def not_assessed(self) -> int:
        return self.in_scope - self.assessed

    @property
    def vacant(self) -> list[KeyPositionIssue]:
        return [issue for issue in self.key_positions if issue.kind == "vacant"]

    @property
    def changed_hands(self) -> list[KeyPositionIssue]:
        return [issue for issue in self.key_positions if issue.kind == "changed_hands"]

    @property
    def top_sole_source(self) -> Share | None:
        ranked = sorted(self.sole_sources, key=lambda s: (-s.count, s.label))
        return ranked[0] if ranked and ranked[0].count else None


@dataclass(frozen=True)
class _Spreads:
    in_scope: int
    assessed: int
    local_actors: int
    sectors: list[Share]
    levels: list[Share]
    stances: list[Share]


def coverage(scope: Scope) -> Coverage:
    """The spread of the map and its weak spots. A fixed number of queries."""
    url = url_maker("stakeholders:stakeholder_detail")
    days = int(scope.options.get("days") or DEFAULT_WINDOW_DAYS)
    in_use = scope.assessments()
    spreads = _spreads(scope, in_use)
    sources, sole_sources = _sources(in_use, spreads.assessed)
    vulnerable_groups, representing_any = _vulnerable_groups(scope, in_use, spreads.in_scope)
    return Coverage(
        in_scope=spreads.in_scope,
        assessed=spreads.assessed,
        local_actors=spreads.local_actors,
        includes_local=scope.includes_level(JurisdictionLevel.LOCAL),
        sectors=spreads.sectors,
        levels=spreads.levels,
        stances=spreads.stances,
        sources=sources,
        sole_sources=sole_sources,
        vulnerable_groups=vulnerable_groups,
        representing_any=representing_any,
        review_due=_review_due(scope, in_use, url),
        key_positions=_key_position_issues(scope, days, url),
        days=days,
    )


def _spreads(scope: Scope, in_use: QuerySet) -> _Spreads:
    """The stakeholders in scope by sector, level and stance (with "not assessed"). Four queries."""
    stakeholder_list = reverse("stakeholders:stakeholder_list")
    in_scope = scope.stakeholders.count()
    by_sector = dict(scope.stakeholders.values("sector").annotate(n=Count("pk")).values_list("sector", "n"))
    by_level = dict(scope.stakeholders.values("level").annotate(n=Count("pk")).values_list("level", "n"))
    by_stance = dict(in_use.values("stance").annotate(n=Count("pk")).values_list("stance", "n").order_by())
    assessed = sum(by_stance.values())
    sectors = [
        Share(key, label, by_sector.get(key, 0), in_scope, scope.list_link(stakeholder_list, sector=key))
        for key, label in Sector.choices
        if not scope.sectors or key in scope.sectors
    ]
    levels = [
        Share(key, label, by_level.get(key, 0), in_scope, scope.list_link(stakeholder_list, level=key))
        for key, label in JurisdictionLevel.choices
        if scope.includes_level(key)
    ]
    stances = [
        Share(key, label, by_stance.get(key, 0), in_scope, scope.list_link(stakeholder_list, stance=key))
        for key, label in Stance.choices
    ]
    not_assessed = scope.list_link(stakeholder_list, assessed="false")
    stances.append(Share("not_assessed", gettext("Not assessed"), in_scope - assessed, in_scope, not_assessed))
    local_actors = by_level.get(JurisdictionLevel.LOCAL, 0)
    return _Spreads(in_scope, assessed, local_actors, sectors, levels, stances)


def _sources(in_use: QuerySet, assessed: int) -> tuple[list[Share], list[Share]]:
    """How many assessments in use cite each source, and, per corporate function, how many cite it as their
    only corporate source. Two queries: one pass over the (assessment, source) pairs."""
    assessment_list = reverse("stakeholders:assessment_list")
    sources = list(InformationSource.objects.all().values("id", "code", "name", "category"))
    source_by_id = {s["id"]: s for s in sources}
    citing: Counter[int] = Counter()
    corporate_of: dict[int, list[int]] = defaultdict(list)
    pairs = Assessment.sources.through.objects.filter(assessment_id__in=in_use.values("pk")).values_list(
        "assessment_id", "informationsource_id"
    )
    for assessment_id, source_id in pairs:
        citing[source_id] += 1
        if source_by_id[source_id]["category"] == SourceCategory.CORPORATE:
            corporate_of[assessment_id].append(source_id)
    sole = Counter(ids[0] for ids in corporate_of.values() if len(ids) == 1)
    shares = [
        Share(s["code"], s["name"], citing[s["id"]], assessed, f"{assessment_list}?current=true&source={s['id']}")
        for s in sources
    ]
    sole_shares = [
        Share(s["code"], s["name"], sole[s["id"]], assessed, f"{assessment_list}?current=true&source={s['id']}")
        for s in sources
        if s["category"] == SourceCategory.CORPORATE
    ]
    return shares, sole_shares


def _vulnerable_groups(scope: Scope, in_use: QuerySet, in_scope: int) -> tuple[list[Share], int]:
    """How many stakeholders in scope represent each vulnerable group (on their record or in their assessment
    in use), and how many represent any. Three queries."""
    stakeholder_list = reverse("stakeholders:stakeholder_list")
    groups = list(VulnerableGroup.objects.all().values("id", "code", "name"))
    representing: dict[int, set[int]] = defaultdict(set)
    on_record = Stakeholder.vulnerable_groups.through.objects.filter(
        stakeholder_id__in=scope.stakeholders.values("pk")
    ).values_list("vulnerablegroup_id", "stakeholder_id")
    in_assessment = Assessment.vulnerable_groups.through.objects.filter(
        assessment_id__in=in_use.values("pk")
    ).values_list("vulnerablegroup_id", "assessment__stakeholder_id")
    for group_id, stakeholder_id in [*on_record, *in_assessment]:
        representing[group_id].add(stakeholder_id)
    shares = [
        Share(
            g["code"],
            g["name"],
            len(representing[g["id"]]),
            in_scope,
            scope.list_link(stakeholder_list, vulnerable_group=g["id"]),
        )
        for g in groups
    ]
    return shares, (len(set().union(*representing.values())) if representing else 0)


def _review_due(scope: Scope, in_use: QuerySet, url: Callable[[int], str]) -> list[ReviewDue]:
    """Assessments in use overdue for review (the registry's one definition, ``stakeholders.selectors.
    review_overdue_q``); longest overdue first. One query."""
    assessment_url = url_maker("stakeholders:assessment_detail")
    rows = (
        in_use.filter(review_overdue_q(scope.today))
        .order_by("review_due_on", "assessed_on", "id")
        .values("id", "assessed_on", "review_due_on", *actor_fields("stakeholder__"))
    )
    review_due = [
        ReviewDue(
            actor=actor_of(row, url, "stakeholder__"),
            assessment_url=assessment_url(row["id"]),
            assessed_on=row["assessed_on"],
            review_due_on=row["review_due_on"],
            overdue_since=review_overdue_since(assessed_on=row["assessed_on"], review_due_on=row["review_due_on"]),
        )
        for row in rows
    ]
    review_due.sort(key=lambda r: (r.overdue_since, r.actor.name, r.actor.id))
    return review_due


def _key_position_issues(scope: Scope, days: int, url: Callable[[int], str]) -> list[KeyPositionIssue]:
    """Vacant key positions of the organisations in scope, and key positions whose current holder started in
    the window with no engagement with them since. A fixed number of queries."""
    positions = Position.objects.visible_to(scope.user).filter(
        is_key=True, organisation__in=scope.stakeholders.values("pk")
    )
    return _vacant(positions, url) + _changed_hands(scope, positions, days, url)


def _vacant(positions: QuerySet, url: Callable[[int], str]) -> list[KeyPositionIssue]:
    """The positions with no open tenure, by organisation and title. One query."""
    position_url = url_maker("stakeholders:position_detail")
    open_tenure = Tenure.objects.filter(position=OuterRef("pk"), ended_on__isnull=True)
    rows = (
        positions.filter(~Exists(open_tenure))
        .order_by("organisation__name", "title", "id")
        .values("id", "title", *actor_fields("organisation__"))
    )
    return [
        KeyPositionIssue(
            "vacant", row["id"], row["title"], position_url(row["id"]), actor_of(row, url, "organisation__"), None, None
        )
        for row in rows
    ]


def _changed_hands(scope: Scope, positions: QuerySet, days: int, url: Callable[[int], str]) -> list[KeyPositionIssue]:
    """The positions whose current holder started in the last ``days`` days and has not been engaged since,
    latest first. Two queries."""
    position_url = url_maker("stakeholders:position_detail")
    since = scope.today - datetime.timedelta(days=days)
    engaged_since_start = Engagement.stakeholders.through.objects.filter(
        stakeholder_id=OuterRef("holder_id"),
        engagement__occurred_on__gte=OuterRef("started_on"),
        engagement__occurred_on__lte=scope.today,
        engagement__in=Engagement.objects.visible_to(scope.user).values("pk"),
    )
    recent = list(
        Tenure.objects.visible_to(scope.user)
        .filter(
            position__in=positions.values("pk"),
            ended_on__isnull=True,
            started_on__gte=since,
            started_on__lte=scope.today,
        )
        .filter(~Exists(engaged_since_start))
        .order_by("-started_on", "position__title", "id")
        .values(
            "position_id",
            "position__title",
            "started_on",
            *actor_fields("holder__"),
            *actor_fields("position__organisation__"),
        )
    )
    # A holder the user may not see stays unnamed: the position's issue is still the user's to know.
    shown = set(
        Stakeholder.objects.visible_to(scope.user)
        .filter(pk__in=[row["holder__id"] for row in recent])
        .values_list("pk", flat=True)
    )
    return [
        KeyPositionIssue(
            "changed_hands",
            row["position_id"],
            row["position__title"],
            position_url(row["position_id"]),
            actor_of(row, url, "position__organisation__"),
            actor_of(row, url, "holder__") if row["holder__id"] in shown else None,
            row["started_on"],
        )
        for row in recent
    ]

"""What the manager views find, as warnings for the manager home page (``shrhub.registry``).

Each ``*_warnings`` function turns one view's figure into warnings that link to that view with the same
filters; ``manager_views`` declares which function serves which view, and its ``insight_warnings`` is the
provider registered in ``StakeholdersConfig.ready()``. The source each warning names is its view's label
(``ManagerView.label``; ``tests/insights/test_manager_views.py`` holds the two together).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse

from shrhub.registry import Warning

from .figures.champion_map import ChampionMap
from .figures.coordination import Coordination
from .figures.coverage import SOLE_SOURCE_LIMIT, Coverage
from .figures.round_changes import RoundChanges
from .filters import Scope

MAP = "Champion/spoiler map"
CHANGES = "Change between rounds"
COORDINATION = "National ↔ local coordination"
COVERAGE = "Coverage and bias"


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def _names(names: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return f"{shown} and {len(names) - limit} more" if len(names) > limit else shown


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def map_warnings(figure: ChampionMap, scope: Scope) -> list[Warning]:
    """Influential spoilers to engage."""
    engage = [p for p in figure.points if p.quadrant == "engage"]
    if not engage:
        return []
    names = [f"{p.actor.name} ({p.stance}, influence {p.influence})" for p in engage]
    return [
        Warning(
            "medium",
            f"{_count(len(engage), 'influential spoiler')} to engage",
            _names(names),
            scope.link(reverse("stakeholders:insights_map")),
            MAP,
        )
    ]


def change_warnings(figure: RoundChanges, scope: Scope) -> list[Warning]:
    """Stakeholders who moved towards spoiler, and those the later round did not reassess."""
    if figure.before is None or figure.after is None:
        return []
    url = scope.link(reverse("stakeholders:insights_changes"), before=figure.before.id, after=figure.after.id)
    found = []
    if figure.moved_down:
        names = [f"{m.actor.name} ({m.before_stance} → {m.after_stance})" for m in figure.moved_down]
        found.append(
            Warning(
                "medium",
                f"{_count(len(figure.moved_down), 'stakeholder')} moved towards spoiler since {figure.before.name}",
                _names(names),
                url,
                CHANGES,
            )
        )
    if figure.not_reassessed:
        found.append(
            Warning(
                "low",
                f"{_count(len(figure.not_reassessed), 'stakeholder was', 'stakeholders were')} not reassessed in "
                f"{figure.after.name}",
                _names([m.actor.name for m in figure.not_reassessed]),
                url,
                CHANGES,
            )
        )
    return found


def coordination_warnings(figure: Coordination, scope: Scope) -> list[Warning]:
    """National engagement without local follow-through, diverging chains, risk areas nobody holds."""
    url = scope.link(reverse("stakeholders:insights_coordination"))
    found = []
    if figure.gaps:
        found.append(
            Warning(
                "high",
                f"{_count(len(figure.gaps), 'national organisation')} engaged with no local counterpart engaged "
                f"in the last {figure.days} days",
                _names([g.organisation.name for g in figure.gaps]),
                url + "#gaps",
                COORDINATION,
            )
        )
    if figure.divergences:
        worst = figure.divergences[0]
        found.append(
            Warning(
                "high" if worst.gap == 4 else "medium",
                f"Stances diverge along {_count(len(figure.divergences), 'chain link')}",
                _names(
                    [
                        f"{d.upper.name} ({d.upper_stance}) → {d.lower.name} ({d.lower_stance})"
                        for d in figure.divergences
                    ],
                    3,
                ),
                url + "#divergences",
                COORDINATION,
            )
        )
    by_area: dict[str, list[str]] = {}
    for gap in figure.mandate_gaps:
        by_area.setdefault(gap.area_name, []).append(gap.level)
    for area, levels in by_area.items():
        found.append(
            Warning(
                "high",
                f"No {_and(levels)} actor holds the {area.lower()} mandate",
                "A risk area the Hub names for national/local coordination: communities are exposed where no "
                "body at a level is responsible for it.",
                url + "#mandates",
                COORDINATION,
            )
        )
    return found


def coverage_warnings(figure: Coverage, scope: Scope) -> list[Warning]:
    """No local actors, one corporate function behind most assessments, nobody representing vulnerable groups,
    assessments past review, key positions vacant or newly held without an engagement, stakeholders never
    assessed."""
    url = scope.link(reverse("stakeholders:insights_coverage"))
    found = []
    if figure.includes_local and figure.in_scope and not figure.local_actors:
        found.append(
            Warning(
                "high",
                "No local actors on the map",
                "National and regional actors only: local government, police commands and community leaders are "
                "where national agreements are carried out (challenge 1.1.c).",
                url,
                COVERAGE,
            )
        )
    found += _bias_warnings(figure, url)
    found += _outdated_warnings(figure, url)
    return found


def _bias_warnings(figure: Coverage, url: str) -> list[Warning]:
    """One corporate function behind most assessments; nobody representing vulnerable groups (any or some)."""
    found = []
    top = figure.top_sole_source
    if top is not None and figure.assessed and top.count / figure.assessed > SOLE_SOURCE_LIMIT:
        found.append(
            Warning(
                "medium",
                f"{top.label} alone supplied {top.count} of {figure.assessed} assessments",
                "Collect information across corporate functions (security, community relations, government "
                "affairs, environment) and from external sources to avoid a one-sided map.",
                url + "#sources",
                COVERAGE,
            )
        )
    if figure.in_scope and not figure.representing_any:
        found.append(
            Warning(
                "high",
                "Nobody on the map represents a vulnerable group",
                "Identify who represents women, children, indigenous peoples, minorities and other vulnerable "
                "groups (mapping question 3).",
                url + "#vulnerable",
                COVERAGE,
            )
        )
    elif figure.in_scope:
        missing = [share.label for share in figure.vulnerable_groups if not share.count]
        if missing:
            found.append(
                Warning(
                    "medium",
                    f"Nobody represents {_count(len(missing), 'vulnerable group')}",
                    _names(missing, 8),
                    url + "#vulnerable",
                    COVERAGE,
                )
            )
    return found


def _outdated_warnings(figure: Coverage, url: str) -> list[Warning]:
    """Assessments past review, key positions vacant or newly held without an engagement, stakeholders never
    assessed."""
    found = []
    if figure.review_due:
        found.append(
            Warning(
                "medium",
                f"{_count(len(figure.review_due), 'assessment is', 'assessments are')} overdue for review",
                _names([r.actor.name for r in figure.review_due]),
                url + "#review",
                COVERAGE,
            )
        )
    if figure.vacant:
        found.append(
            Warning(
                "high",
                f"{_count(len(figure.vacant), 'key position is', 'key positions are')} vacant",
                _names([f"{i.title}, {i.organisation.name}" for i in figure.vacant]),
                url + "#positions",
                COVERAGE,
            )
        )
    if figure.changed_hands:
        found.append(
            Warning(
                "medium",
                f"{_count(len(figure.changed_hands), 'key position')} changed hands in the last {figure.days} days "
                "with no engagement since",
                _names(
                    [
                        f"{i.title}, {i.organisation.name} ({i.holder.name if i.holder else '—'})"
                        for i in figure.changed_hands
                    ]
                ),
                url + "#positions",
                COVERAGE,
            )
        )
    if figure.not_assessed:
        found.append(
            Warning(
                "low",
                f"{_count(figure.not_assessed, 'stakeholder has', 'stakeholders have')} no assessment",
                "Unassessed stakeholders are missing from the map.",
                url,
                COVERAGE,
            )
        )
    return found

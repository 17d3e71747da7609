"""What the manager views find, as warnings for the manager home page (``shrhub.registry``).

Each ``*_warnings`` function turns one view's figure into warnings that link to that view with the same
filters; ``manager_views`` declares which function serves which view, and its ``insight_warnings`` is the
provider registered in ``StakeholdersConfig.ready()``. The source each warning names is its view's label
(``ManagerView.label``; ``tests/insights/test_manager_views.py`` holds the two together).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from shrhub.models import JurisdictionLevel
from shrhub.registry import Warning, reviewed_findings

from .figures.champion_map import ChampionMap
from .figures.coordination import Coordination
from .figures.coverage import SOLE_SOURCE_LIMIT, Coverage
from .figures.round_changes import RoundChanges
from .filters import Scope

MAP = gettext_lazy("Champion/spoiler map")
CHANGES = gettext_lazy("Change between rounds")
COORDINATION = gettext_lazy("National ↔ local coordination")
COVERAGE = gettext_lazy("Coverage and bias")


def _names(names: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    more = len(names) - limit
    return _("%(names)s and %(count)d more") % {"names": shown, "count": more} if more > 0 else shown


def _and(words: Sequence[str]) -> str:
    return (
        words[0] if len(words) == 1 else _("%(list)s or %(last)s") % {"list": ", ".join(words[:-1]), "last": words[-1]}
    )


def map_warnings(figure: ChampionMap, scope: Scope) -> list[Warning]:
    """Influential spoilers to engage."""
    engage = [p for p in figure.points if p.quadrant == "engage"]
    if not engage:
        return []
    names = [
        _("%(name)s (%(stance)s, influence %(influence)s)")
        % {"name": p.actor.name, "stance": p.stance, "influence": p.influence}
        for p in engage
    ]
    return [
        Warning(
            "medium",
            ngettext("%(count)d influential spoiler to engage", "%(count)d influential spoilers to engage", len(engage))
            % {"count": len(engage)},
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
                ngettext(
                    "%(count)d stakeholder moved towards spoiler since %(round)s",
                    "%(count)d stakeholders moved towards spoiler since %(round)s",
                    len(figure.moved_down),
                )
                % {"count": len(figure.moved_down), "round": figure.before.name},
                _names(names),
                url,
                CHANGES,
            )
        )
    if figure.not_reassessed:
        found.append(
            Warning(
                "low",
                ngettext(
                    "%(count)d stakeholder was not reassessed in %(round)s",
                    "%(count)d stakeholders were not reassessed in %(round)s",
                    len(figure.not_reassessed),
                )
                % {"count": len(figure.not_reassessed), "round": figure.after.name},
                _names([m.actor.name for m in figure.not_reassessed]),
                url,
                CHANGES,
            )
        )
    return found


def coordination_warnings(figure: Coordination, scope: Scope) -> list[Warning]:
    """National engagement without local follow-through, diverging chains, risk areas nobody holds: the findings
    no manager has reviewed yet on their current evidence (a reviewed finding returns when its evidence changes)."""
    url = scope.link(reverse("stakeholders:insights_coordination"))
    figure = figure.without(reviewed_findings({f.key: f.evidence for f in figure.findings()}))
    found = [*_gap_warnings(figure, url), *_divergence_warnings(figure, url)]
    return found + _mandate_warnings(figure, url)


def _gap_warnings(figure: Coordination, url: str) -> list[Warning]:
    if not figure.gaps:
        return []
    title = ngettext(
        "%(count)d national organisation engaged with no local counterpart engaged in the last %(days)d days",
        "%(count)d national organisations engaged with no local counterpart engaged in the last %(days)d days",
        len(figure.gaps),
    ) % {"count": len(figure.gaps), "days": figure.days}
    names = _names([g.organisation.name for g in figure.gaps])
    return [Warning("high", title, names, url + "#gaps", COORDINATION)]


def _divergence_warnings(figure: Coordination, url: str) -> list[Warning]:
    if not figure.divergences:
        return []
    worst = figure.divergences[0]
    title = ngettext(
        "Stances diverge along %(count)d chain link",
        "Stances diverge along %(count)d chain links",
        len(figure.divergences),
    ) % {"count": len(figure.divergences)}
    links = [f"{d.upper.name} ({d.upper_stance}) → {d.lower.name} ({d.lower_stance})" for d in figure.divergences]
    severity = "high" if worst.gap == 4 else "medium"
    return [Warning(severity, title, _names(links, 3), url + "#divergences", COORDINATION)]


def _mandate_warnings(figure: Coordination, url: str) -> list[Warning]:
    by_area: dict[str, list[str]] = {}
    for gap in figure.mandate_gaps:
        by_area.setdefault(gap.area_name, []).append(gap.level)
    detail = _(
        "A risk area the Hub names for national/local coordination: communities are exposed where no "
        "body at a level is responsible for it."
    )
    found = []
    for area, levels in by_area.items():
        title = _("No %(levels)s actor holds the %(area)s mandate") % {
            "levels": _and([str(JurisdictionLevel(level).label).lower() for level in levels]),
            "area": _(area).lower(),  # a seeded vocabulary name, in the catalogues (stakeholders.vocabularies)
        }
        found.append(Warning("high", title, detail, url + "#mandates", COORDINATION))
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
                _("No local actors on the map"),
                _(
                    "National and regional actors only: local government, police commands and community leaders "
                    "are where national agreements are carried out (challenge 1.1.c)."
                ),
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
                _("%(source)s alone supplied %(count)d of %(total)d assessments")
                % {"source": top.label, "count": top.count, "total": figure.assessed},
                _(
                    "Collect information across corporate functions (security, community relations, government "
                    "affairs, environment) and from external sources to avoid a one-sided map."
                ),
                url + "#sources",
                COVERAGE,
            )
        )
    if figure.in_scope and not figure.representing_any:
        found.append(
            Warning(
                "high",
                _("Nobody on the map represents a vulnerable group"),
                _(
                    "Identify who represents women, children, indigenous peoples, minorities and other vulnerable "
                    "groups (mapping question 3)."
                ),
                url + "#vulnerable",
                COVERAGE,
            )
        )
    elif figure.in_scope:
        missing = [str(share.label) for share in figure.vulnerable_groups if not share.count]
        if missing:
            found.append(
                Warning(
                    "medium",
                    ngettext(
                        "Nobody represents %(count)d vulnerable group",
                        "Nobody represents %(count)d vulnerable groups",
                        len(missing),
                    )
                    % {"count": len(missing)},
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
        n = len(figure.review_due)
        title = ngettext(
            "%(count)d assessment is overdue for review", "%(count)d assessments are overdue for review", n
        ) % {"count": n}
        found.append(
            Warning("medium", title, _names([r.actor.name for r in figure.review_due]), url + "#review", COVERAGE)
        )
    if figure.vacant:
        n = len(figure.vacant)
        title = ngettext("%(count)d key position is vacant", "%(count)d key positions are vacant", n) % {"count": n}
        names = _names([f"{i.title}, {i.organisation.name}" for i in figure.vacant])
        found.append(Warning("high", title, names, url + "#positions", COVERAGE))
    if figure.changed_hands:
        found.append(_handover_warning(figure, url))
    if figure.not_assessed:
        n = figure.not_assessed
        title = ngettext("%(count)d stakeholder has no assessment", "%(count)d stakeholders have no assessment", n) % {
            "count": n
        }
        found.append(Warning("low", title, _("Unassessed stakeholders are missing from the map."), url, COVERAGE))
    return found


def _handover_warning(figure: Coverage, url: str) -> Warning:
    n = len(figure.changed_hands)
    title = ngettext(
        "%(count)d key position changed hands in the last %(days)d days with no engagement since",
        "%(count)d key positions changed hands in the last %(days)d days with no engagement since",
        n,
    ) % {"count": n, "days": figure.days}
    holders = [f"{i.title}, {i.organisation.name} ({i.holder.name if i.holder else '—'})" for i in figure.changed_hands]
    return Warning("medium", title, _names(holders), url + "#positions", COVERAGE)

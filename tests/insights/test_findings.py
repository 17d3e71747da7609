"""Coordination findings as keyed proposals (issue 15): one per gap, divergence and uncovered mandate, with a key
that names what it is about and an evidence fingerprint that changes when what it rests on changes; the
coordination warnings leave out the findings a registered review covers."""

from __future__ import annotations

import pytest

from shrhub import registry
from stakeholders.insights.figures.coordination import coordination
from stakeholders.insights.filters import CoordinationFilterSet, resolve_scope
from stakeholders.insights.warnings import coordination_warnings
from tests.stakeholders.factories import AssessmentFactory, EngagementFactory

from .world import days_ago

pytestmark = [pytest.mark.dates]


def figure_for(user):
    scope = resolve_scope(user=user, data={}, filterset_class=CoordinationFilterSet)
    return coordination(scope), scope


def test_one_finding_per_gap_divergence_and_uncovered_mandate(world, manager):
    figure, _ = figure_for(manager)
    findings = figure.findings()
    kinds = [finding.kind for finding in findings]
    assert kinds.count("gap") == len(figure.gaps) == 1
    assert kinds.count("divergence") == len(figure.divergences) == 4
    assert kinds.count("mandate") == len(figure.mandate_gaps)
    gap = findings[0]
    assert gap.key == f"gap:{world.ministry.pk}"
    assert world.ministry.pk in gap.stakeholders and world.station1.pk in gap.stakeholders
    assert (gap.upper_level, gap.lower_level) == ("national", "local")
    assert len({finding.key for finding in findings}) == len(findings)


def test_evidence_changes_with_what_the_finding_rests_on(world, manager):
    before = {f.key: f.evidence for f in figure_for(manager)[0].findings()}
    assert before == {f.key: f.evidence for f in figure_for(manager)[0].findings()}  # stable
    AssessmentFactory(stakeholder=world.station2, stance="spoiler", assessed_on=days_ago(1))
    after = {f.key: f.evidence for f in figure_for(manager)[0].findings()}
    changed = {key for key in before.keys() & after.keys() if before[key] != after[key]}
    assert f"divergence:{world.ministry.pk}:{world.station2.pk}" in changed
    assert f"gap:{world.ministry.pk}" not in changed


def test_without_leaves_out_the_reviewed_findings_only(world, manager):
    figure, _ = figure_for(manager)
    key = f"divergence:{world.ministry.pk}:{world.station1.pk}"
    rest = figure.without({key, f"gap:{world.ministry.pk}"})
    assert rest.gaps == [] and len(rest.divergences) == 3
    assert rest.mandates == figure.mandates
    assert figure.without(set()) is figure


def test_warnings_leave_out_what_a_review_covers_until_its_evidence_changes(world, manager, monkeypatch):
    figure, scope = figure_for(manager)
    stored = {f.key: f.evidence for f in figure.findings() if f.kind == "gap"}
    monkeypatch.setattr(
        registry, "_finding_reviews", [lambda evidence: {k for k, v in evidence.items() if stored.get(k) == v}]
    )
    titles = [w.title for w in coordination_warnings(figure, scope)]
    assert not any("no local counterpart" in title for title in titles)
    assert any("Stances diverge" in title for title in titles)
    EngagementFactory(title="New national meeting", occurred_on=days_ago(2), stakeholders=[world.ministry])
    EngagementFactory(title="Old station visit", occurred_on=days_ago(100), stakeholders=[world.station1])
    figure, scope = figure_for(manager)  # the counterparts were engaged at another date: new evidence
    assert any("no local counterpart" in w.title for w in coordination_warnings(figure, scope))

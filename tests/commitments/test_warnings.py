"""The managers' warnings about agreements (1.1.c): local bodies contradicting an agreement reached above them
(high), agreements in force not yet known below (medium), as the reader may see them; nothing for a reader who may
not read agreements."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from commitments.choices import AgreementStatus, RolloutState
from commitments.warnings import agreement_warnings
from shrhub.registry import manager_warnings
from shrhub.roles import Role
from tests.helpers.queries import count_queries

from .factories import AgreementFactory, RegionalBodyFactory, RolloutFactory

pytestmark = pytest.mark.django_db

GAPS_URL = reverse("commitments:agreement_list") + "?rollout_gap=true"


def by_severity(warnings) -> dict[str, object]:
    found = {}
    for warning in warnings:
        assert warning.severity not in found, "one warning per severity"
        found[warning.severity] = warning
    return found


def test_a_body_contradicting_an_agreement_is_a_high_warning(make_user):
    agreement = AgreementFactory()
    RolloutFactory(agreement=agreement, state=RolloutState.CONTRADICTING, body=RegionalBodyFactory(name="North Office"))
    RolloutFactory(agreement=agreement, state=RolloutState.IMPLEMENTING)
    found = by_severity(agreement_warnings(make_user(Role.MANAGER), {}))
    assert set(found) == {"high"}
    assert str(found["high"].title) == "Local practice contradicts 1 agreement reached above it"
    assert "North Office" in str(found["high"].detail)
    assert found["high"].url == GAPS_URL


def test_agreements_not_known_below_are_a_medium_warning(make_user):
    unaware = AgreementFactory(title="MoU nobody told the regions of")
    RolloutFactory(agreement=unaware, state=RolloutState.UNAWARE)
    unlisted = AgreementFactory(title="MoU with no roll-out yet")
    known = AgreementFactory(title="MoU known below")
    RolloutFactory(agreement=known, state=RolloutState.AWARE)
    AgreementFactory(title="Draft clause", status=AgreementStatus.DRAFT)
    found = by_severity(agreement_warnings(make_user(Role.MANAGER), {}))
    assert set(found) == {"medium"}
    warning = found["medium"]
    assert str(warning.title) == "2 agreements in force are not yet known to the bodies that must apply them"
    assert str(unaware) in str(warning.detail) and str(unlisted) in str(warning.detail)
    assert "MoU known below" not in str(warning.detail) and "Draft clause" not in str(warning.detail)
    assert warning.url == GAPS_URL


def test_nothing_to_warn_about_when_every_body_applies_it(make_user):
    agreement = AgreementFactory()
    RolloutFactory(agreement=agreement, state=RolloutState.COMMITTED)
    assert agreement_warnings(make_user(Role.MANAGER), {}) == []


def test_the_warnings_count_only_what_the_reader_may_see(make_user):
    AgreementFactory(title="Secret MoU", confidentiality="confidential")
    shown = AgreementFactory()
    RolloutFactory(agreement=shown, state=RolloutState.AWARE)
    RolloutFactory(
        agreement=shown,
        state=RolloutState.CONTRADICTING,
        body=RegionalBodyFactory(name="Hidden Office", confidentiality="confidential"),
    )
    assert agreement_warnings(make_user(Role.MANAGER), {}) == []
    admin = by_severity(agreement_warnings(make_user(Role.ADMINISTRATOR), {}))
    assert set(admin) == {"high", "medium"}
    assert "Hidden Office" in str(admin["high"].detail) and "Secret MoU" in str(admin["medium"].detail)


def test_nothing_for_a_reader_who_may_not_read_agreements(make_user):
    RolloutFactory(state=RolloutState.CONTRADICTING)
    assert agreement_warnings(make_user(None), {}) == []
    manager = make_user(Role.MANAGER)
    Group.objects.get(name=Role.MANAGER).permissions.remove(Permission.objects.get(codename="view_agreement"))
    assert agreement_warnings(manager, {}) == []
    assert not [w for w in manager_warnings(manager) if w.url == GAPS_URL]


def test_the_managers_warnings_include_them_at_a_constant_cost(make_user):
    """Two queries however many agreements (the docstring's promise)."""
    manager = make_user(Role.MANAGER)
    agreement_warnings(manager, {})  # the permission cache, once

    def queries(n):
        for _ in range(n):
            agreement = AgreementFactory()
            RolloutFactory(agreement=agreement, state=RolloutState.CONTRADICTING)
            RolloutFactory(agreement=agreement, state=RolloutState.UNAWARE)
        return count_queries(lambda: agreement_warnings(manager, {}))

    assert queries(2) == queries(10) == 2
    assert {w.severity for w in manager_warnings(manager) if w.url == GAPS_URL} == {"high", "medium"}

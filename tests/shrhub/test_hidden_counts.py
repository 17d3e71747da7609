"""Counts include only what the user may see: a count of hidden rows reveals that they exist (and, watched over
time, when they come and go). Mapping rounds' assessments, meetings' attendance, groups' attendance figures,
representation and actions — on pages and in the API."""

from __future__ import annotations

import datetime

import pytest

from shrhub.roles import Role
from tests.stakeholders.factories import AssessmentFactory, MappingRoundFactory, OrganisationFactory
from tests.workinggroups.factories import (
    ActionItemFactory,
    ActionProgressFactory,
    AttendanceFactory,
    HeldMeetingFactory,
    MembershipFactory,
)
from workinggroups import selectors
from workinggroups.choices import Constituency

pytestmark = pytest.mark.django_db


# Mapping rounds -------------------------------------------------------------------------------------------


@pytest.fixture
def round_with_a_hidden_assessment():
    mapping_round = MappingRoundFactory(name="Round of 2026")
    AssessmentFactory(mapping_round=mapping_round, confidentiality="confidential")
    AssessmentFactory(mapping_round=mapping_round, stakeholder=OrganisationFactory(confidentiality="confidential"))
    return mapping_round


def test_a_round_counts_only_the_assessments_the_user_may_see(client_for, round_with_a_hidden_assessment):
    mapping_round = round_with_a_hidden_assessment
    detail = client_for(Role.SECURITY).get(mapping_round.get_absolute_url()).content.decode()
    assert "Assessments in this round (0)" in detail
    listed = client_for(Role.SECURITY).get("/mapping-rounds/").context["object_list"]
    assert [row.assessment_count for row in listed] == [0]
    admin = client_for(Role.ADMINISTRATOR).get(mapping_round.get_absolute_url()).content.decode()
    assert "Assessments in this round (2)" in admin


def test_the_api_counts_only_the_assessments_the_user_may_see(api_client_for, round_with_a_hidden_assessment):
    pk = round_with_a_hidden_assessment.pk
    assert api_client_for(Role.SECURITY).get(f"/api/v1/mapping-rounds/{pk}/").json()["assessment_count"] == 0
    assert api_client_for(Role.SECURITY).get("/api/v1/mapping-rounds/").json()["results"][0]["assessment_count"] == 0
    assert api_client_for(Role.ADMINISTRATOR).get(f"/api/v1/mapping-rounds/{pk}/").json()["assessment_count"] == 2


# Working groups -------------------------------------------------------------------------------------------


@pytest.fixture
def meeting_with_a_hidden_member():
    """An internal meeting attended by a visible police member and by a confidential vulnerable-group
    representative, who also owns an open action (with a progress note)."""
    meeting = HeldMeetingFactory(title="Quarterly meeting")
    group = meeting.group
    police = MembershipFactory(group=group, constituency=Constituency.POLICE)
    hidden = MembershipFactory(
        group=group,
        constituency=Constituency.VULNERABLE_GROUP,
        stakeholder=OrganisationFactory(name="Hidden Women's Association", confidentiality="confidential"),
    )
    AttendanceFactory(meeting=meeting, membership=police)
    AttendanceFactory(meeting=meeting, membership=hidden)
    action = ActionItemFactory(meeting=meeting, owner_membership=hidden, due_on=datetime.date(2026, 4, 1))
    ActionProgressFactory(action=action)
    return meeting


def test_meeting_attendance_counts_only_visible_members(client_for, api_client_for, meeting_with_a_hidden_member):
    meeting = meeting_with_a_hidden_member
    rows = client_for(Role.COMMUNITY).get("/working-groups/meetings/").context["object_list"]
    assert [(row.present_count, row.recorded_count) for row in rows] == [(1, 1)]
    api = api_client_for(Role.COMMUNITY).get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert (api["present_count"], api["recorded_count"]) == (1, 1)
    group_page = client_for(Role.COMMUNITY).get(meeting.group.get_absolute_url())
    assert [m.present_count for m in group_page.context["object"].meetings.all()] == [1]
    admin = api_client_for(Role.ADMINISTRATOR).get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert (admin["present_count"], admin["recorded_count"]) == (2, 2)


def test_group_health_counts_only_visible_members(make_user, meeting_with_a_hidden_member):
    group = meeting_with_a_hidden_member.group
    today = datetime.date(2026, 3, 20)
    community = make_user(Role.COMMUNITY)
    seen = selectors.workinggroup_health_list(user=community, today=today).get(pk=group.pk)
    assert (seen.attended, seen.expected) == (1, 1)
    assert not seen.vulnerable_represented and not seen.vulnerable_attend
    assert (seen.open_actions, seen.counted_actions) == (0, 0)
    admin = selectors.workinggroup_health_list(user=make_user(Role.ADMINISTRATOR), today=today).get(pk=group.pk)
    assert (admin.attended, admin.expected, admin.open_actions) == (2, 2, 1)
    assert admin.vulnerable_represented and admin.vulnerable_attend


def test_attendance_by_constituency_counts_only_visible_members(make_user, meeting_with_a_hidden_member):
    group = meeting_with_a_hidden_member.group
    community = make_user(Role.COMMUNITY)
    rows = selectors.attendance_by_constituency([group.pk], user=community)[group.pk]
    assert [(row.constituency, row.present, row.expected) for row in rows] == [(Constituency.POLICE, 1, 1)]
    admin = selectors.attendance_by_constituency([group.pk], user=make_user(Role.ADMINISTRATOR))[group.pk]
    assert len(admin) == 2


def test_group_page_shows_only_visible_figures(client_for, meeting_with_a_hidden_member):
    html = client_for(Role.COMMUNITY).get(meeting_with_a_hidden_member.group.get_absolute_url()).content.decode()
    assert "1 of 1 seats present" in html
    assert "Vulnerable group" not in html.split('id="attendance-rate"')[1].split("</table>")[0]

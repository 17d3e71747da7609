"""History shows only what the reader may see: related records they may not see are a placeholder (never a name
or an id), a change only hidden values made is left out, and the trail loads in a constant number of queries.

Readers: security staff see restricted records but not confidential ones; administrators see everything."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from shrhub.audit import HIDDEN_LABEL, history_entries
from shrhub.roles import Role
from stakeholders import services
from stakeholders.models import Engagement
from tests.helpers.queries import assert_constant_queries
from tests.stakeholders.factories import (
    AssessmentFactory,
    EngagementFactory,
    OrganisationFactory,
    PersonFactory,
    TenureFactory,
)
from tests.workinggroups.factories import HeldMeetingFactory, KeyIssueFactory, MembershipFactory, WorkingGroupFactory
from workinggroups import services as wg_services

pytestmark = pytest.mark.django_db

HIDDEN_LABEL = str(HIDDEN_LABEL)  # a lazy translation: the text as the tests read it (English)

READER = Role.SECURITY  # sees internal and restricted records, not confidential ones


def related_values(payload: list[dict]) -> list[dict]:
    """Every related value (``{"id", "name", "hidden"}``) in an API history answer."""
    found = []
    for entry in payload:
        for change in entry["changes"]:
            for side in (change["old"], change["new"]):
                items = side if isinstance(side, list) else [side]
                found.extend(item for item in items if isinstance(item, dict))
    return found


def change_of(payload: list[dict], field: str) -> list[dict]:
    return [c for entry in payload for c in entry["changes"] if c["field"] == field]


@pytest.fixture
def engagement(users):
    """An internal engagement with a visible and a confidential stakeholder, then a second confidential one,
    then the visible one alone: the two middle changes only touch hidden values."""
    actor = users[Role.ADMINISTRATOR]
    visible = OrganisationFactory(name="Visible Ministry")
    secret = OrganisationFactory(name="Secret Informant Office", confidentiality="confidential")
    other = OrganisationFactory(name="Other Secret Unit", confidentiality="confidential")
    record = EngagementFactory(stakeholders=[visible, secret])
    for stakeholders in ([visible, secret, other], [visible, other], [visible]):
        services.engagement_update(
            actor=actor, instance=Engagement.objects.get(pk=record.pk), stakeholders=stakeholders
        )
    return record, visible, secret, other


def test_api_history_never_names_or_counts_a_hidden_stakeholder(api_client_for, engagement):
    record, visible, secret, other = engagement
    response = api_client_for(READER).get(f"/api/v1/engagements/{record.pk}/history/")
    assert response.status_code == 200
    body = response.content.decode()
    assert secret.name not in body and other.name not in body
    values = related_values(response.json())
    assert {v["id"] for v in values if not v["hidden"]} <= {visible.pk, record.jurisdiction.pk}
    assert all(v == {"id": None, "name": HIDDEN_LABEL, "hidden": True} for v in values if v["hidden"])
    changes = change_of(response.json(), "stakeholders")
    # [V, •] at creation, then [V, •] → [V] when the hidden ones left; the swaps between hidden ones are not
    # shown, and the placeholder stands once for two hidden stakeholders.
    assert [([v["name"] for v in c["old"]], [v["name"] for v in c["new"]]) for c in changes] == [
        (["Visible Ministry", HIDDEN_LABEL], ["Visible Ministry"]),
        ([], ["Visible Ministry", HIDDEN_LABEL]),
    ]


def test_api_history_names_everything_for_a_reader_who_may_see_it(api_client_for, engagement):
    record, visible, secret, other = engagement
    response = api_client_for(Role.ADMINISTRATOR).get(f"/api/v1/engagements/{record.pk}/history/")
    changes = change_of(response.json(), "stakeholders")
    assert len(changes) == 4
    names = ["Other Secret Unit", "Secret Informant Office", "Visible Ministry"]
    assert [v["name"] for v in changes[2]["new"]] == names
    assert {v["id"] for v in changes[2]["new"]} == {visible.pk, secret.pk, other.pk}
    assert HIDDEN_LABEL not in response.content.decode()


def test_history_page_links_visible_records_and_hides_the_rest(client_for, engagement):
    record, visible, secret, _other = engagement
    response = client_for(READER).get(reverse("stakeholders:engagement_history", args=[record.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="{visible.get_absolute_url()}">Visible Ministry</a>' in html
    assert HIDDEN_LABEL in html
    assert secret.name not in html and secret.get_absolute_url() not in html
    # creation, the stakeholders set, and the last change; the two changes among hidden ones are gone
    assert html.count("history-change") == 3


def test_a_change_that_only_touched_hidden_values_is_left_out(engagement, users):
    record, *_ = engagement
    reader = history_entries(record, users[READER])
    everyone = history_entries(record, users[Role.ADMINISTRATOR])
    assert [e.action for e in everyone] == ["changed"] * 4 + ["created"]
    assert [e.action for e in reader] == ["changed"] * 2 + ["created"]


def test_past_holder_of_an_office_is_hidden_when_confidential(client_for, api_client_for, users):
    hidden = PersonFactory(name="Colonel Hidden", confidentiality="confidential")
    shown = PersonFactory(name="Major Shown")
    tenure = TenureFactory(holder=hidden)
    services.tenure_update(actor=users[Role.ADMINISTRATOR], instance=tenure, holder=shown)
    payload = api_client_for(READER).get(f"/api/v1/tenures/{tenure.pk}/history/").json()
    (created, changed) = change_of(payload, "holder")[::-1]
    assert created["new"] == {"id": None, "name": HIDDEN_LABEL, "hidden": True}
    assert changed["old"] == {"id": None, "name": HIDDEN_LABEL, "hidden": True}
    assert changed["new"] == {"id": shown.pk, "name": "Major Shown", "hidden": False}
    html = client_for(READER).get(reverse("stakeholders:tenure_history", args=[tenure.pk])).content.decode()
    assert "Colonel Hidden" not in html and f'<a href="{shown.get_absolute_url()}">Major Shown</a>' in html
    admin = api_client_for(Role.ADMINISTRATOR).get(f"/api/v1/tenures/{tenure.pk}/history/").json()
    assert change_of(admin, "holder")[0]["old"] == {"id": hidden.pk, "name": "Colonel Hidden", "hidden": False}


def test_foreign_key_moves_between_hidden_records_are_left_out(api_client_for, users):
    """Key issue raised by one confidential body, then another, then a visible one: the reader sees the
    creation (by someone hidden) and the move to the visible one, never that it moved between hidden ones."""
    first = OrganisationFactory(name="Hidden Body One", confidentiality="confidential")
    second = OrganisationFactory(name="Hidden Body Two", confidentiality="confidential")
    visible = OrganisationFactory(name="District Police")
    issue = KeyIssueFactory(meeting=HeldMeetingFactory(), raised_by=first)
    wg_services.keyissue_update(actor=users[Role.ADMINISTRATOR], instance=issue, raised_by=second)
    wg_services.keyissue_update(actor=users[Role.ADMINISTRATOR], instance=issue, raised_by=visible)
    payload = api_client_for(READER).get(f"/api/v1/key-issues/{issue.pk}/history/").json()
    assert [entry["action"] for entry in payload] == ["changed", "created"]
    assert "Hidden Body" not in str(payload)
    assert change_of(payload, "raised_by")[0]["new"]["name"] == "District Police"
    admin = api_client_for(Role.ADMINISTRATOR).get(f"/api/v1/key-issues/{issue.pk}/history/").json()
    assert [entry["action"] for entry in admin] == ["changed", "changed", "created"]


def test_a_hidden_parent_organisation_is_not_named_by_its_childs_history(api_client_for, client_for, users):
    parent = OrganisationFactory(name="Secret Directorate", confidentiality="confidential")
    child = OrganisationFactory(name="Local Office", parent=parent, level="regional")
    services.stakeholder_update(actor=users[Role.ADMINISTRATOR], instance=child, description="Moved offices.")
    payload = api_client_for(READER).get(f"/api/v1/stakeholders/{child.pk}/history/").json()
    assert change_of(payload, "parent") == [
        {"field": "parent", "old": None, "new": {"id": None, "name": HIDDEN_LABEL, "hidden": True}}
    ]
    assert "Secret Directorate" not in str(payload)
    html = client_for(READER).get(reverse("stakeholders:stakeholder_history", args=[child.pk])).content.decode()
    assert "Secret Directorate" not in html and parent.get_absolute_url() not in html


def test_a_change_only_to_a_restricted_field_is_left_out(api_client_for, users):
    """Community staff may not see stance labels: an entry that only changed the stance would tell them so."""
    assessment = AssessmentFactory(stance="supporter")
    services.assessment_update(actor=users[Role.SECURITY], instance=assessment, stance="spoiler")
    reader = api_client_for(Role.COMMUNITY).get(f"/api/v1/assessments/{assessment.pk}/history/").json()
    assert len(reader) == 2  # created, sources set; not the stance change
    assert not change_of(reader, "stance")
    allowed = api_client_for(Role.SECURITY).get(f"/api/v1/assessments/{assessment.pk}/history/").json()
    assert len(allowed) == 3
    assert change_of(allowed, "stance")[0] == {"field": "stance", "old": "supporter", "new": "spoiler"}


def test_history_of_a_record_the_user_may_not_see_is_404(api_client_for, client_for):
    record = EngagementFactory(confidentiality="confidential")
    assert api_client_for(READER).get(f"/api/v1/engagements/{record.pk}/history/").status_code == 404
    assert client_for(READER).get(reverse("stakeholders:engagement_history", args=[record.pk])).status_code == 404
    assert api_client_for(Role.ADMINISTRATOR).get(f"/api/v1/engagements/{record.pk}/history/").status_code == 200


@pytest.mark.parametrize("via", ["function", "api", "page"])
def test_history_costs_the_same_queries_whatever_its_length(via, users, api_client_for, client_for):
    """More history rows, more stakeholders (visible and hidden) and more participants: the same query count."""
    actor = users[Role.ADMINISTRATOR]
    record = EngagementFactory()
    pool = {"count": 0}

    def add_rows(count: int) -> None:
        for _ in range(count):
            pool["count"] += 1
            level = "confidential" if pool["count"] % 2 else "internal"
            added = [OrganisationFactory(confidentiality=level), PersonFactory(parent=OrganisationFactory())]
            instance = Engagement.objects.get(pk=record.pk)
            services.engagement_update(
                actor=actor,
                instance=instance,
                stakeholders=[*instance.stakeholders.all(), *added],
                company_participants=[*instance.company_participants.all(), users[Role.SECURITY]],
                summary=f"Update {pool['count']}",
            )

    reader = users[READER]
    requests = {
        "function": lambda: history_entries(Engagement.objects.get(pk=record.pk), reader),
        "api": lambda: api_client_for(READER).get(f"/api/v1/engagements/{record.pk}/history/"),
        "page": lambda: client_for(READER).get(reverse("stakeholders:engagement_history", args=[record.pk])),
    }
    assert_constant_queries(add_rows, requests[via], few=1, many=6)


def test_a_hidden_secretariat_leaving_is_not_named_by_the_groups_history(api_client_for, client_for, users):
    """The group stays visible when its secretariat's member is confidential; its history says the secretariat
    went, never who (not in the change, not in the reason)."""
    actor = users[Role.ADMINISTRATOR]
    group = WorkingGroupFactory()
    seat = MembershipFactory(
        group=group, stakeholder=PersonFactory(name="Agent Nobody", confidentiality="confidential")
    )
    wg_services.workinggroup_update(actor=actor, instance=group, secretariat=seat)
    wg_services.membership_end(actor=actor, instance=seat, left_on=datetime.date(2026, 5, 1))
    payload = api_client_for(READER).get(f"/api/v1/working-groups/{group.pk}/history/").json()
    assert "Agent Nobody" not in str(payload)
    assert change_of(payload, "secretariat")[0] == {
        "field": "secretariat",
        "old": {"id": None, "name": HIDDEN_LABEL, "hidden": True},
        "new": None,
    }
    html = client_for(READER).get(reverse("workinggroups:workinggroup_history", args=[group.pk])).content.decode()
    assert "Agent Nobody" not in html

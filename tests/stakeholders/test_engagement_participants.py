"""An engagement involves at least one stakeholder, whichever way a stakeholder goes (issue 12): deleting the only
one of an engagement is refused, telling each user only what they may see; deleting one of several removes it
from the engagement as a change of that engagement (version, history, author)."""

from __future__ import annotations

import pytest
from django.db.models import ProtectedError

from shrhub.roles import Role
from stakeholders import services
from stakeholders.models import Engagement, Stakeholder

from .factories import EngagementFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_only_stakeholder_of_an_engagement_cannot_be_deleted(users):
    police = OrganisationFactory(name="Provincial Police")
    engagement = EngagementFactory(title="Patrol briefing", stakeholders=[police])
    with pytest.raises(ProtectedError) as caught:
        services.stakeholder_delete(actor=users[Role.SECURITY], instance=police)
    assert set(caught.value.protected_objects) == {engagement}
    assert list(Engagement.objects.get(pk=engagement.pk).stakeholders.all()) == [police]


def test_the_page_and_the_api_say_which_engagement_and_hide_the_rest(client_for, api_client_for):
    police = OrganisationFactory(name="Provincial Police")
    EngagementFactory(title="Patrol briefing", stakeholders=[police])
    EngagementFactory(title="Informant debrief", stakeholders=[police], confidentiality="confidential")
    page = client_for(Role.SECURITY).post(f"/stakeholders/{police.pk}/delete/")
    assert page.status_code == 409
    html = page.content.decode()
    assert "Patrol briefing" in html
    assert "other records you cannot see" in html
    assert "Informant debrief" not in html
    api = api_client_for(Role.SECURITY).delete(
        f"/api/v1/stakeholders/{police.pk}/", HTTP_IF_MATCH=f'"{police.version}"'
    )
    assert api.status_code == 409
    assert "Patrol briefing" in api.json()["detail"]
    assert "Informant debrief" not in api.json()["detail"]
    assert Stakeholder.objects.filter(pk=police.pk).exists()


def test_a_stakeholder_among_others_leaves_the_engagement_with_its_history(users):
    police, governor = OrganisationFactory(name="Provincial Police"), OrganisationFactory(name="Governor's office")
    engagement = EngagementFactory(title="Joint briefing", stakeholders=[police, governor])
    version, entries = engagement.version, engagement.history.count()
    services.stakeholder_delete(actor=users[Role.SECURITY], instance=police)
    engagement.refresh_from_db()
    assert list(engagement.stakeholders.all()) == [governor]
    assert engagement.version == version + 1
    assert engagement.history.count() == entries + 1
    latest = engagement.history.latest()
    assert latest.history_user == users[Role.SECURITY]
    assert [row.stakeholder_id for row in latest.stakeholders.all()] == [governor.pk]
    assert not Stakeholder.objects.filter(pk=police.pk).exists()

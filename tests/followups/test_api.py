"""The follow-up endpoints: the shared ``ApiSuite`` for follow-ups, and progress notes (appended, never edited)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from followups.models import FollowUp, FollowUpProgress, FollowUpStatus
from shrhub.roles import Role
from tests.helpers.queries import assert_constant_queries
from tests.helpers.roles import ANONYMOUS
from tests.helpers.suites import ApiSuite, if_match
from tests.stakeholders.factories import EngagementFactory

from .factories import FollowUpFactory, FollowUpProgressFactory, OwnerFactory
from .suite_data import MANY, WRITERS, FollowUpData

READ_ROLES = pytest.mark.parametrize("role", [Role.INTEGRATION, ANONYMOUS])  # every role reads: anonymous is refused
WRITE_ROLES = pytest.mark.parametrize("role", [Role.MANAGER, Role.INTEGRATION])


def expected(role: str, allowed) -> int:
    if role == ANONYMOUS:
        return 401
    return 0 if role in allowed else 403


class TestFollowUpApi(FollowUpData, ApiSuite):
    basename = "followup"

    def valid_api_data(self):
        return {
            "engagement": EngagementFactory().pk,
            "description": "Send the meeting notes to the chief",
            "owner": OwnerFactory(role=Role.COMMUNITY).pk,
            "due_on": "2026-04-15",
        }

    def invalid_api_data(self):
        return {**self.valid_api_data(), "due_on": "soon"}, "due_on"


@pytest.mark.django_db
class TestFollowUpWrites:
    def test_contributors_change_but_do_not_delete(self, api_client_for):
        """Community relations keep follow-ups up to date; deleting one is for security staff and administrators."""
        item = FollowUpFactory()
        client, url = api_client_for(Role.COMMUNITY), reverse("followup-detail", args=[item.pk])
        changed = client.patch(url, {"status": "done"}, format="json", **if_match(client, url))
        assert changed.status_code == 200, changed.json()
        assert changed.json()["closed_on"] is not None
        refused = client.delete(url, **if_match(client, url))
        assert refused.status_code == 403
        assert FollowUp.objects.filter(pk=item.pk).exists()

    def test_a_hidden_engagement_is_not_accepted(self, api_client_for):
        hidden = EngagementFactory(confidentiality="confidential")
        response = api_client_for(Role.COMMUNITY).post(
            reverse("followup-list"),
            {"engagement": hidden.pk, "description": "x", "due_on": "2026-04-15"},
            format="json",
        )
        assert response.status_code == 400
        assert "engagement" in response.json()
        assert not FollowUp.objects.exists()

    def test_an_owner_without_a_page_role_is_refused(self, api_client_for):
        response = api_client_for(Role.COMMUNITY).post(
            reverse("followup-list"),
            {
                "engagement": EngagementFactory().pk,
                "description": "x",
                "due_on": "2026-04-15",
                "owner": OwnerFactory().pk,
            },
            format="json",
        )
        assert response.status_code == 400
        assert "owner" in response.json()

    def test_is_overdue_is_sent(self, api_client_for):
        late = FollowUpFactory(due_on="2020-01-01")
        response = api_client_for(Role.INTEGRATION).get(reverse("followup-detail", args=[late.pk]))
        assert response.json()["is_overdue"] is True


@pytest.mark.django_db
class TestFollowUpProgressApi:
    url = staticmethod(
        lambda *args: reverse("followupprogress-list") if not args else reverse("followupprogress-detail", args=args)
    )

    @READ_ROLES
    def test_read(self, api_client_for, role):
        note = FollowUpProgressFactory()
        client = api_client_for(role)
        responses = [
            client.get(self.url()),
            client.get(self.url(note.pk)),
            client.get(reverse("followupprogress-history", args=[note.pk])),
        ]
        for response in responses:
            assert response.status_code == (expected(role, frozenset(Role.values)) or 200)

    @WRITE_ROLES
    def test_append(self, api_client_for, role):
        item = FollowUpFactory()
        response = api_client_for(role).post(
            self.url(), {"follow_up": item.pk, "note": "Started", "new_status": "in_progress"}, format="json"
        )
        code = expected(role, WRITERS)
        assert response.status_code == (code or 201)
        item.refresh_from_db()
        assert (item.status == FollowUpStatus.IN_PROGRESS) == (not code)

    @pytest.mark.parametrize("method", ["patch", "put", "delete"])
    def test_notes_are_never_edited_or_deleted(self, api_client_for, method):
        note = FollowUpProgressFactory()
        response = getattr(api_client_for(Role.ADMINISTRATOR), method)(self.url(note.pk), {"note": "x"}, format="json")
        assert response.status_code == 405
        assert FollowUpProgress.objects.get(pk=note.pk).note == note.note

    def test_bad_input(self, api_client_for):
        item = FollowUpFactory()
        client = api_client_for(Role.COMMUNITY)
        for data, field in (
            ({"follow_up": item.pk, "note": ""}, "note"),
            ({"follow_up": item.pk, "note": "x", "new_status": "finished"}, "new_status"),
            ({"note": "x"}, "follow_up"),
        ):
            response = client.post(self.url(), data, format="json")
            assert response.status_code == 400
            assert field in response.json()
        assert not FollowUpProgress.objects.exists()

    def test_a_note_on_a_hidden_follow_up_is_refused(self, api_client_for):
        hidden = FollowUpFactory(engagement=EngagementFactory(confidentiality="confidential"))
        response = api_client_for(Role.COMMUNITY).post(self.url(), {"follow_up": hidden.pk, "note": "x"}, format="json")
        assert response.status_code == 400
        assert "follow_up" in response.json()
        assert not FollowUpProgress.objects.exists()

    def test_list_query_count_is_constant(self, api_client_for):
        client = api_client_for(Role.MANAGER)
        assert_constant_queries(
            lambda n: [FollowUpProgressFactory() for _ in range(n)], lambda: client.get(self.url()), few=2, many=MANY
        )

"""The agreement endpoints: the shared ``ApiSuite`` for agreements, obligations and roll-outs; progress notes
(appended, never edited); links to records the reader may not see are left out of what is sent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commitments.choices import AgreementKind, AgreementStatus, RolloutState
from commitments.models import Agreement, Obligation, ObligationProgress, Rollout
from followups.models import FollowUpStatus
from shrhub import clock
from shrhub.roles import Role
from tests.followups.factories import OwnerFactory
from tests.helpers.queries import assert_constant_queries
from tests.helpers.roles import ANONYMOUS
from tests.helpers.suites import ApiSuite, if_match
from tests.shrhub.factories import NationalFactory
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory
from tests.workinggroups.factories import HeldMeetingFactory

from .factories import (
    AgreementFactory,
    ObligationFactory,
    ObligationProgressFactory,
    RegionalBodyFactory,
    RolloutFactory,
)
from .suite_data import MANY, WRITERS, AgreementData, ObligationData, RolloutData

READ_ROLES = pytest.mark.parametrize("role", [Role.INTEGRATION, ANONYMOUS])  # every role reads: anonymous is refused
WRITE_ROLES = pytest.mark.parametrize("role", [Role.MANAGER, Role.INTEGRATION])


def expected(role: str, allowed) -> int:
    if role == ANONYMOUS:
        return 401
    return 0 if role in allowed else 403


class TestAgreementApi(AgreementData, ApiSuite):
    basename = "agreement"

    def valid_api_data(self):
        return {
            "kind": AgreementKind.SECURITY_MOU,
            "title": "MoU on security arrangements around the southern concession",
            "made_on": "2026-02-10",
            "jurisdiction": NationalFactory().pk,
            "parties": [OrganisationFactory().pk],
            "incorporates_vps": True,
            "status": AgreementStatus.IN_FORCE,
        }

    def invalid_api_data(self):
        """A commitment made in an engagement names the engagement (the service's rule)."""
        return {**self.valid_api_data(), "kind": AgreementKind.ENGAGEMENT, "engagements": []}, "engagements"


class TestObligationApi(ObligationData, ApiSuite):
    basename = "obligation"

    def valid_api_data(self):
        return {
            "agreement": AgreementFactory().pk,
            "description": "Share the joint incident log every month",
            "owner": OwnerFactory(role=Role.COMMUNITY).pk,
            "due_on": "2026-04-15",
        }

    def invalid_api_data(self):
        return {**self.valid_api_data(), "due_on": "soon"}, "due_on"


class TestRolloutApi(RolloutData, ApiSuite):
    basename = "rollout"

    def valid_api_data(self):
        return {
            "agreement": AgreementFactory().pk,
            "body": RegionalBodyFactory().pk,
            "state": RolloutState.COMMITTED,
            "as_of": "2026-03-01",
        }

    def invalid_api_data(self):
        """A body at the agreement's own level is not in its roll-out."""
        return {**self.valid_api_data(), "body": OrganisationFactory(level="national").pk}, "body"


# What is sent of links the reader may not see ------------------------------------------------------------------


@pytest.mark.django_db
def test_an_agreement_sends_only_the_parties_and_evidence_its_reader_may_see(api_client_for):
    shown_party, hidden_party = OrganisationFactory(), OrganisationFactory(confidentiality="confidential")
    shown_meeting, hidden_meeting = HeldMeetingFactory(), HeldMeetingFactory(confidentiality="confidential")
    shown_talk, hidden_talk = EngagementFactory(), EngagementFactory(confidentiality="confidential")
    agreement = AgreementFactory(
        parties=[shown_party, hidden_party],
        meetings=[shown_meeting, hidden_meeting],
        engagements=[shown_talk, hidden_talk],
    )
    url = reverse("agreement-detail", args=[agreement.pk])
    for body in (
        api_client_for(Role.INTEGRATION).get(url).json(),
        next(
            row
            for row in api_client_for(Role.INTEGRATION).get(reverse("agreement-list")).json()["results"]
            if row["id"] == agreement.pk
        ),
    ):
        assert body["parties"] == [shown_party.pk]
        assert body["meetings"] == [shown_meeting.pk]
        assert body["engagements"] == [shown_talk.pk]
    full = api_client_for(Role.ADMINISTRATOR).get(url).json()
    assert sorted(full["parties"]) == sorted([shown_party.pk, hidden_party.pk])


@pytest.mark.django_db
def test_a_hidden_successor_is_sent_as_null_and_kept_by_an_edit(api_client_for):
    successor = AgreementFactory(confidentiality="confidential")
    agreement = AgreementFactory(status=AgreementStatus.SUPERSEDED, superseded_by=successor)
    client, url = api_client_for(Role.COMMUNITY), reverse("agreement-detail", args=[agreement.pk])
    body = client.get(url).json()
    assert body["superseded_by"] is None
    response = client.patch(url, {"title": "Renamed", "superseded_by": None}, format="json", **if_match(client, url))
    assert response.status_code == 200, response.json()
    agreement.refresh_from_db()
    assert (agreement.title, agreement.superseded_by_id) == ("Renamed", successor.pk)
    assert api_client_for(Role.ADMINISTRATOR).get(url).json()["superseded_by"] == successor.pk


@pytest.mark.django_db
def test_an_edit_keeps_the_parties_its_author_cannot_see(api_client_for):
    shown_party, hidden_party = OrganisationFactory(), OrganisationFactory(confidentiality="confidential")
    agreement = AgreementFactory(parties=[shown_party, hidden_party])
    client, url = api_client_for(Role.COMMUNITY), reverse("agreement-detail", args=[agreement.pk])
    other = OrganisationFactory()
    response = client.patch(url, {"parties": [other.pk]}, format="json", **if_match(client, url))
    assert response.status_code == 200, response.json()
    assert response.json()["parties"] == [other.pk]
    assert set(agreement.parties.values_list("pk", flat=True)) == {other.pk, hidden_party.pk}


@pytest.mark.django_db
def test_a_roll_out_sends_only_the_engagements_its_reader_may_see(api_client_for):
    shown, hidden = EngagementFactory(), EngagementFactory(confidentiality="confidential")
    rollout = RolloutFactory(engagements=[shown, hidden])
    body = api_client_for(Role.INTEGRATION).get(reverse("rollout-detail", args=[rollout.pk])).json()
    assert body["engagements"] == [shown.pk]


@pytest.mark.django_db
def test_the_list_counts_open_obligations_and_the_roll_out(api_client_for):
    agreement = AgreementFactory()
    ObligationFactory(agreement=agreement)
    ObligationFactory(agreement=agreement, status="done", closed_on="2026-03-03")
    for state in (RolloutState.UNAWARE, RolloutState.AWARE, RolloutState.IMPLEMENTING, RolloutState.CONTRADICTING):
        RolloutFactory(agreement=agreement, state=state)
    RolloutFactory(agreement=agreement, body=RegionalBodyFactory(confidentiality="confidential"))
    body = api_client_for(Role.COMMUNITY).get(reverse("agreement-detail", args=[agreement.pk])).json()
    assert (body["open_obligations"], body["bodies"], body["bodies_known"], body["bodies_contradicting"]) == (
        1,
        4,
        2,
        1,
    )
    assert body["level"] == "national"


# Writes --------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestWrites:
    def test_contributors_change_but_do_not_delete(self, api_client_for):
        item = ObligationFactory()
        client, url = api_client_for(Role.EXTERNAL), reverse("obligation-detail", args=[item.pk])
        changed = client.patch(url, {"status": "done"}, format="json", **if_match(client, url))
        assert changed.status_code == 200, changed.json()
        assert changed.json()["closed_on"] == clock.today().isoformat()
        refused = client.delete(url, **if_match(client, url))
        assert refused.status_code == 403
        assert Obligation.objects.filter(pk=item.pk).exists()

    def test_a_hidden_agreement_is_not_accepted(self, api_client_for):
        hidden = AgreementFactory(confidentiality="confidential")
        client = api_client_for(Role.COMMUNITY)
        response = client.post(
            reverse("obligation-list"),
            {"agreement": hidden.pk, "description": "x", "due_on": "2026-04-15"},
            format="json",
        )
        assert response.status_code == 400 and "agreement" in response.json()
        response = client.post(
            reverse("rollout-list"), {"agreement": hidden.pk, "body": RegionalBodyFactory().pk}, format="json"
        )
        assert response.status_code == 400 and "agreement" in response.json()
        assert not Obligation.objects.exists() and not Rollout.objects.exists()

    def test_a_hidden_stakeholder_is_not_accepted_as_owner_body_or_party(self, api_client_for):
        hidden = RegionalBodyFactory(confidentiality="confidential")
        agreement = AgreementFactory()
        client = api_client_for(Role.COMMUNITY)
        for basename, data, field in (
            ("obligation", {"agreement": agreement.pk, "description": "x", "due_on": "2026-04-15",
                            "owner_stakeholder": hidden.pk}, "owner_stakeholder"),
            ("rollout", {"agreement": agreement.pk, "body": hidden.pk}, "body"),
            ("agreement", {**TestAgreementApi().valid_api_data(), "parties": [hidden.pk]}, "parties"),
        ):  # fmt: skip
            response = client.post(reverse(f"{basename}-list"), data, format="json")
            assert response.status_code == 400 and field in response.json(), (basename, response.json())
        assert Agreement.objects.count() == 1 and not Obligation.objects.exists() and not Rollout.objects.exists()

    def test_a_roll_out_is_dated_today_when_no_date_is_given(self, api_client_for):
        data = {"agreement": AgreementFactory().pk, "body": RegionalBodyFactory().pk}
        response = api_client_for(Role.COMMUNITY).post(reverse("rollout-list"), data, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["as_of"] == clock.today().isoformat()
        assert response.json()["state"] == RolloutState.UNAWARE

    def test_is_overdue_is_sent(self, api_client_for):
        late = ObligationFactory(due_on="2020-01-01")
        response = api_client_for(Role.INTEGRATION).get(reverse("obligation-detail", args=[late.pk]))
        assert response.json()["is_overdue"] is True


@pytest.mark.django_db
class TestObligationProgressApi:
    url = staticmethod(
        lambda *args: (
            reverse("obligationprogress-list") if not args else reverse("obligationprogress-detail", args=args)
        )
    )

    @READ_ROLES
    def test_read(self, api_client_for, role):
        note = ObligationProgressFactory()
        client = api_client_for(role)
        responses = [
            client.get(self.url()),
            client.get(self.url(note.pk)),
            client.get(reverse("obligationprogress-history", args=[note.pk])),
        ]
        for response in responses:
            assert response.status_code == (expected(role, frozenset(Role.values)) or 200)

    @WRITE_ROLES
    def test_append(self, api_client_for, role):
        item = ObligationFactory()
        response = api_client_for(role).post(
            self.url(), {"obligation": item.pk, "note": "Started", "new_status": "in_progress"}, format="json"
        )
        code = expected(role, WRITERS)
        assert response.status_code == (code or 201)
        item.refresh_from_db()
        assert (item.status == FollowUpStatus.IN_PROGRESS) == (not code)

    @pytest.mark.parametrize("method", ["patch", "put", "delete"])
    def test_notes_are_never_edited_or_deleted(self, api_client_for, method):
        note = ObligationProgressFactory()
        response = getattr(api_client_for(Role.ADMINISTRATOR), method)(self.url(note.pk), {"note": "x"}, format="json")
        assert response.status_code == 405
        assert ObligationProgress.objects.get(pk=note.pk).note == note.note

    def test_bad_input(self, api_client_for):
        item = ObligationFactory()
        client = api_client_for(Role.COMMUNITY)
        for data, field in (
            ({"obligation": item.pk, "note": ""}, "note"),
            ({"obligation": item.pk, "note": "x", "new_status": "finished"}, "new_status"),
            ({"note": "x"}, "obligation"),
        ):
            response = client.post(self.url(), data, format="json")
            assert response.status_code == 400
            assert field in response.json()
        assert not ObligationProgress.objects.exists()

    def test_a_note_on_a_hidden_obligation_is_refused(self, api_client_for):
        hidden = ObligationFactory(agreement=AgreementFactory(confidentiality="confidential"))
        response = api_client_for(Role.COMMUNITY).post(
            self.url(), {"obligation": hidden.pk, "note": "x"}, format="json"
        )
        assert response.status_code == 400
        assert "obligation" in response.json()
        assert not ObligationProgress.objects.exists()

    def test_list_query_count_is_constant(self, api_client_for):
        client = api_client_for(Role.MANAGER)
        assert_constant_queries(
            lambda n: [ObligationProgressFactory() for _ in range(n)], lambda: client.get(self.url()), few=2, many=MANY
        )

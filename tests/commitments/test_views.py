"""Every agreement, obligation and roll-out page as an allowed and a refused role (the shared ``PageSuite``); what
the agreement's page shows (and hides), its roll-out suggestions, progress notes on obligations, and the agreement
cards on the pages of meetings, engagements and stakeholders."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from commitments.choices import AgreementKind, AgreementStatus, RolloutState
from commitments.models import Agreement, Obligation, Rollout
from followups.models import FollowUpStatus
from shrhub.roles import Role
from tests.followups.factories import OwnerFactory
from tests.helpers.queries import assert_constant_queries
from tests.helpers.suites import PageSuite
from tests.shrhub.factories import LocalityFactory, NationalFactory, RegionFactory
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

LONG_AGO = datetime.date(2020, 1, 1)
FAR_AHEAD = datetime.date(2099, 1, 1)


class TestAgreementPages(AgreementData, PageSuite):
    url_prefix = "commitments:agreement"

    def valid_form_data(self):
        return {
            "kind": AgreementKind.SECURITY_MOU,
            "title": "MoU on security arrangements around the northern concession",
            "summary": "Written rules on the use of force; training before deployment.",
            "made_on": "2026-02-10",
            "jurisdiction": NationalFactory().pk,
            "parties": [OrganisationFactory().pk],
            "company_is_party": "on",
            "incorporates_vps": "on",
            "status": AgreementStatus.IN_FORCE,
            "confidentiality": "internal",
        }

    def invalid_form_data(self):
        """A working-group agreement names the meeting that decided it (the service's rule, shown beside the field)."""
        return {**self.valid_form_data(), "kind": AgreementKind.WORKING_GROUP}, "meetings"

    def edit_changes(self, obj, form):
        return {"title": "MoU on security arrangements, as amended"}


class TestObligationPages(ObligationData, PageSuite):
    url_prefix = "commitments:obligation"

    def valid_form_data(self):
        return {
            "agreement": AgreementFactory().pk,
            "description": "Publish the grievance channel in the three local languages",
            "owner": OwnerFactory(role=Role.COMMUNITY).pk,
            "due_on": "2026-04-15",
            "status": "open",
        }

    def invalid_form_data(self):
        return {**self.valid_form_data(), "due_on": ""}, "due_on"

    def edit_changes(self, obj, form):
        return {"description": "Publish the grievance channel in four local languages"}


class TestRolloutPages(RolloutData, PageSuite):
    url_prefix = "commitments:rollout"

    def valid_form_data(self):
        return {
            "agreement": AgreementFactory().pk,
            "body": RegionalBodyFactory().pk,
            "state": RolloutState.AWARE,
            "as_of": "2026-03-01",
            "evidence": "Copy received at the regional security council.",
        }

    def invalid_form_data(self):
        """A body at the agreement's own level is not in its roll-out (the service's rule)."""
        return {**self.valid_form_data(), "body": OrganisationFactory(level="national").pk}, "body"

    def edit_changes(self, obj, form):
        return {"evidence": "Regional directive issued."}


# The list ----------------------------------------------------------------------------------------------------


def section(html: str, anchor: str) -> str:
    assert f'id="{anchor}"' in html, anchor
    return html.split(f'id="{anchor}"')[1].split("</section>")[0]


@pytest.mark.django_db
def test_the_list_offers_the_quick_filters(client_for):
    html = client_for(Role.MANAGER).get(reverse("commitments:agreement_list")).content.decode()
    for query in ("?live=true", "?rollout_gap=true", "?incorporates_vps=true"):
        assert f'href="{query}"' in html


@pytest.mark.django_db
def test_the_list_shows_the_roll_out_of_each_agreement(client_for):
    agreement = AgreementFactory()
    RolloutFactory(agreement=agreement, state=RolloutState.IMPLEMENTING)
    RolloutFactory(agreement=agreement, state=RolloutState.AWARE)
    RolloutFactory(agreement=agreement, state=RolloutState.UNAWARE)
    RolloutFactory(agreement=agreement, state=RolloutState.CONTRADICTING)
    html = client_for(Role.MANAGER).get(reverse("commitments:agreement_list")).content.decode()
    assert "2 of 4 bodies aware" in " ".join(html.split())
    assert "1 contradicting" in " ".join(html.split())


@pytest.mark.django_db
def test_the_list_names_what_is_not_yet_known_or_applied_below(client_for):
    """Under the table: per live agreement above the local level, the bodies not aware, those contradicting it, or
    nobody listed yet; an agreement fully known below, a draft and a local agreement are not named."""
    lagging = AgreementFactory(title="MoU with bodies lagging")
    unaware = RolloutFactory(
        agreement=lagging, state=RolloutState.UNAWARE, body=RegionalBodyFactory(name="North Office")
    )
    contra = RolloutFactory(
        agreement=lagging, state=RolloutState.CONTRADICTING, body=RegionalBodyFactory(name="South Office")
    )
    unlisted = AgreementFactory(title="MoU nobody below knows of")
    known = AgreementFactory(title="MoU known everywhere")
    RolloutFactory(agreement=known, state=RolloutState.COMMITTED)
    AgreementFactory(title="Draft clause", status=AgreementStatus.DRAFT)
    AgreementFactory(title="Local arrangement", jurisdiction=LocalityFactory())
    response = client_for(Role.COMMUNITY).get(reverse("commitments:agreement_list"))
    assert {gap.agreement.pk for gap in response.context["gaps"]} == {lagging.pk, unlisted.pk}
    gaps = section(response.content.decode(), "rollout-gaps")
    assert "MoU with bodies lagging" in gaps and "MoU nobody below knows of" in gaps
    assert "MoU known everywhere" not in gaps and "Draft clause" not in gaps and "Local arrangement" not in gaps
    assert unaware.get_absolute_url() in gaps and "North Office" in gaps
    assert contra.get_absolute_url() in gaps and "South Office" in gaps
    assert "Nobody listed yet." in gaps


@pytest.mark.django_db
def test_the_gaps_leave_out_what_the_reader_may_not_see(client_for):
    hidden_agreement = AgreementFactory(title="Secret MoU", confidentiality="confidential")
    shown = AgreementFactory(title="Open MoU")
    RolloutFactory(agreement=shown, state=RolloutState.UNAWARE, body=RegionalBodyFactory(name="Visible Office"))
    RolloutFactory(
        agreement=shown,
        state=RolloutState.CONTRADICTING,
        body=RegionalBodyFactory(name="Hidden Office", confidentiality="confidential"),
    )
    response = client_for(Role.COMMUNITY).get(reverse("commitments:agreement_list"))
    gaps = section(response.content.decode(), "rollout-gaps")
    assert "Open MoU" in gaps and "Visible Office" in gaps
    assert "Secret MoU" not in gaps and "Hidden Office" not in gaps
    assert hidden_agreement.pk not in {gap.agreement.pk for gap in response.context["gaps"]}


# The agreement's page ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_shows_the_record(client_for):
    ministry = OrganisationFactory(name="Ministry of the Interior")
    agreement = AgreementFactory(
        title="MoU on the northern concession",
        parties=[ministry],
        other_standards="IFC Performance Standard 4",
        summary="Training before deployment.",
    )
    response = client_for(Role.EXTERNAL).get(agreement.get_absolute_url())
    html = response.content.decode()
    parties = html.split('id="agreement-parties"')[1].split("</dd>")[0]
    assert "the company" in parties and ministry.get_absolute_url() in parties
    standards = html.split('id="agreement-standards"')[1].split("</dd>")[0]
    assert "Incorporates the VPs" in standards and "IFC Performance Standard 4" in standards
    assert "Training before deployment." in html
    assert 'id="agreement-successor"' not in html  # not superseded


@pytest.mark.django_db
def test_parties_and_evidence_the_reader_may_not_see_are_left_out(client_for):
    """The agreement is visible; its hidden party, meeting and engagement are not shown, the visible ones are."""
    shown_party = OrganisationFactory(name="Visible Ministry")
    hidden_party = OrganisationFactory(name="Hidden Directorate", confidentiality="confidential")
    shown_meeting = HeldMeetingFactory(title="Open quarterly meeting")
    hidden_meeting = HeldMeetingFactory(title="Closed session", confidentiality="confidential")
    shown_talk = EngagementFactory(title="Open roundtable")
    hidden_talk = EngagementFactory(title="Private talks", confidentiality="confidential")
    agreement = AgreementFactory(
        company_is_party=False,
        parties=[shown_party, hidden_party],
        meetings=[shown_meeting, hidden_meeting],
        engagements=[shown_talk, hidden_talk],
    )
    html = client_for(Role.COMMUNITY).get(agreement.get_absolute_url()).content.decode()
    assert "Visible Ministry" in html and "Open quarterly meeting" in html and "Open roundtable" in html
    for hidden in (hidden_party, hidden_meeting, hidden_talk):
        assert hidden.get_absolute_url() not in html
    assert "Hidden Directorate" not in html and "Closed session" not in html and "Private talks" not in html
    admin = client_for(Role.ADMINISTRATOR).get(agreement.get_absolute_url()).content.decode()
    assert "Hidden Directorate" in admin and "Closed session" in admin and "Private talks" in admin


@pytest.mark.django_db
def test_the_successor_shows_only_to_who_may_see_it(client_for):
    hidden_successor = AgreementFactory(title="Secret revision", confidentiality="confidential")
    old = AgreementFactory(status=AgreementStatus.SUPERSEDED, superseded_by=hidden_successor)
    shown_successor = AgreementFactory(title="Public revision")
    older = AgreementFactory(status=AgreementStatus.SUPERSEDED, superseded_by=shown_successor)
    community = client_for(Role.COMMUNITY)
    html = community.get(old.get_absolute_url()).content.decode()
    assert 'id="agreement-successor"' not in html and hidden_successor.get_absolute_url() not in html
    html = community.get(older.get_absolute_url()).content.decode()
    assert shown_successor.get_absolute_url() in section_dd(html, "agreement-successor")
    admin = client_for(Role.ADMINISTRATOR).get(old.get_absolute_url()).content.decode()
    assert "Secret revision" in section_dd(admin, "agreement-successor")


def section_dd(html: str, anchor: str) -> str:
    assert f'id="{anchor}"' in html, anchor
    return html.split(f'id="{anchor}"')[1].split("</dd>")[0]


@pytest.mark.django_db
def test_the_obligations_card_shows_owner_due_status_and_overdue(client_for):
    agreement = AgreementFactory()
    owner = OwnerFactory(first_name="Nadia", last_name="Okoro")
    police = OrganisationFactory(name="National Police")
    ObligationFactory(agreement=agreement, owner=owner, due_on=LONG_AGO, description="Late training")
    ObligationFactory(agreement=agreement, owner=None, owner_stakeholder=police, due_on=FAR_AHEAD)
    ObligationFactory(agreement=agreement, owner=None, due_on=FAR_AHEAD, description="Nobody's task")
    ObligationFactory(description="Another agreement's obligation")
    html = section(client_for(Role.MANAGER).get(agreement.get_absolute_url()).content.decode(), "obligations")
    assert "Late training" in html and "Nobody&#x27;s task" in html
    assert "Another agreement" not in html
    assert "Nadia Okoro" in html and "National Police" in html and "unowned" in html
    assert html.count("overdue</span>") == 1
    assert reverse("commitments:obligation_add") + f"?agreement={agreement.pk}" in html


@pytest.mark.django_db
def test_the_roll_out_card_lists_each_body_with_its_state_and_links(client_for):
    agreement = AgreementFactory()
    rollout = RolloutFactory(agreement=agreement, state=RolloutState.CONTRADICTING, evidence="Night checkpoints")
    html = section(client_for(Role.COMMUNITY).get(agreement.get_absolute_url()).content.decode(), "rollout")
    assert str(rollout.body) in html and "Contradicting it" in html and "Night checkpoints" in html
    assert rollout.get_absolute_url() in html
    assert reverse("commitments:rollout_edit", args=[rollout.pk]) in html
    assert reverse("commitments:rollout_add") + f"?agreement={agreement.pk}" in html


@pytest.mark.django_db
@pytest.mark.parametrize("may_add", [True, False])
def test_add_links_are_for_those_who_may_add(client_for, may_add):
    agreement = AgreementFactory()
    ministry = OrganisationFactory()
    agreement.parties.set([ministry])
    RegionalBodyFactory(parent=ministry)
    if not may_add:
        group = Group.objects.get(name=Role.COMMUNITY)
        group.permissions.remove(*Permission.objects.filter(codename__in=["add_obligation", "add_rollout"]))
    html = client_for(Role.COMMUNITY).get(agreement.get_absolute_url()).content.decode()
    assert (reverse("commitments:obligation_add") + f"?agreement={agreement.pk}" in html) == may_add
    assert (reverse("commitments:rollout_add") + f"?agreement={agreement.pk}" in html) == may_add
    assert (reverse("commitments:rollout_suggest", args=[agreement.pk]) in html) == may_add


@pytest.mark.django_db
def test_the_registry_suggests_bodies_and_one_click_adds_them(client_for):
    """The parties' offices below and the bodies below sharing a mandate are offered; posting adds them, not aware."""
    ministry = OrganisationFactory(name="Ministry of the Interior")
    agreement = AgreementFactory(parties=[ministry])
    north = RegionalBodyFactory(name="Northern Directorate", parent=ministry)
    south = RegionalBodyFactory(name="Southern Directorate", parent=ministry)
    client = client_for(Role.COMMUNITY)
    response = client.get(agreement.get_absolute_url())
    assert response.context["suggested_bodies"] == [north, south]
    html = section(response.content.decode(), "rollout")
    assert "Add the 2 bodies the registry suggests" in " ".join(html.split())
    response = client.post(reverse("commitments:rollout_suggest", args=[agreement.pk]))
    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url() + "#rollout"
    assert set(Rollout.objects.filter(agreement=agreement).values_list("body", "state")) == {
        (north.pk, RolloutState.UNAWARE),
        (south.pk, RolloutState.UNAWARE),
    }
    again = client.get(agreement.get_absolute_url())
    assert again.context["suggested_bodies"] == []
    assert 'id="rollout-suggestions"' not in again.content.decode()


@pytest.mark.django_db
def test_suggestions_cannot_be_posted_for_a_hidden_agreement(client_for):
    ministry = OrganisationFactory()
    agreement = AgreementFactory(parties=[ministry], confidentiality="confidential")
    RegionalBodyFactory(parent=ministry)
    response = client_for(Role.COMMUNITY).post(reverse("commitments:rollout_suggest", args=[agreement.pk]))
    assert response.status_code == 404
    assert not Rollout.objects.exists()


@pytest.mark.django_db
def test_the_page_query_count_is_constant_as_its_records_grow(client_for):
    agreement = AgreementFactory()
    client = client_for(Role.COMMUNITY)

    def make_rows(n):
        for index in range(n):
            party = OrganisationFactory()
            agreement.parties.add(party)
            agreement.meetings.add(HeldMeetingFactory())
            agreement.engagements.add(EngagementFactory())
            owner = {"owner": None, "owner_stakeholder": party} if index % 2 else {}
            ObligationFactory(agreement=agreement, **owner)
            RolloutFactory(agreement=agreement, engagements=[EngagementFactory()])
            RegionalBodyFactory(parent=party)  # a suggestion

    assert_constant_queries(make_rows, lambda: client.get(agreement.get_absolute_url()), many=MANY)
    assert agreement.obligations.count() == MANY


# Obligations and their progress -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_add_from_an_agreement_starts_with_that_agreement(client_for):
    agreement = AgreementFactory()
    url = reverse("commitments:obligation_add") + f"?agreement={agreement.pk}"
    form = client_for(Role.COMMUNITY).get(url).context["form"]
    assert str(form["agreement"].value()) == str(agreement.pk)


@pytest.mark.django_db
def test_the_obligation_form_offers_only_agreements_and_owners_the_user_may_see(client_for):
    visible, hidden = AgreementFactory(), AgreementFactory(confidentiality="confidential")
    party, hidden_party = OrganisationFactory(), OrganisationFactory(confidentiality="confidential")
    form = client_for(Role.COMMUNITY).get(reverse("commitments:obligation_add")).context["form"]
    agreements = set(form.fields["agreement"].queryset.values_list("pk", flat=True))
    owners = set(form.fields["owner_stakeholder"].queryset.values_list("pk", flat=True))
    assert visible.pk in agreements and hidden.pk not in agreements
    assert party.pk in owners and hidden_party.pk not in owners


@pytest.mark.django_db
def test_an_obligation_has_one_owner_at_most(client_for):
    client = client_for(Role.COMMUNITY)
    data = {
        "agreement": AgreementFactory().pk,
        "description": "Share the incident log",
        "owner": OwnerFactory(role=Role.COMMUNITY).pk,
        "owner_stakeholder": OrganisationFactory().pk,
        "due_on": "2026-04-15",
        "status": "open",
    }
    response = client.post(reverse("commitments:obligation_add"), data)
    assert response.status_code == 400
    assert "owner_stakeholder" in response.context["form"].errors
    assert not Obligation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MANAGER, Role.INTEGRATION])
def test_a_progress_note_moves_the_obligation(client_for, role):
    """A writer's note is stored and moves the status (302 back to the obligation); the API-only role is refused."""
    item = ObligationFactory()
    response = client_for(role).post(
        reverse("commitments:obligation_progress", args=[item.pk]), {"note": "Plan agreed", "new_status": "in_progress"}
    )
    allowed = role in WRITERS
    assert response.status_code == (302 if allowed else 403)
    item.refresh_from_db()
    assert (item.status == FollowUpStatus.IN_PROGRESS) == allowed
    assert item.progress_notes.exists() == allowed


@pytest.mark.django_db
def test_an_empty_progress_note_is_shown_again_with_its_error(client_for):
    item = ObligationFactory()
    response = client_for(Role.COMMUNITY).post(reverse("commitments:obligation_progress", args=[item.pk]), {"note": ""})
    assert response.status_code == 400
    assert "note" in response.context["progress_form"].errors
    assert not item.progress_notes.exists()


@pytest.mark.django_db
def test_the_obligation_page_shows_owner_and_progress_notes(client_for):
    police = OrganisationFactory(name="National Police")
    item = ObligationFactory(owner=None, owner_stakeholder=police, due_on=LONG_AGO)
    note = ObligationProgressFactory(obligation=item, note="Met the commander", new_status="in_progress")
    html = client_for(Role.SECURITY).get(item.get_absolute_url()).content.decode()
    assert police.get_absolute_url() in section_dd(html, "obligation-owner")
    assert "Met the commander" in html and f'id="progress-{note.pk}"' in html
    assert "overdue</span>" in html
    assert reverse("commitments:obligation_progress", args=[item.pk]) in html


@pytest.mark.django_db
def test_the_obligation_list_offers_mine_open_and_overdue(client_for, users):
    mine = ObligationFactory(owner=users[Role.COMMUNITY], due_on=LONG_AGO)
    ObligationFactory(due_on=FAR_AHEAD)
    client = client_for(Role.COMMUNITY)
    response = client.get(reverse("commitments:obligation_list"), {"mine": "true", "open": "true"})
    assert [row.pk for row in response.context["object_list"]] == [mine.pk]
    html = client.get(reverse("commitments:obligation_list"), {"overdue": "true"}).content.decode()
    assert "overdue</span>" in html and "?overdue=true" in html


# Roll-out rows -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_roll_out_page_shows_only_the_engagements_the_reader_may_see(client_for):
    shown = EngagementFactory(title="Regional council briefing")
    hidden = EngagementFactory(title="Private call", confidentiality="confidential")
    rollout = RolloutFactory(engagements=[shown, hidden], evidence="Directive issued")
    html = client_for(Role.COMMUNITY).get(rollout.get_absolute_url()).content.decode()
    engagements = section_dd(html, "rollout-engagements")
    assert shown.get_absolute_url() in engagements
    assert hidden.get_absolute_url() not in html and "Private call" not in html
    assert "Directive issued" in html


@pytest.mark.django_db
def test_a_roll_out_change_is_saved_back_to_the_agreement(client_for):
    rollout = RolloutFactory(state=RolloutState.AWARE)
    client = client_for(Role.COMMUNITY)
    url = reverse("commitments:rollout_edit", args=[rollout.pk])
    form = client.get(url).context["form"]
    data = PageSuite.flatten({k: v for k, v in form.initial.items() if v is not None})
    data.update(state=RolloutState.COMMITTED, version=rollout.version)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == rollout.agreement.get_absolute_url() + "#rollout"
    rollout.refresh_from_db()
    assert rollout.state == RolloutState.COMMITTED


# Cards on other pages ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_meeting_page_lists_its_agreements_and_starts_one_from_its_decisions(client_for):
    meeting = HeldMeetingFactory(title="Quarterly meeting", decisions="Joint patrols end at 18:00.")
    agreed = AgreementFactory(kind=AgreementKind.WORKING_GROUP, title="Patrol hours", meetings=[meeting])
    AgreementFactory(title="Unrelated MoU")
    client = client_for(Role.COMMUNITY)
    html = section(client.get(meeting.get_absolute_url()).content.decode(), "agreements")
    assert agreed.get_absolute_url() in html and "Unrelated MoU" not in html
    add = html.split('href="')[1].split('"')[0].replace("&amp;", "&")
    assert add.startswith(reverse("commitments:agreement_add") + "?") and f"meetings={meeting.pk}" in add
    assert "Joint patrols" not in add  # the decisions are read from the meeting, not carried in the URL
    form = client.get(add).context["form"]
    assert form["kind"].value() == AgreementKind.WORKING_GROUP
    assert form["meetings"].value() == [meeting.pk]
    assert (form["summary"].value(), form["title"].value()) == ("Joint patrols end at 18:00.", "Quarterly meeting")
    assert form["jurisdiction"].value() == meeting.group.jurisdiction_id


@pytest.mark.django_db
def test_an_agreement_starts_from_an_engagement_the_user_may_see_only(client_for):
    shown = EngagementFactory(title="Talks with the governor", outcome="The governor instructs the districts.")
    hidden = EngagementFactory(title="Private talks", outcome="A secret promise.", confidentiality="confidential")
    client = client_for(Role.EXTERNAL)
    form = client.get(reverse("commitments:agreement_add"), {"engagements": shown.pk}).context["form"]
    assert form["kind"].value() == AgreementKind.ENGAGEMENT
    assert form["summary"].value() == "The governor instructs the districts."
    response = client.get(reverse("commitments:agreement_add"), {"engagements": hidden.pk})
    assert response.status_code == 200
    assert "A secret promise." not in response.content.decode() and "Private talks" not in response.content.decode()
    assert response.context["form"]["summary"].value() in (None, "")


@pytest.mark.django_db
def test_the_engagement_page_lists_its_agreements(client_for):
    engagement = EngagementFactory(title="Talks with the governor")
    agreed = AgreementFactory(kind=AgreementKind.ENGAGEMENT, title="Governor's commitment", engagements=[engagement])
    AgreementFactory(title="Hidden commitment", engagements=[engagement], confidentiality="confidential")
    html = section(client_for(Role.EXTERNAL).get(engagement.get_absolute_url()).content.decode(), "agreements")
    assert agreed.get_absolute_url() in html and "Hidden commitment" not in html
    assert f"engagements={engagement.pk}" in html


@pytest.mark.django_db
def test_the_stakeholder_page_lists_its_agreements_and_what_it_must_apply(client_for):
    body = RegionalBodyFactory(name="Northern Directorate")
    party_to = AgreementFactory(title="Regional MoU", jurisdiction=RegionFactory(), parties=[body])
    must_apply = RolloutFactory(body=body, state=RolloutState.CONTRADICTING)
    html = section(client_for(Role.SECURITY).get(body.get_absolute_url()).content.decode(), "stakeholder-agreements")
    assert party_to.get_absolute_url() in html
    assert must_apply.get_absolute_url() in html and "Contradicting it" in html


@pytest.mark.django_db
def test_the_stakeholder_page_query_count_is_constant_as_agreements_grow(client_for):
    body = RegionalBodyFactory()
    client = client_for(Role.SECURITY)

    def make_rows(n):
        for _ in range(n):
            AgreementFactory(parties=[body])
            RolloutFactory(body=body)

    assert_constant_queries(make_rows, lambda: client.get(body.get_absolute_url()), many=MANY)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SECURITY, Role.MANAGER])
def test_the_menu_leads_to_agreements_and_obligations(client_for, role):
    html = client_for(role).get(reverse("home")).content.decode()
    assert reverse("commitments:agreement_list") in html
    assert reverse("commitments:obligation_list") in html


@pytest.mark.django_db
def test_a_new_agreement_is_saved_with_its_author(client_for, users):
    data = TestAgreementPages().valid_form_data()
    response = client_for(Role.EXTERNAL).post(reverse("commitments:agreement_add"), data)
    assert response.status_code == 302, response.context["form"].errors
    agreement = Agreement.objects.get()
    assert agreement.history.get().history_user == users[Role.EXTERNAL]


@pytest.mark.django_db
def test_an_editor_who_may_not_see_the_successor_edits_the_rest_and_keeps_it(client_for):
    successor = AgreementFactory(confidentiality="confidential")
    agreement = AgreementFactory(status=AgreementStatus.SUPERSEDED, superseded_by=successor)
    client = client_for(Role.COMMUNITY)
    url = reverse("commitments:agreement_edit", args=[agreement.pk])
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert "superseded_by" not in form.fields
    data = PageSuite.flatten({k: v for k, v in form.initial.items() if v is not None})
    data.update(title="MoU of 2024, as signed", version=agreement.version)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    agreement.refresh_from_db()
    assert (agreement.title, agreement.superseded_by_id) == ("MoU of 2024, as signed", successor.pk)

"""Every follow-up page as an allowed and a refused role (the shared ``PageSuite``), the tracker, progress notes
and the follow-ups card of an engagement's page."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from followups.models import FollowUp, FollowUpStatus
from shrhub.roles import Role
from tests.helpers.queries import assert_constant_queries
from tests.helpers.suites import PageSuite
from tests.stakeholders.factories import EngagementFactory

from .factories import FollowUpFactory, FollowUpProgressFactory, OwnerFactory
from .suite_data import MANY, WRITERS, FollowUpData

LONG_AGO = datetime.date(2020, 1, 1)
FAR_AHEAD = datetime.date(2099, 1, 1)


class TestFollowUpPages(FollowUpData, PageSuite):
    url_prefix = "followups:followup"

    def valid_form_data(self):
        return {
            "engagement": EngagementFactory().pk,
            "description": "Share the grievance procedure in the local language",
            "owner": OwnerFactory(role=Role.COMMUNITY).pk,
            "due_on": "2026-04-15",
            "status": "open",
        }

    def invalid_form_data(self):
        return {**self.valid_form_data(), "due_on": ""}, "due_on"

    def edit_changes(self, obj, form):
        return {"description": "Share the grievance procedure in two local languages"}


# The tracker -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_tracker_sums_up_by_owner_and_links_to_their_open_items(client_for):
    owner = OwnerFactory(first_name="Nadia", last_name="Okoro")
    FollowUpFactory(owner=owner, due_on=LONG_AGO)
    FollowUpFactory(owner=owner, due_on=FAR_AHEAD)
    FollowUpFactory(owner=owner, status="done", closed_on=datetime.date(2026, 3, 3))
    FollowUpFactory(owner=None, due_on=FAR_AHEAD)
    response = client_for(Role.MANAGER).get(reverse("followups:followup_list"))
    assert response.status_code == 200
    rows = {row.label: (row.open, row.overdue, row.done, row.query) for row in response.context["summary"]["by_owner"]}
    assert rows == {"Nadia Okoro": (2, 1, 1, f"owner={owner.pk}"), "Nobody (unowned)": (1, 0, 0, "")}
    assert f'href="?owner={owner.pk}&amp;overdue=true"' in response.content.decode()


@pytest.mark.django_db
def test_the_tracker_shows_overdue_items_with_a_badge(client_for):
    late = FollowUpFactory(due_on=LONG_AGO, description="Return the minutes to the elders")
    FollowUpFactory(due_on=FAR_AHEAD)
    response = client_for(Role.COMMUNITY).get(reverse("followups:followup_list"), {"overdue": "true"})
    assert [row.pk for row in response.context["object_list"]] == [late.pk]
    assert "overdue</span>" in response.content.decode()


@pytest.mark.django_db
def test_mine_lists_the_users_own_follow_ups(client_for, users):
    own = FollowUpFactory(owner=users[Role.COMMUNITY])
    FollowUpFactory()
    response = client_for(Role.COMMUNITY).get(reverse("followups:followup_list"), {"mine": "true"})
    assert [row.pk for row in response.context["object_list"]] == [own.pk]


# Adding from an engagement, and progress notes ------------------------------------------------------------------


@pytest.mark.django_db
def test_add_from_an_engagement_starts_with_that_engagement(client_for):
    engagement = EngagementFactory()
    url = reverse("followups:followup_add") + f"?engagement={engagement.pk}"
    form = client_for(Role.COMMUNITY).get(url).context["form"]
    assert str(form["engagement"].value()) == str(engagement.pk)


@pytest.mark.django_db
def test_the_form_offers_only_engagements_the_user_may_see(client_for):
    visible = EngagementFactory()
    hidden = EngagementFactory(confidentiality="confidential")
    form = client_for(Role.COMMUNITY).get(reverse("followups:followup_add")).context["form"]
    offered = set(form.fields["engagement"].queryset.values_list("pk", flat=True))
    assert visible.pk in offered and hidden.pk not in offered


@pytest.mark.django_db
def test_closing_by_form_dates_the_follow_up_today(client_for):
    item = FollowUpFactory()
    client = client_for(Role.COMMUNITY)
    form = client.get(reverse("followups:followup_edit", args=[item.pk])).context["form"]
    data = {k: getattr(v, "pk", v) for k, v in form.initial.items() if v is not None}
    data.update(status="done", version=item.version)
    response = client.post(reverse("followups:followup_edit", args=[item.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    item.refresh_from_db()
    assert item.status == FollowUpStatus.DONE
    assert item.closed_on is not None


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MANAGER, Role.INTEGRATION])
def test_a_progress_note_moves_the_follow_up(client_for, role):
    """A writer's note is stored and moves the status (302 back to the follow-up); the API-only role is refused."""
    item = FollowUpFactory()
    response = client_for(role).post(
        reverse("followups:followup_progress", args=[item.pk]), {"note": "Letter sent", "new_status": "in_progress"}
    )
    allowed = role in WRITERS
    assert response.status_code == (302 if allowed else 403)
    item.refresh_from_db()
    assert (item.status == FollowUpStatus.IN_PROGRESS) == allowed
    assert item.progress_notes.exists() == allowed


@pytest.mark.django_db
def test_an_empty_progress_note_is_shown_again_with_its_error(client_for):
    item = FollowUpFactory()
    response = client_for(Role.COMMUNITY).post(reverse("followups:followup_progress", args=[item.pk]), {"note": ""})
    assert response.status_code == 400
    assert "note" in response.context["progress_form"].errors
    assert not item.progress_notes.exists()


@pytest.mark.django_db
def test_detail_shows_the_progress_notes(client_for):
    note = FollowUpProgressFactory(note="Met the chief at the market", new_status="in_progress")
    response = client_for(Role.SECURITY).get(note.follow_up.get_absolute_url())
    assert "Met the chief at the market" in response.content.decode()
    assert f'id="progress-{note.pk}"' in response.content.decode()


# The engagement's page ---------------------------------------------------------------------------------------


def card(response) -> str:
    html = response.content.decode()
    assert 'id="engagement-follow-ups"' in html
    return html.split('id="engagement-follow-ups"')[1].split("</section>")[0]


@pytest.mark.django_db
def test_the_engagement_page_lists_its_follow_ups_with_owner_due_status_and_overdue(client_for):
    engagement = EngagementFactory()
    owner = OwnerFactory(first_name="Nadia", last_name="Okoro")
    late = FollowUpFactory(engagement=engagement, owner=owner, due_on=LONG_AGO, description="Late letter")
    FollowUpFactory(engagement=engagement, owner=None, due_on=FAR_AHEAD, description="Water point visit")
    FollowUpFactory(description="Another engagement's follow-up")
    html = card(client_for(Role.MANAGER).get(engagement.get_absolute_url()))
    assert late.get_absolute_url() in html
    assert "Late letter" in html and "Water point visit" in html
    assert "Another engagement" not in html
    assert "Nadia Okoro" in html and "unowned" in html
    assert html.count("overdue</span>") == 1


@pytest.mark.django_db
@pytest.mark.parametrize("may_add", [True, False])
def test_the_add_button_is_for_those_who_may_add(client_for, may_add):
    """Every page role may add follow-ups today; a role that loses ``add_followup`` (the role table changes) still
    sees the list, without the button."""
    engagement = EngagementFactory()
    FollowUpFactory(engagement=engagement, description="Send the photos of the visit")
    if not may_add:
        Group.objects.get(name=Role.COMMUNITY).permissions.remove(Permission.objects.get(codename="add_followup"))
    html = card(client_for(Role.COMMUNITY).get(engagement.get_absolute_url()))
    assert "Send the photos of the visit" in html
    assert (reverse("followups:followup_add") + f"?engagement={engagement.pk}" in html) == may_add


@pytest.mark.django_db
def test_the_engagement_page_query_count_is_constant_as_follow_ups_grow(client_for):
    engagement = EngagementFactory()
    client = client_for(Role.COMMUNITY)

    def make_rows(n):
        for index in range(n):
            FollowUpFactory(engagement=engagement, owner=None if index % 2 else OwnerFactory())

    assert_constant_queries(make_rows, lambda: client.get(engagement.get_absolute_url()), many=MANY)
    assert FollowUp.objects.filter(engagement=engagement).count() == MANY


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SECURITY, Role.MANAGER])
def test_the_menu_leads_to_the_tracker(client_for, role):
    html = client_for(role).get(reverse("home")).content.decode()
    assert "Engagement follow-ups" in html
    assert reverse("followups:followup_list") in html

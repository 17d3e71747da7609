"""Who is kept informed, on pages: the shared ``PageSuite``; the list with its dates and quick filters; the sections
on the working group's and the agreement's pages (with the map's proposals and their one-click add); the
"Record that they were informed" link; the proposals page; what a reader may not see is never named."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils.formats import date_format

from commitments.choices import InformMeans, Process
from commitments.models import Audience
from shrhub import clock
from shrhub.roles import Role
from tests.followups.factories import OwnerFactory
from tests.helpers.queries import assert_constant_queries
from tests.helpers.suites import PageSuite
from tests.shrhub.factories import NationalFactory
from tests.stakeholders.factories import AssessmentFactory, EngagementFactory, OrganisationFactory
from tests.workinggroups.factories import WorkingGroupFactory

from .factories import AgreementFactory, AudienceFactory
from .suite_data import MANY, AudienceData

pytestmark = pytest.mark.django_db


class TestAudiencePages(AudienceData, PageSuite):
    url_prefix = "commitments:audience"

    def valid_form_data(self):
        return {
            "process": Process.WORKING_GROUP,
            "working_group": WorkingGroupFactory().pk,
            "stakeholder": OrganisationFactory().pk,
            "means": InformMeans.MINUTES,
            "every_days": 90,
            "owner": OwnerFactory(role=Role.COMMUNITY).pk,
            "notes": "Send the approved minutes within a week.",
        }

    def invalid_form_data(self):
        """The in-country process names its country (the model's rule, shown beside the field)."""
        return {**self.valid_form_data(), "process": Process.IN_COUNTRY}, "country"

    def edit_changes(self, obj, form):
        return {"every_days": 45}


def section(html: str, anchor: str) -> str:
    assert f'id="{anchor}"' in html, anchor
    return html.split(f'id="{anchor}"')[1].split("</section>")[0]


def assessed(jurisdiction, influence=2, interest=5, **extra):
    stakeholder = OrganisationFactory(jurisdiction=jurisdiction, **extra)
    AssessmentFactory(stakeholder=stakeholder, influence=influence, interest=interest)
    return stakeholder


# The list --------------------------------------------------------------------------------------------------------


def test_the_list_shows_last_informed_next_due_and_overdue(client_for):
    briefed = AudienceFactory(stakeholder=OrganisationFactory(name="Embassy of Norvald"), every_days=3650)
    EngagementFactory(stakeholders=[briefed.stakeholder], occurred_on=datetime.date(2026, 3, 1))
    AudienceFactory(stakeholder=OrganisationFactory(name="Chamber of Mines"))
    response = client_for(Role.MANAGER).get(reverse("commitments:audience_list"))
    rows = {row.stakeholder.name: row for row in response.context["object_list"]}
    assert rows["Embassy of Norvald"].last_informed_on == datetime.date(2026, 3, 1)
    assert not rows["Embassy of Norvald"].overdue
    assert rows["Chamber of Mines"].overdue and rows["Chamber of Mines"].last_informed_on is None
    html = " ".join(response.content.decode().split())
    assert "never" in html and "overdue</span>" in html
    for query in ("?overdue=true&amp;ordering=due", "?never_informed=true", "?mine=true&amp;ordering=due"):
        assert f'href="{query}"' in html
    assert reverse("commitments:audience_proposed") + f"?country={NationalFactory().pk}" in html


def test_the_list_orders_by_next_due(client_for):
    later = AudienceFactory(every_days=300)
    EngagementFactory(stakeholders=[later.stakeholder], occurred_on=clock.today())
    sooner = AudienceFactory(every_days=10)
    EngagementFactory(stakeholders=[sooner.stakeholder], occurred_on=clock.today())
    response = client_for(Role.MANAGER).get(reverse("commitments:audience_list"), {"ordering": "due"})
    assert [row.pk for row in response.context["object_list"]] == [sooner.pk, later.pk]


def test_a_hidden_engagement_never_shows_in_the_dates(client_for):
    member = AudienceFactory(stakeholder=OrganisationFactory(name="Civic Observatory"))
    secret_day = datetime.date(2026, 4, 17)
    EngagementFactory(stakeholders=[member.stakeholder], occurred_on=secret_day, confidentiality="confidential")
    shown = date_format(secret_day, "DATE_FORMAT")
    for url in (reverse("commitments:audience_list"), member.get_absolute_url()):
        html = client_for(Role.COMMUNITY).get(url).content.decode()
        assert shown not in html and "2026-04-17" not in html, url
    admin = client_for(Role.ADMINISTRATOR).get(member.get_absolute_url()).content.decode()
    assert shown in admin


def test_the_page_lists_the_latest_engagements_the_reader_may_see(client_for):
    member = AudienceFactory()
    shown = EngagementFactory(stakeholders=[member.stakeholder], title="Quarterly briefing")
    EngagementFactory(stakeholders=[member.stakeholder], title="Closed-door talks", confidentiality="confidential")
    html = section(
        client_for(Role.COMMUNITY).get(member.get_absolute_url()).content.decode(), "audience-engagements-title"
    )
    assert shown.get_absolute_url() in html and "Closed-door talks" not in html


# Recording that they were informed ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("means", "kind"),
    [
        (InformMeans.LETTER, "correspondence"),
        (InformMeans.EMAIL, "correspondence"),
        (InformMeans.BRIEFING, "meeting"),
        (InformMeans.MEETING, "meeting"),
    ],
)
def test_recording_they_were_informed_prefills_a_new_engagement(client_for, means, kind):
    member = AudienceFactory(means=means)
    client = client_for(Role.COMMUNITY)
    html = client.get(member.get_absolute_url()).content.decode()
    link = html.split('href="' + reverse("stakeholders:engagement_add"))[1].split('"')[0].replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)
    assert query["kind"] == [kind] and query["stakeholders"] == [str(member.stakeholder_id)]
    form = client.get(reverse("stakeholders:engagement_add") + link).context["form"]
    assert form["kind"].value() == kind
    assert str(form["stakeholders"].value()) in (str(member.stakeholder_id), str([str(member.stakeholder_id)]))
    assert form["occurred_on"].value() == clock.today().isoformat()
    assert "Kept informed" in form["title"].value()


def test_the_prefilled_title_names_no_agreement(client_for):
    """The link's title names the means and the kind of process only: the agreement's title stays out of URLs."""
    mou = AgreementFactory(title="MoU on the northern concession")
    member = AudienceFactory(process=Process.AGREEMENT, country=None, agreement=mou)
    html = client_for(Role.COMMUNITY).get(member.get_absolute_url()).content.decode()
    link = html.split('href="' + reverse("stakeholders:engagement_add"))[1].split('"')[0]
    assert "northern" not in link


def test_the_link_is_for_those_who_may_log_engagements(client_for):
    member = AudienceFactory()
    group = Group.objects.get(name=Role.COMMUNITY)
    group.permissions.remove(Permission.objects.get(codename="add_engagement"))
    html = client_for(Role.COMMUNITY).get(member.get_absolute_url()).content.decode()
    assert reverse("stakeholders:engagement_add") not in html


def test_the_list_offers_the_link_to_those_who_may_log_engagements(client_for):
    AudienceFactory()
    add = reverse("stakeholders:engagement_add")
    assert add in client_for(Role.EXTERNAL).get(reverse("commitments:audience_list")).content.decode()
    assert add not in client_for(Role.MANAGER).get(reverse("commitments:audience_list")).content.decode()


# Sections on the working group's and the agreement's pages ------------------------------------------------------


@pytest.mark.parametrize("process", [Process.WORKING_GROUP, Process.AGREEMENT])
def test_the_section_lists_the_audience_with_badges_and_proposals(client_for, process):
    target = WorkingGroupFactory() if process == Process.WORKING_GROUP else AgreementFactory()
    field = "working_group" if process == Process.WORKING_GROUP else "agreement"
    place = target.jurisdiction
    late = AudienceFactory(
        process=process, country=None, stakeholder=OrganisationFactory(name="Late Lawyers"), **{field: target}
    )
    AudienceFactory(stakeholder=OrganisationFactory(name="Kept elsewhere"))
    proposed = assessed(place, name="Village Radio")
    response = client_for(Role.COMMUNITY).get(target.get_absolute_url())
    html = section(response.content.decode(), "audience")
    assert late.get_absolute_url() in html and "overdue</span>" in html and "never informed" in html
    assert "Kept elsewhere" not in html
    assert "Village Radio" in html and f'name="stakeholder" value="{proposed.pk}"' in html
    assert reverse("commitments:audience_add") + f"?process={process}&amp;{field}={target.pk}" in html


def test_one_click_add_from_the_section_returns_to_the_page(client_for):
    group = WorkingGroupFactory()
    proposed = assessed(group.jurisdiction)
    response = client_for(Role.COMMUNITY).post(
        reverse("commitments:audience_proposed"),
        {"working_group": group.pk, "stakeholder": proposed.pk, "next": "target"},
    )
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url() + "#audience"
    member = Audience.objects.get()
    assert (member.stakeholder, member.working_group, member.means, member.every_days) == (
        proposed,
        group,
        InformMeans.BRIEFING,
        90,
    )


def test_the_section_hides_what_the_reader_may_not_see(client_for):
    mou = AgreementFactory()
    AudienceFactory(
        process=Process.AGREEMENT,
        country=None,
        agreement=mou,
        stakeholder=OrganisationFactory(name="Secret Source", confidentiality="confidential"),
    )
    assessed(mou.jurisdiction, name="Hidden Candidate", confidentiality="confidential")
    html = section(client_for(Role.COMMUNITY).get(mou.get_absolute_url()).content.decode(), "audience")
    assert "Secret Source" not in html and "Hidden Candidate" not in html
    assert "Nobody is kept informed of it yet." in html


def test_the_section_query_count_is_constant(client_for):
    group = WorkingGroupFactory()
    client = client_for(Role.COMMUNITY)

    def make_rows(n):
        for _ in range(n):
            member = AudienceFactory(
                process=Process.WORKING_GROUP, country=None, working_group=group, owner=OwnerFactory()
            )
            EngagementFactory(stakeholders=[member.stakeholder])
            assessed(group.jurisdiction)

    assert_constant_queries(make_rows, lambda: client.get(group.get_absolute_url()), many=MANY)


# The proposals page ---------------------------------------------------------------------------------------------


def test_the_proposals_page_defaults_to_the_first_country_and_adds_them_all(client_for):
    country = NationalFactory()
    first, second = assessed(country, name="Civic Observatory"), assessed(country, name="Women Lawyers")
    client = client_for(Role.EXTERNAL)
    response = client.get(reverse("commitments:audience_proposed"))
    assert response.context["target"] == country
    assert response.context["proposed"] == [first, second]
    assert "Add the 2 stakeholders the map proposes" in " ".join(response.content.decode().split())
    response = client.post(reverse("commitments:audience_proposed"), {"country": country.pk})
    assert response.status_code == 302
    assert set(Audience.objects.values_list("stakeholder", "process", "country")) == {
        (first.pk, Process.IN_COUNTRY, country.pk),
        (second.pk, Process.IN_COUNTRY, country.pk),
    }
    assert client.get(response["Location"]).context["proposed"] == []


def test_proposals_of_a_hidden_agreement_are_not_found(client_for):
    mou = AgreementFactory(confidentiality="confidential")
    assessed(mou.jurisdiction)
    client = client_for(Role.COMMUNITY)
    assert client.get(reverse("commitments:audience_proposed"), {"agreement": mou.pk}).status_code == 404
    assert client.post(reverse("commitments:audience_proposed"), {"agreement": mou.pk}).status_code == 404
    assert not Audience.objects.exists()


def test_a_hidden_stakeholder_cannot_be_added_by_one_click(client_for):
    country = NationalFactory()
    hidden = assessed(country, confidentiality="confidential")
    response = client_for(Role.COMMUNITY).post(
        reverse("commitments:audience_proposed"), {"country": country.pk, "stakeholder": hidden.pk}
    )
    assert response.status_code == 404
    assert not Audience.objects.exists()


def test_the_form_offers_no_hidden_agreement_or_stakeholder(client_for):
    shown, hidden = AgreementFactory(), AgreementFactory(confidentiality="confidential")
    person, secret = OrganisationFactory(), OrganisationFactory(confidentiality="confidential")
    form = client_for(Role.COMMUNITY).get(reverse("commitments:audience_add")).context["form"]
    agreements = set(form.fields["agreement"].queryset.values_list("pk", flat=True))
    stakeholders = set(form.fields["stakeholder"].queryset.values_list("pk", flat=True))
    assert shown.pk in agreements and hidden.pk not in agreements
    assert person.pk in stakeholders and secret.pk not in stakeholders


def test_add_from_a_section_starts_with_the_process(client_for):
    group = WorkingGroupFactory()
    url = reverse("commitments:audience_add") + f"?process=working_group&working_group={group.pk}"
    form = client_for(Role.COMMUNITY).get(url).context["form"]
    assert form["process"].value() == "working_group" and str(form["working_group"].value()) == str(group.pk)


def test_an_interval_under_a_day_is_refused_beside_the_field(client_for):
    data = {**TestAudiencePages().valid_form_data(), "every_days": 0}
    response = client_for(Role.COMMUNITY).post(reverse("commitments:audience_add"), data)
    assert response.status_code == 400
    assert b'id="id_every_days_errors"' in response.content
    assert not Audience.objects.exists()

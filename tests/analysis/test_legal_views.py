"""The legal framework's pages: the shared ``PageSuite`` for each kind of entry (every role's matrix is the route
table's), then the country index, the country page (leverage first, add buttons, verification warnings, a hidden
expert never named, constant queries) and the short report (sections in the toolkit's order, logged as an
export)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from analysis.models import NationalLaw
from shrhub.models import AccessLog
from shrhub.roles import Role
from tests.followups.factories import OwnerFactory
from tests.helpers.queries import assert_constant_queries
from tests.helpers.suites import PageSuite
from tests.shrhub.factories import NationalFactory, RegionFactory
from tests.stakeholders.factories import OrganisationFactory

from .legal_factories import (
    ActionPlanFactory,
    IhlAssessmentFactory,
    InitiativeCommitmentFactory,
    InstrumentStatusFactory,
    NationalLawFactory,
    instrument,
)
from .legal_suite_data import (
    ActionPlanData,
    IhlAssessmentData,
    InitiativeCommitmentData,
    InstrumentStatusData,
    NationalLawData,
)


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(html: str, element_id: str, end: str = "</section>") -> str:
    assert f'id="{element_id}"' in html, element_id
    return html.split(f'id="{element_id}"', 1)[1].split(end, 1)[0]


# The shared page suites ---------------------------------------------------------------------------------------


def entry_form(**fields):
    return {"country": NationalFactory().pk, "link": "https://example.org/text", "verified_on": "2026-02-01", **fields}


class TestNationalLawPages(NationalLawData, PageSuite):
    url_prefix = "analysis:nationallaw"

    def valid_form_data(self):
        return entry_form(
            title="Police Act, Part V",
            reference="Act No. 3 of 2008",
            area="use_of_force",
            summary="Force only when strictly necessary.",
            vps_connection="The MoU's rules hold the police to the Act's standard.",
            experts=[OrganisationFactory(sector="parliament").pk],
        )

    def invalid_form_data(self):
        return {**self.valid_form_data(), "country": RegionFactory().pk}, "country"

    def edit_changes(self, obj, form):
        return {"summary": "Amended in 2025."}


class TestInstrumentStatusPages(InstrumentStatusData, PageSuite):
    url_prefix = "analysis:instrumentstatus"

    def valid_form_data(self):
        return entry_form(instrument=instrument("opcat").pk, state="signed", since="2019-06-01")

    def invalid_form_data(self):
        return {**self.valid_form_data(), "state": "pending"}, "state"

    def edit_changes(self, obj, form):
        return {"notes": "A reservation on article 22."}


class TestIhlAssessmentPages(IhlAssessmentData, PageSuite):
    url_prefix = "analysis:ihlassessment"

    def valid_form_data(self):
        return entry_form(applies="in_part", assessed_on="2026-01-20", reasoning="Armed group in the north.")

    def invalid_form_data(self):
        return {**self.valid_form_data(), "reasoning": ""}, "reasoning"

    def edit_changes(self, obj, form):
        return {"areas": "Northern Highlands"}


class TestActionPlanPages(ActionPlanData, PageSuite):
    url_prefix = "analysis:actionplan"

    def valid_form_data(self):
        return entry_form(title="National Action Plan 2026-2030", status="adopted", adopted_on="2026-01-05")

    def invalid_form_data(self):
        return {**self.valid_form_data(), "adopted_on": ""}, "__all__"

    def edit_changes(self, obj, form):
        return {"security_elements": "Training of police units guarding sites."}


class TestInitiativeCommitmentPages(InitiativeCommitmentData, PageSuite):
    url_prefix = "analysis:initiativecommitment"

    def valid_form_data(self):
        return entry_form(initiative="eiti", commitments="Publish mining contracts.")

    def invalid_form_data(self):
        return {**self.valid_form_data(), "initiative": "other", "other_initiative": ""}, "__all__"

    def edit_changes(self, obj, form):
        return {"commitments": "Publish beneficial owners too."}


# Forms -----------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_add_form_takes_its_country_from_the_link_and_offers_only_countries(client_for):
    country = NationalFactory()
    region = RegionFactory(parent=country)
    response = client_for(Role.EXTERNAL).get(reverse("analysis:nationallaw_add") + f"?country={country.pk}")
    form = response.context["form"]
    assert form["country"].value() == str(country.pk)
    offered = set(form.fields["country"].queryset)
    assert country in offered and region not in offered


@pytest.mark.django_db
def test_experts_of_the_toolkit_sectors_come_first(client_for):
    ministry = OrganisationFactory(name="Aaa Ministry", sector="ministry")
    nhri = OrganisationFactory(name="Zzz Human Rights Commission", sector="nhri")
    form = client_for(Role.SECURITY).get(reverse("analysis:nationallaw_add")).context["form"]
    offered = list(form.fields["experts"].queryset)
    assert offered.index(nhri) < offered.index(ministry)


@pytest.mark.django_db
def test_saving_a_law_names_its_author_as_preparer(client_for, users):
    data = TestNationalLawPages().valid_form_data()
    response = client_for(Role.EXTERNAL).post(reverse("analysis:nationallaw_add"), data)
    assert response.status_code == 302
    assert NationalLaw.objects.get(title="Police Act, Part V").prepared_by == users[Role.EXTERNAL]


@pytest.mark.django_db
def test_an_edit_keeps_an_expert_its_author_may_not_see(client_for):
    hidden = OrganisationFactory(name="Confidential adviser", confidentiality="confidential")
    shown = OrganisationFactory(name="University of Varantia", sector="academia")
    law = NationalLawFactory(experts=[hidden, shown])
    client = client_for(Role.COMMUNITY)
    form = client.get(reverse("analysis:nationallaw_edit", args=[law.pk])).context["form"]
    assert hidden not in form.fields["experts"].queryset
    data = {**{k: v for k, v in form.initial.items() if v is not None}, "experts": [], "version": law.version}
    response = client.post(reverse("analysis:nationallaw_edit", args=[law.pk]), PageSuite.flatten(data))
    assert response.status_code == 302, response.context["form"].errors
    assert set(law.experts.all()) == {hidden}


# The country index and page -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_index_lists_countries_with_their_counts(client_for):
    country = NationalFactory()
    NationalLawFactory(country=country)
    NationalLawFactory(country=country)
    InitiativeCommitmentFactory(country=country)
    html = html_of(client_for(Role.COMMUNITY).get(reverse("analysis:legal_countries")))
    row = section(html, "legal-countries", "</table>")
    assert reverse("analysis:legal_framework", args=[country.pk]) in row
    assert "<td>2</td>" in row and "<td>1</td>" in row


def leverage_order(html: str) -> list[int]:
    return [
        html.index(f'id="{name}"')
        for name in (
            "legal-initiatives",
            "legal-ratified",
            "legal-plans",
            "legal-ihl",
            "legal-laws",
            "legal-signed",
            "legal-not-party",
        )
    ]


@pytest.mark.django_db
def test_the_country_page_puts_the_leverage_first_and_sorts_instruments_by_status(client_for):
    country = NationalFactory()
    InitiativeCommitmentFactory(country=country, initiative="ungps", other_initiative="", commitments="Endorsed")
    InstrumentStatusFactory(country=country, instrument=instrument("iccpr"), state="ratified")
    InstrumentStatusFactory(country=country, instrument=instrument("opcat"), state="signed")
    InstrumentStatusFactory(country=country, instrument=instrument("ap-ii"), state="not_party")
    ActionPlanFactory(country=country, security_elements="Training of police units")
    old = IhlAssessmentFactory(country=country, assessed_on=datetime.date(2024, 1, 1), applies="in_part")
    IhlAssessmentFactory(country=country, assessed_on=datetime.date(2025, 6, 1), applies="no")
    NationalLawFactory(country=country, title="Labour Code", area="labour_rights")
    html = html_of(client_for(Role.COMMUNITY).get(reverse("analysis:legal_framework", args=[country.pk])))
    assert leverage_order(html) == sorted(leverage_order(html))
    assert "UN Guiding Principles" in section(html, "legal-initiatives")
    assert "ICCPR" in section(html, "legal-ratified") and "OPCAT" not in section(html, "legal-ratified")
    assert "OPCAT" in section(html, "legal-signed")
    assert "Additional Protocol II" in section(html, "legal-not-party")
    assert "Training of police units" in section(html, "legal-plans")
    ihl = section(html, "legal-ihl")
    assert ihl.index("Does not apply") < ihl.index("legal-ihl-earlier")
    assert old.get_absolute_url() in section(html, "legal-ihl-earlier", "</ul>")
    assert "Labour Code" in section(html, "legal-laws")


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "shown"), [(Role.EXTERNAL, True), (Role.MANAGER, True)])
def test_the_country_page_offers_add_buttons_to_who_may_add(client_for, role, shown):
    country = NationalFactory()
    html = html_of(client_for(role).get(reverse("analysis:legal_framework", args=[country.pk])))
    link = reverse("analysis:nationallaw_add") + f"?country={country.pk}"
    assert (link in html) is shown


@pytest.mark.django_db
def test_the_country_page_shows_no_add_button_without_the_right(client_for):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.get(name=Role.COMMUNITY)
    group.permissions.remove(Permission.objects.get(codename="add_nationallaw"))
    country = NationalFactory()
    html = html_of(client_for(Role.COMMUNITY).get(reverse("analysis:legal_framework", args=[country.pk])))
    assert reverse("analysis:nationallaw_add") not in html
    assert reverse("analysis:ihlassessment_add") in html


@pytest.mark.django_db
def test_entries_never_verified_or_verified_over_a_year_ago_are_flagged(client_for):
    country = NationalFactory()
    NationalLawFactory(country=country, title="Checked lately", verified_on=datetime.date(2026, 5, 1))
    NationalLawFactory(country=country, title="Checked long ago", verified_on=datetime.date(2025, 5, 1))
    NationalLawFactory(country=country, title="Never checked", verified_on=None)
    client = client_for(Role.COMMUNITY)
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC), tick=False):
        html = html_of(client.get(reverse("analysis:legal_framework", args=[country.pk])))
    assert "2 entries were never verified" in section(html, "legal-unverified", "</div>")
    laws = section(html, "legal-laws")
    assert laws.count("verification-stale") == 1 and laws.count("verification-never") == 1
    assert laws.count("verification-current") == 1


@pytest.mark.django_db
def test_the_country_page_never_names_a_hidden_expert(client_for):
    country = NationalFactory()
    hidden = OrganisationFactory(name="Secret Adviser Omega", confidentiality="confidential")
    shown = OrganisationFactory(name="University of Varantia", sector="academia")
    NationalLawFactory(country=country, experts=[hidden, shown])
    for name in ("legal_framework", "legal_report"):
        html = html_of(client_for(Role.SECURITY).get(reverse(f"analysis:{name}", args=[country.pk])))
        assert "University of Varantia" in html
        assert "Secret Adviser Omega" not in html
    html = html_of(client_for(Role.ADMINISTRATOR).get(reverse("analysis:legal_report", args=[country.pk])))
    assert "Secret Adviser Omega" in html


@pytest.mark.django_db
def test_a_region_has_no_legal_framework_page(client_for):
    region = RegionFactory()
    assert client_for(Role.COMMUNITY).get(reverse("analysis:legal_framework", args=[region.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["legal_framework", "legal_report"])
def test_the_country_page_and_report_cost_constant_queries(client_for, name):
    country = NationalFactory()
    url = reverse(f"analysis:{name}", args=[country.pk])
    client = client_for(Role.COMMUNITY)

    def make_rows(n):
        for _index in range(n):
            experts = [OrganisationFactory(sector="academia")]
            owner = OwnerFactory()
            NationalLawFactory(country=country, experts=experts, prepared_by=owner)
            InstrumentStatusFactory(country=country, experts=experts, prepared_by=owner)
            IhlAssessmentFactory(country=country, experts=experts)
            ActionPlanFactory(country=country, experts=experts)
            InitiativeCommitmentFactory(country=country, experts=experts, prepared_by=owner)

    assert_constant_queries(make_rows, lambda: client.get(url), many=8)


@pytest.mark.django_db
def test_the_index_costs_constant_queries(client_for):
    client = client_for(Role.COMMUNITY)
    assert_constant_queries(
        lambda n: [NationalLawFactory() for _ in range(n)], lambda: client.get(reverse("analysis:legal_countries"))
    )


# The short report -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_report_follows_the_toolkit_order_and_is_logged_as_an_export(client_for, users):
    country = NationalFactory()
    preparer = OwnerFactory(first_name="Ada", last_name="Counsel")
    eiti = {"initiative": "eiti", "other_initiative": ""}
    InitiativeCommitmentFactory(country=country, commitments="Publish contracts", **eiti)
    ratified_on = datetime.date(2008, 2, 3)
    InstrumentStatusFactory(country=country, instrument=instrument("cat"), state="ratified", since=ratified_on)
    InstrumentStatusFactory(country=country, instrument=instrument("rome"), state="signed")
    ActionPlanFactory(country=country, security_elements="VPs named as a reference", prepared_by=preparer)
    IhlAssessmentFactory(country=country, applies="no", reasoning="Internal disturbances only")
    NationalLawFactory(
        country=country, title="Police Act", area="use_of_force", vps_connection="Rules of engagement in the MoU"
    )
    response = client_for(Role.EXTERNAL).get(reverse("analysis:legal_report", args=[country.pk]))
    html = html_of(response)
    order = [
        html.index(f'id="{name}"')
        for name in ("report-leverage", "report-international", "report-national", "report-sources")
    ]
    assert order == sorted(order)
    leverage = section(html, "report-leverage")
    assert "Extractive Industries Transparency Initiative" in leverage and "Publish contracts" in leverage
    assert "CAT" in leverage and "Rome Statute" not in leverage
    assert "VPs named as a reference" in leverage
    international = section(html, "report-international")
    assert "Rome Statute of the International Criminal Court" in international
    assert "Internal disturbances only" in international
    assert "Rules of engagement in the MoU" in section(html, "report-national")
    assert "Ada Counsel" in section(html, "report-preparers", "</dd>")
    assert "data-print" in html
    logged = AccessLog.objects.get(action=AccessLog.Action.EXPORT, user=users[Role.EXTERNAL])
    assert logged.model == "shrhub.jurisdiction" and logged.object_id == str(country.pk)


@pytest.mark.django_db
def test_the_report_of_an_empty_country_says_so(client_for):
    html = html_of(client_for(Role.MANAGER).get(reverse("analysis:legal_report", args=[NationalFactory().pk])))
    assert "Nothing is recorded yet" in html

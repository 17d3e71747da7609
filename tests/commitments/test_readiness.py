"""Readiness by level (the manager view, its API twin) and the warnings of the case for the VPs: the figures count
only what the reader may see, the country is chosen among visible national jurisdictions, and both cost the same
number of queries as rows grow."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commitments.advocacy.readiness import readiness
from commitments.advocacy.warnings import advocacy_warnings
from commitments.choices import CommitmentLevel, Response, Standard
from shrhub.roles import Role
from tests.helpers.queries import assert_constant_queries
from tests.shrhub.factories import LocalityFactory, NationalFactory, RegionFactory
from tests.stakeholders.factories import AssessmentFactory, OrganisationFactory, PersonFactory

from .advocacy_factories import AdvocacyFactory, ArgumentPutFactory, BenefitArgumentFactory, CommitmentAssessmentFactory

pytestmark = pytest.mark.django_db


def names(rows):
    return {row.name for row in rows}


@pytest.fixture
def country():
    """Varantia: a ready region, a blocked national ministry, a local level with no one ready; hidden bodies at
    every level (they count for nobody below the administrator)."""
    national = NationalFactory()
    region = RegionFactory(parent=national)
    locality = LocalityFactory(parent=region)
    blocked = OrganisationFactory(name="Ministry of Defence", jurisdiction=national)
    CommitmentAssessmentFactory(stakeholder=blocked, level=CommitmentLevel.OPPOSED)
    interior = OrganisationFactory(name="Ministry of the Interior", jurisdiction=national)
    CommitmentAssessmentFactory(stakeholder=interior, level=CommitmentLevel.SUPPORTIVE, assessed_on="2025-01-01")
    CommitmentAssessmentFactory(stakeholder=interior, level=CommitmentLevel.INTERESTED)  # the current one
    directorate = OrganisationFactory(
        name="Regional Directorate", level="regional", sector="regional_authority", jurisdiction=region
    )
    CommitmentAssessmentFactory(stakeholder=directorate, level=CommitmentLevel.COMMITTED_PUBLICLY)
    station = OrganisationFactory(name="Police Station", level="local", sector="police", jurisdiction=locality)
    CommitmentAssessmentFactory(stakeholder=station, level=CommitmentLevel.AWARE)
    PersonFactory(name="Mayor Testname", level="local", sector="local_government", jurisdiction=locality)
    OrganisationFactory(name="River Civil Society", level="local", sector="civil_society", jurisdiction=locality)
    hidden = OrganisationFactory(
        name="Secret Local Council",
        level="local",
        sector="local_government",
        jurisdiction=locality,
        confidentiality="restricted",
    )
    CommitmentAssessmentFactory(stakeholder=hidden, level=CommitmentLevel.CHAMPION)
    advocacy = AdvocacyFactory(agency=blocked, response=Response.REJECTED)
    ArgumentPutFactory(advocacy=advocacy, response=Response.REJECTED)
    AdvocacyFactory(agency=hidden)
    return national


def test_the_figure_by_level_for_a_reader_who_may_not_see_restricted_bodies(country, users):
    figure = readiness(user=users[Role.EXTERNAL], country=country)
    national, regional, local = figure.levels
    assert names(national.blocking) == {"Ministry of Defence"}
    assert names(national.on_the_way) == {"Ministry of the Interior"}  # its latest assessment, not the earlier one
    assert names(regional.ready) == {"Regional Directorate"} and not regional.no_one_ready
    assert names(local.on_the_way) == {"Police Station"}
    assert names(local.never_assessed) == {"Mayor Testname"}  # persons of government sectors count; civil society not
    assert local.total == 2 and local.no_one_ready  # the hidden champion counts for nobody who may not see it
    assert national.tried == 1 and local.tried == 0
    assert [(row.name, row.total) for row in figure.arguments] == [(row.name, 1) for row in figure.arguments]


def test_the_administrator_sees_the_restricted_champion(country, users):
    local = readiness(user=users[Role.ADMINISTRATOR], country=country).levels[2]
    assert "Secret Local Council" in names(local.ready) and not local.no_one_ready
    assert local.tried == 1


def test_the_page_is_for_managers_and_shows_the_levels(country, client_for):
    url = reverse("commitments:readiness")
    assert client_for(Role.SECURITY).get(url).status_code == 403
    response = client_for(Role.MANAGER).get(url)
    page = response.content.decode()
    assert response.status_code == 200 and response.context["figure"].country == country
    assert 'id="level-local"' in page and "Secret Local Council" in page  # managers see restricted bodies
    assert client_for(Role.MANAGER).get(url, {"country": RegionFactory(parent=country).pk}).status_code == 400


def test_the_api_twin(country, api_client_for):
    url = reverse("readiness")
    assert api_client_for(Role.EXTERNAL).get(url).status_code == 403
    client = api_client_for(Role.MANAGER)
    data = client.get(url, {"country": country.pk}).json()
    assert data["country"]["id"] == country.pk
    assert [level["level"] for level in data["levels"]] == ["national", "regional", "local"]
    assert [a["name"] for a in data["levels"][0]["blocking"]] == ["Ministry of Defence"]
    assert client.get(url, {"country": "x"}).status_code == 400
    assert "sector" in client.get(url, {"sector": "police"}).json()


def test_the_figure_costs_the_same_as_rows_grow(country, client_for):
    client = client_for(Role.MANAGER)
    region = RegionFactory(parent=country)

    def grow(n):
        for _ in range(n):
            body = OrganisationFactory(level="regional", jurisdiction=region)
            CommitmentAssessmentFactory(stakeholder=body)
            ArgumentPutFactory(advocacy=AdvocacyFactory(agency=body), argument=BenefitArgumentFactory())

    assert_constant_queries(grow, lambda: client.get(reverse("commitments:readiness")), many=10)


def warning_titles(user):
    return [str(w.title) for w in advocacy_warnings(user, {})]


def test_warnings_key_agencies_never_approached(users):
    approached, never = OrganisationFactory(), OrganisationFactory(name="Ministry of Finance")
    for body in (approached, never):
        AssessmentFactory(stakeholder=body, influence=5)
    AdvocacyFactory(agency=approached, standard=Standard.VPS)
    AssessmentFactory(stakeholder=OrganisationFactory(), influence=2)  # not key
    hidden = OrganisationFactory(confidentiality="restricted")
    AssessmentFactory(stakeholder=hidden, influence=5, confidentiality="restricted")
    external, manager = users[Role.EXTERNAL], users[Role.MANAGER]
    found = [w for w in advocacy_warnings(external, {}) if "never heard" in str(w.title)]
    assert [str(w.title) for w in found] == ["1 key agency has never heard the case for the VPs"]
    assert "Ministry of Finance" in str(found[0].detail)
    assert "2 key agencies have never heard the case for the VPs" in warning_titles(manager)


def test_warnings_arguments_repeatedly_rejected(users):
    argument, ministry = BenefitArgumentFactory(name="Standing among partner governments"), OrganisationFactory()
    first = ArgumentPutFactory(argument=argument, advocacy=AdvocacyFactory(agency=ministry), response="rejected")
    assert not any("rejected" in title for title in warning_titles(users[Role.SECURITY]))
    ArgumentPutFactory(argument=argument, advocacy=AdvocacyFactory(agency=ministry), response="rejected")
    found = [w for w in advocacy_warnings(users[Role.SECURITY], {}) if "rejected" in str(w.title)]
    assert len(found) == 1 and "Standing among partner governments" in str(found[0].detail)
    assert f"argument={argument.pk}" in found[0].url and f"agency={first.advocacy.agency_id}" in found[0].url


def test_warnings_rejected_by_three_agencies_of_a_country_counts_only_visible_ones(users):
    argument = BenefitArgumentFactory(name="Jobs continue")
    for confidentiality in ("internal", "internal", "restricted"):
        agency = OrganisationFactory(confidentiality=confidentiality)
        ArgumentPutFactory(argument=argument, advocacy=AdvocacyFactory(agency=agency), response="rejected")
    assert not any("rejected" in title for title in warning_titles(users[Role.EXTERNAL]))
    assert any("rejected" in title for title in warning_titles(users[Role.MANAGER]))


def test_warnings_a_level_with_no_one_ready(country, users):
    external = [w for w in advocacy_warnings(users[Role.EXTERNAL], {}) if "no one ready" in str(w.title)]
    assert len(external) == 1 and "Local in Republic of Varantia" in str(external[0].detail)
    assert f"country={country.pk}" in external[0].url
    # the administrator sees the restricted champion: the local level is ready for them (the national one is not)
    found = [w for w in advocacy_warnings(users[Role.ADMINISTRATOR], {}) if "no one ready" in str(w.title)]
    assert "Local in" not in str(found[0].detail) and "National in Republic of Varantia" in str(found[0].detail)


def test_warnings_cost_the_same_as_rows_grow(users):
    user = users[Role.MANAGER]

    def grow(n):
        for _ in range(n):
            body = OrganisationFactory()
            AssessmentFactory(stakeholder=body, influence=5)
            put = ArgumentPutFactory(advocacy=AdvocacyFactory(agency=body), response="rejected")
            ArgumentPutFactory(argument=put.argument, advocacy=AdvocacyFactory(agency=body), response="rejected")

    assert_constant_queries(grow, lambda: advocacy_warnings(user, {}), many=8)


def test_nothing_for_those_who_may_not_read_standards_raised(make_user):
    assert advocacy_warnings(make_user(None), {}) == []

"""Embassies and companies in the Voluntary Principles (who can help raise the VPs with the government): the form
offers the answer beside an embassy or a company and shows the model's refusal beside the field elsewhere; the
page says it in words; the list and the API filter on it; the demo marks some."""

from __future__ import annotations

import io
import random

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from shrhub.roles import Role
from stakeholders.choices import Sector
from stakeholders.demo import seed_registry
from stakeholders.models import Stakeholder
from tests.shrhub.factories import NationalFactory

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def form_data(**changes):
    return {
        "kind": "organisation",
        "name": "Embassy of the Northern Federation",
        "sector": Sector.EMBASSY,
        "level": "national",
        "jurisdiction": NationalFactory().pk,
        "confidentiality": "internal",
        **changes,
    }


# The model ---------------------------------------------------------------------------------------------------


def test_only_embassies_and_companies_carry_it():
    OrganisationFactory(sector=Sector.EMBASSY, vps_participant=True).full_clean()
    OrganisationFactory(sector=Sector.COMPANY, vps_participant=False).full_clean()
    ministry = OrganisationFactory(sector=Sector.MINISTRY)
    ministry.vps_participant = True
    with pytest.raises(ValidationError) as refused:
        ministry.full_clean()
    assert "vps_participant" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        ministry.save()


# The form and the page ----------------------------------------------------------------------------------------


def test_the_form_offers_it_beside_the_sector(client_for):
    html = client_for(Role.SECURITY).get(reverse("stakeholders:stakeholder_add")).content.decode()
    field = html.split('name="vps_participant"')[1].split(">")[0]
    assert 'data-shown-with="sector"' in field and 'data-shown-values="company embassy"' in field


@pytest.mark.parametrize(("sector", "value"), [(Sector.EMBASSY, True), (Sector.COMPANY, False)])
def test_an_embassy_or_a_company_is_saved_with_it(client_for, sector, value):
    response = client_for(Role.SECURITY).post(
        reverse("stakeholders:stakeholder_add"), form_data(sector=sector, vps_participant=str(value).lower())
    )
    assert response.status_code == 302
    assert Stakeholder.objects.get(name="Embassy of the Northern Federation").vps_participant is value


def test_another_sector_is_refused_with_the_error_beside_the_field(client_for):
    response = client_for(Role.SECURITY).post(
        reverse("stakeholders:stakeholder_add"), form_data(sector=Sector.MINISTRY, vps_participant="true")
    )
    assert response.status_code == 400
    assert "vps_participant" in response.context["form"].errors
    assert b'id="id_vps_participant_errors"' in response.content
    assert not Stakeholder.objects.filter(name="Embassy of the Northern Federation").exists()


def test_unknown_is_the_default_and_fits_every_sector(client_for):
    response = client_for(Role.SECURITY).post(
        reverse("stakeholders:stakeholder_add"), form_data(sector=Sector.MINISTRY, vps_participant="unknown")
    )
    assert response.status_code == 302
    assert Stakeholder.objects.get(name="Embassy of the Northern Federation").vps_participant is None


@pytest.mark.parametrize(
    ("sector", "value", "words"),
    [
        (Sector.EMBASSY, True, "Its government participates in the VPs"),
        (Sector.EMBASSY, False, "Its government does not participate in the VPs"),
        (Sector.COMPANY, True, "VPs member"),
        (Sector.COMPANY, False, "Not a VPs member"),
    ],
)
def test_the_page_says_it_in_words(client_for, sector, value, words):
    stakeholder = OrganisationFactory(sector=sector, vps_participant=value)
    html = client_for(Role.COMMUNITY).get(stakeholder.get_absolute_url()).content.decode()
    assert words in html.split('id="stakeholder-vps"')[1].split("</div>")[0]


def test_the_page_says_nothing_when_unknown(client_for):
    stakeholder = OrganisationFactory(sector=Sector.COMPANY)
    html = client_for(Role.COMMUNITY).get(stakeholder.get_absolute_url()).content.decode()
    assert 'id="stakeholder-vps"' not in html


def test_the_list_filters_on_it(client_for):
    member = OrganisationFactory(sector=Sector.COMPANY, vps_participant=True, name="Ironfield Extractives")
    OrganisationFactory(sector=Sector.COMPANY, vps_participant=False, name="Shieldline Security")
    OrganisationFactory(sector=Sector.EMBASSY, name="Embassy not yet asked")
    response = client_for(Role.COMMUNITY).get(reverse("stakeholders:stakeholder_list"), {"vps_participant": "true"})
    assert [row.pk for row in response.context["object_list"]] == [member.pk]
    response = client_for(Role.COMMUNITY).get(reverse("stakeholders:stakeholder_list"), {"vps_participant": "maybe"})
    assert "vps_participant" in response.context["filterset"].errors


# The API -----------------------------------------------------------------------------------------------------


def test_the_api_reads_and_writes_it(api_client_for):
    client = api_client_for(Role.SECURITY)
    company = OrganisationFactory(sector=Sector.COMPANY)
    url = reverse("stakeholder-detail", args=[company.pk])
    read = client.get(url)
    assert read.json()["vps_participant"] is None
    response = client.patch(url, {"vps_participant": True}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 200, response.json()
    assert response.json()["vps_participant"] is True
    company.refresh_from_db()
    assert company.vps_participant is True


def test_the_api_refuses_it_for_another_sector_with_a_field_message(api_client_for):
    client = api_client_for(Role.SECURITY)
    ministry = OrganisationFactory(sector=Sector.MINISTRY)
    url = reverse("stakeholder-detail", args=[ministry.pk])
    etag = client.get(url)["ETag"]
    response = client.patch(url, {"vps_participant": False}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 400
    assert "vps_participant" in response.json()
    ministry.refresh_from_db()
    assert ministry.vps_participant is None


# The demo ----------------------------------------------------------------------------------------------------


@pytest.mark.dates
def test_the_demo_marks_embassies_and_companies():
    seed_registry(scale=1, rng=random.Random(2016), stdout=io.StringIO())
    marked = Stakeholder.objects.filter(vps_participant__isnull=False)
    assert set(marked.values_list("sector", flat=True)) == {Sector.EMBASSY, Sector.COMPANY}
    assert marked.filter(sector=Sector.EMBASSY, vps_participant=True).exists()
    assert marked.filter(sector=Sector.COMPANY, vps_participant=True).exists()
    assert marked.filter(sector=Sector.COMPANY, vps_participant=False).exists()

"""The legal framework's services: who prepared an entry (the writer, when nobody is named and they may be), the
model's rules (a national country, one status per instrument, one entry per named initiative, an adopted plan's
date), and every write audited with its author."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from analysis import legal_services as services
from analysis.models import NationalLaw
from shrhub.roles import Role
from tests.followups.factories import OwnerFactory
from tests.shrhub.factories import NationalFactory, RegionFactory

from .legal_factories import InitiativeCommitmentFactory, InstrumentStatusFactory, NationalLawFactory, instrument

pytestmark = pytest.mark.django_db


def law(**data):
    return {"country": NationalFactory(), "title": "Labour Code", "area": "labour_rights", **data}


def test_an_entry_nobody_prepared_is_attributed_to_its_writer(users):
    created = services.nationallaw_create(actor=users[Role.EXTERNAL], **law())
    assert created.prepared_by == users[Role.EXTERNAL]
    assert created.history.latest().history_user == users[Role.EXTERNAL]


def test_a_named_preparer_is_kept(users):
    colleague = OwnerFactory(role=Role.COMMUNITY)
    created = services.nationallaw_create(actor=users[Role.SECURITY], **law(prepared_by=colleague))
    assert created.prepared_by == colleague
    updated = services.nationallaw_update(actor=users[Role.MANAGER], instance=created, summary="Amended")
    assert updated.prepared_by == colleague


def test_an_unattributed_entry_is_attributed_to_whoever_edits_it(users):
    entry = NationalLawFactory(prepared_by=None)
    updated = services.nationallaw_update(actor=users[Role.MANAGER], instance=entry, summary="Checked")
    assert updated.prepared_by == users[Role.MANAGER]


def test_an_api_only_writer_or_the_system_is_never_named(users):
    assert services.nationallaw_create(actor=None, **law()).prepared_by is None
    created = services.nationallaw_create(actor=users[Role.INTEGRATION], **law(title="Police Act"))
    assert created.prepared_by is None


def test_the_country_is_a_national_jurisdiction():
    with pytest.raises(ValidationError) as raised:
        services.nationallaw_create(actor=None, **law(country=RegionFactory()))
    assert "country" in raised.value.message_dict


def test_an_instrument_has_one_status_per_country():
    existing = InstrumentStatusFactory(instrument=instrument("cat"))
    with pytest.raises(ValidationError):
        services.instrumentstatus_create(
            actor=None, country=existing.country, instrument=instrument("cat"), state="signed"
        )
    elsewhere = NationalFactory(name="Ostrevia", code="ostrevia")
    services.instrumentstatus_create(actor=None, country=elsewhere, instrument=instrument("cat"), state="signed")


def test_a_named_initiative_is_listed_once_and_forgets_an_other_name():
    country = NationalFactory()
    eiti = services.initiativecommitment_create(
        actor=None, country=country, initiative="eiti", other_initiative="typed by mistake"
    )
    assert eiti.other_initiative == ""
    with pytest.raises(ValidationError):
        services.initiativecommitment_create(actor=None, country=country, initiative="eiti")
    InitiativeCommitmentFactory(country=country)  # "other" initiatives, each named, may be several
    InitiativeCommitmentFactory(country=country)
    with pytest.raises(ValidationError):
        services.initiativecommitment_create(actor=None, country=country, initiative="other", other_initiative="")


def test_an_adopted_plan_has_its_date():
    data = {"country": NationalFactory(), "title": "NAP", "status": "adopted"}
    with pytest.raises(ValidationError):
        services.actionplan_create(actor=None, **data)
    plan = services.actionplan_create(actor=None, adopted_on=datetime.date(2025, 12, 10), **data)
    assert plan.adopted_on == datetime.date(2025, 12, 10)


def test_an_ihl_assessment_is_kept_when_a_later_one_is_made():
    country = NationalFactory()
    first = services.ihlassessment_create(
        actor=None, country=country, applies="in_part", assessed_on=datetime.date(2024, 1, 1), reasoning="Fighting"
    )
    services.ihlassessment_create(
        actor=None, country=country, applies="no", assessed_on=datetime.date(2025, 1, 1), reasoning="Ceasefire"
    )
    from analysis.legal_selectors import ihlassessment_list

    rows = {row.pk: row.is_current for row in ihlassessment_list(user=_admin())}
    assert rows[first.pk] is False and sum(rows.values()) == 1


def test_a_delete_is_audited(users):
    entry = NationalLawFactory()
    pk = entry.pk
    services.nationallaw_delete(actor=users[Role.SECURITY], instance=entry)
    last = NationalLaw.history.filter(id=pk).latest()
    assert last.history_type == "-" and last.history_user == users[Role.SECURITY]


def _admin():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username="legal-admin", is_superuser=True)

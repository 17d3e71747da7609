"""One test per filter of the legal framework's FilterSets (``tests/test_filtersets_complete.py`` checks that each
has one), through the API lists that share them with the pages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from analysis.legal_filtersets import (
    ActionPlanFilterSet,
    IhlAssessmentFilterSet,
    InitiativeCommitmentFilterSet,
    InstrumentFilterSet,
    InstrumentStatusFilterSet,
    NationalLawFilterSet,
)
from analysis.models import Instrument
from tests.helpers.filters import FilterCase
from tests.shrhub.factories import NationalFactory

from .legal_factories import (
    ActionPlanFactory,
    IhlAssessmentFactory,
    InitiativeCommitmentFactory,
    InstrumentStatusFactory,
    NationalLawFactory,
    instrument,
)


def other_country():
    return NationalFactory(name="Federal Republic of Ostrevia", code="ostrevia")


class EntryFilters(FilterCase):
    """The filters every list of the legal framework shares."""

    def test_country(self):
        here, there = self.make(), self.make(country=other_country())
        self.assert_keeps({"country": here.country_id}, [here], [there])

    def test_not_verified_since(self):
        recent = self.make(verified_on=datetime.date(2026, 3, 1))
        old = self.make(verified_on=datetime.date(2024, 3, 1))
        never = self.make(verified_on=None)
        self.assert_keeps({"not_verified_since": "2025-01-01"}, [old, never], [recent])


class TestNationalLawFilters(EntryFilters):
    basename = "nationallaw"
    filterset = NationalLawFilterSet

    def make(self, **kwargs):
        return NationalLawFactory(**kwargs)

    def make_found(self, word):
        return NationalLawFactory(summary=f"A law on {word}")

    def test_area(self):
        labour, force = self.make(area="labour_rights"), self.make(area="use_of_force")
        self.assert_keeps({"area": "labour_rights"}, [labour], [force])


class TestInstrumentStatusFilters(EntryFilters):
    basename = "instrumentstatus"
    filterset = InstrumentStatusFilterSet

    def make(self, **kwargs):
        return InstrumentStatusFactory(**kwargs)

    def make_found(self, word):
        return InstrumentStatusFactory(notes=f"A reservation on {word}")

    def test_state(self):
        ratified, signed = self.make(state="ratified"), self.make(state="signed")
        self.assert_keeps({"state": "signed"}, [signed], [ratified])

    def test_area(self):
        ihl = self.make(instrument=instrument("geneva-1949"))
        labour = self.make(instrument=instrument("ilo-c087"))
        self.assert_keeps({"area": "ihl"}, [ihl], [labour])

    def test_instrument(self):
        cat, iccpr = self.make(instrument=instrument("cat")), self.make(instrument=instrument("iccpr"))
        self.assert_keeps({"instrument": instrument("cat").pk}, [cat], [iccpr])


class TestIhlAssessmentFilters(EntryFilters):
    basename = "ihlassessment"
    filterset = IhlAssessmentFilterSet

    def make(self, **kwargs):
        return IhlAssessmentFactory(**kwargs)

    def make_found(self, word):
        return IhlAssessmentFactory(reasoning=f"Fighting around {word}", country=other_country())

    def test_q(self):
        found = IhlAssessmentFactory(reasoning="Fighting around zanzibarite")
        other = IhlAssessmentFactory(reasoning="Calm around quokkaland")
        self.assert_keeps({"q": "zanzibarite"}, [found], [other])

    def test_applies(self):
        yes, no = self.make(applies="yes"), self.make(applies="no")
        self.assert_keeps({"applies": "yes"}, [yes], [no])

    def test_current(self):
        earlier = self.make(assessed_on=datetime.date(2024, 1, 1))
        later = self.make(assessed_on=datetime.date(2025, 1, 1))
        elsewhere = self.make(country=other_country(), assessed_on=datetime.date(2020, 1, 1))
        self.assert_keeps({"current": "true"}, [later, elsewhere], [earlier])
        self.assert_keeps({"current": "false"}, [earlier], [later, elsewhere])


class TestActionPlanFilters(EntryFilters):
    basename = "actionplan"
    filterset = ActionPlanFilterSet

    def make(self, **kwargs):
        return ActionPlanFactory(**kwargs)

    def make_found(self, word):
        return ActionPlanFactory(security_elements=f"Training on {word}")

    def test_status(self):
        draft = self.make()
        adopted = self.make(status="adopted", adopted_on=datetime.date(2025, 12, 10))
        self.assert_keeps({"status": "adopted"}, [adopted], [draft])


class TestInitiativeCommitmentFilters(EntryFilters):
    basename = "initiativecommitment"
    filterset = InitiativeCommitmentFilterSet

    def make(self, **kwargs):
        return InitiativeCommitmentFactory(**kwargs)

    def make_found(self, word):
        return InitiativeCommitmentFactory(commitments=f"Publish the {word} contracts")

    def test_initiative(self):
        eiti = self.make(initiative="eiti", other_initiative="")
        other = self.make()
        self.assert_keeps({"initiative": "eiti"}, [eiti], [other])


@pytest.mark.django_db
class TestInstrumentFilters(FilterCase):
    """The seeded instruments, by code."""

    basename = "instrument"
    filterset = InstrumentFilterSet
    id_field = "code"

    def make(self, **kwargs):
        return Instrument.objects.create(**{"name": "A charter", "area": "human_rights", **kwargs})

    def make_found(self, word):
        return self.make(code=f"charter-{word}", name=f"African Charter on {word}")

    def ids(self, rows):
        return {row.code for row in rows}

    def test_q(self):
        found, other = self.make_found("zanzibarite"), self.make_found("quokkaland")
        response = self.client.get(reverse("instrument-list"), {"q": "zanzibarite"})
        assert [row["code"] for row in response.json()["results"]] == [found.code]
        assert other.code not in str(response.json())

    def test_area(self):
        listed = self.listed(area="ihl")
        assert listed == set(Instrument.objects.filter(area="ihl").values_list("code", flat=True))
        assert "iccpr" not in listed

    def test_updated_since(self):
        """Reference data carries no change times: the filter is unknown here, and says so."""
        response = self.client.get(reverse("instrument-list"), {"updated_since": "2021-01-01T00:00:00Z"})
        assert response.status_code == 400
        assert "updated_since" in response.json()

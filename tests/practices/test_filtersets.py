"""Each filter of each catalogue and adoption FilterSet keeps the rows it must and drops the others (see
tests/helpers/filters.py). Catalogue rows are named by their key."""

from __future__ import annotations

import datetime

from practices.filtersets import (
    AdoptionFilterSet,
    ChallengeFilterSet,
    EditionFilterSet,
    MappingQuestionFilterSet,
    MethodFilterSet,
    PracticeFilterSet,
    ReferenceFilterSet,
)
from practices.models import Citation
from shrhub import clock
from shrhub.roles import Role
from tests.helpers.filters import FilterCase
from tests.shrhub.factories import LocalityFactory, RegionFactory

from .factories import (
    AdoptionFactory,
    ChallengeFactory,
    EditionFactory,
    MappingQuestionFactory,
    MethodFactory,
    PracticeFactory,
    ReferenceFactory,
    SectionFactory,
)

DAY = datetime.timedelta(days=1)


def challenge_in(edition_key: str, ref: str):
    """A challenge of its own edition, named ``ref`` there."""
    edition = EditionFactory(key=edition_key, title=edition_key, short_title=edition_key)
    return ChallengeFactory(section=SectionFactory(key=f"{edition_key}-section", edition=edition), code=ref, ref=ref)


class CatalogueCase(FilterCase):
    id_field = "key"
    role = Role.INTEGRATION

    def test_withdrawn(self):
        kept, gone = self.make(), self.make(withdrawn=True)
        self.assert_keeps({"withdrawn": "true"}, [gone], [kept])
        self.assert_keeps({"withdrawn": "false"}, [kept], [gone])


class TestEditionFilters(CatalogueCase):
    basename = "edition"
    filterset = EditionFilterSet
    counter = 0

    def make(self, **kwargs):
        TestEditionFilters.counter += 1
        key = f"edition-{TestEditionFilters.counter}"
        return EditionFactory(key=key, title=kwargs.pop("title", key), **kwargs)

    def make_found(self, word):
        return self.make(title=f"Toolkit for {word}")


class TestChallengeFilters(CatalogueCase):
    basename = "challenge"
    filterset = ChallengeFilterSet

    def make(self, **kwargs):
        return ChallengeFactory(**kwargs)

    def make_found(self, word):
        return ChallengeFactory(title=f"Working with {word}")

    def test_edition(self):
        one, other = challenge_in("toolkit", "1.1.a"), challenge_in("hub", "1.1.a")
        self.assert_keeps({"edition": "toolkit"}, [one], [other])

    def test_ref(self):
        a, hub_a, b = challenge_in("toolkit", "1.1.a"), challenge_in("hub", "1.1.a"), ChallengeFactory(ref="1.1.b")
        self.assert_keeps({"ref": "1.1.a"}, [a, hub_a], [b])  # the challenge in every edition at once


class TestPracticeFilters(CatalogueCase):
    basename = "practice"
    filterset = PracticeFilterSet

    def make(self, **kwargs):
        return PracticeFactory(**kwargs)

    def make_found(self, word):
        return PracticeFactory(heading=f"Engage {word} early")

    def test_edition(self):
        one = PracticeFactory(challenge=challenge_in("toolkit", "1.1.a"))
        other = PracticeFactory(challenge=challenge_in("hub", "1.1.a"))
        self.assert_keeps({"edition": "toolkit"}, [one], [other])

    def test_challenge(self):
        a = PracticeFactory(challenge=challenge_in("toolkit", "1.1.a"))
        hub_a = PracticeFactory(challenge=challenge_in("hub", "1.1.a"))
        b = PracticeFactory(challenge=ChallengeFactory(ref="1.1.b"))
        self.assert_keeps({"challenge": "1.1.a"}, [a, hub_a], [b])

    def test_kind(self):
        good, tool, case = (PracticeFactory(kind=k) for k in ("good_practice", "practical_tool", "case_study"))
        self.assert_keeps({"kind": ["good_practice", "case_study"]}, [good, case], [tool])

    def test_reference(self):
        reference = ReferenceFactory()
        citing, other = PracticeFactory(), PracticeFactory()
        Citation.objects.create(practice=citing, reference=reference, locator="3")
        Citation.objects.create(practice=citing, reference=reference, locator="7")  # twice: listed once
        self.assert_keeps({"reference": reference.key}, [citing], [other])


class TestReferenceFilters(CatalogueCase):
    basename = "reference"
    filterset = ReferenceFilterSet

    def make(self, **kwargs):
        return ReferenceFactory(**kwargs)

    def make_found(self, word):
        return ReferenceFactory(title=f"Guidance on {word}")


class TestMethodFilters(CatalogueCase):
    basename = "method"
    filterset = MethodFilterSet

    def make(self, **kwargs):
        return MethodFactory(**kwargs)

    def make_found(self, word):
        return MethodFactory(name=f"{word.title()} analysis")

    def test_edition(self):
        one = MethodFactory(challenge=challenge_in("toolkit", "1.1.a"))
        other = MethodFactory(challenge=challenge_in("hub", "1.1.a"))
        self.assert_keeps({"edition": "toolkit"}, [one], [other])

    def test_challenge(self):
        a = MethodFactory(challenge=challenge_in("toolkit", "1.1.a"))
        b = MethodFactory(challenge=ChallengeFactory(ref="1.1.b"))
        self.assert_keeps({"challenge": "1.1.a"}, [a], [b])


class TestMappingQuestionFilters(CatalogueCase):
    """No search and no ``updated_since`` here: the questions are a method's fixed list."""

    basename = "mappingquestion"
    filterset = MappingQuestionFilterSet
    test_q = None
    test_updated_since = None

    def make(self, **kwargs):
        return MappingQuestionFactory(**kwargs)

    def test_method(self):
        question, other = MappingQuestionFactory(), MappingQuestionFactory()
        self.assert_keeps({"method": question.method.key}, [question], [other])

    def test_asked_in_rounds(self):
        asked, not_asked = MappingQuestionFactory(asked_in_rounds=True), MappingQuestionFactory(asked_in_rounds=False)
        self.assert_keeps({"asked_in_rounds": "true"}, [asked], [not_asked])
        self.assert_keeps({"asked_in_rounds": "false"}, [not_asked], [asked])


class TestAdoptionFilters(FilterCase):
    basename = "adoption"
    filterset = AdoptionFilterSet

    def make(self, **kwargs):
        return AdoptionFactory(**kwargs)

    def make_found(self, word):
        return AdoptionFactory(notes=f"Start in {word}")

    def test_status(self):
        planned, done, na = (
            AdoptionFactory(status="planned"),
            AdoptionFactory(status="implemented"),
            AdoptionFactory(status="not_applicable", not_applicable_reason="No police here."),
        )
        self.assert_keeps({"status": ["planned", "implemented"]}, [planned, done], [na])

    def test_practice(self):
        adoption, other = AdoptionFactory(), AdoptionFactory()
        self.assert_keeps({"practice": adoption.practice.key}, [adoption], [other])

    def test_challenge(self):
        a = AdoptionFactory(practice=PracticeFactory(challenge=challenge_in("toolkit", "1.1.a")))
        hub_a = AdoptionFactory(practice=PracticeFactory(challenge=challenge_in("hub", "1.1.a")))
        b = AdoptionFactory(practice=PracticeFactory(challenge=ChallengeFactory(ref="1.1.b")))
        self.assert_keeps({"challenge": "1.1.a"}, [a, hub_a], [b])

    def test_edition(self):
        one = AdoptionFactory(practice=PracticeFactory(challenge=challenge_in("toolkit", "1.1.a")))
        other = AdoptionFactory(practice=PracticeFactory(challenge=challenge_in("hub", "1.1.a")))
        self.assert_keeps({"edition": "toolkit"}, [one], [other])

    def test_jurisdiction(self):
        region = RegionFactory()
        inside, below = (
            AdoptionFactory(jurisdiction=region),
            AdoptionFactory(jurisdiction=LocalityFactory(parent=region)),
        )
        outside = AdoptionFactory(jurisdiction=RegionFactory())
        self.assert_keeps({"jurisdiction": region.pk}, [inside, below], [outside])

    def test_owner(self, users):
        owned = AdoptionFactory(owner=users[Role.MANAGER])
        other, nobody = AdoptionFactory(owner=users[Role.SECURITY]), AdoptionFactory(owner=None)
        self.assert_keeps({"owner": users[Role.MANAGER].pk}, [owned], [other, nobody])

    def test_overdue(self):
        today = clock.today()
        late, later = AdoptionFactory(target_date=today - DAY), AdoptionFactory(target_date=today)
        late_but_done = AdoptionFactory(target_date=today - DAY, status="implemented")
        self.assert_keeps({"overdue": "true"}, [late], [later, late_but_done])
        self.assert_keeps({"overdue": "false"}, [later, late_but_done], [late])

    def test_unowned(self, users):
        unowned, owned = AdoptionFactory(owner=None), AdoptionFactory(owner=users[Role.MANAGER])
        done = AdoptionFactory(owner=None, status="implemented")
        self.assert_keeps({"unowned": "true"}, [unowned], [owned, done])
        self.assert_keeps({"unowned": "false"}, [owned, done], [unowned])

    def test_needs_review(self):
        today = clock.today()
        stale = AdoptionFactory(last_reviewed_on=today - 400 * DAY)
        reviewed = AdoptionFactory(last_reviewed_on=today)
        new = AdoptionFactory(last_reviewed_on=None)  # created today: not yet due
        self.assert_keeps({"needs_review": "true"}, [stale], [reviewed, new])
        self.assert_keeps({"needs_review": "false"}, [reviewed, new], [stale])

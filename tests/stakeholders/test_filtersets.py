"""Each filter of each registry FilterSet keeps the rows it must and drops the others (see tests/helpers/filters.py)."""

from __future__ import annotations

import datetime

from django.conf import settings

from shrhub import clock
from stakeholders.filtersets import (
    AssessmentFilterSet,
    EngagementFilterSet,
    MappingAnswerFilterSet,
    MappingRoundFilterSet,
    PositionFilterSet,
    RelationshipFilterSet,
    StakeholderFilterSet,
    TenureFilterSet,
)
from stakeholders.models import InformationSource, MandateArea, VulnerableGroup
from tests.helpers.filters import FilterCase
from tests.practices.factories import MappingQuestionFactory, PracticeFactory
from tests.shrhub.factories import LocalityFactory, RegionFactory
from tests.workinggroups.factories import StaffFactory

from .factories import (
    AssessmentFactory,
    EngagementFactory,
    MappingAnswerFactory,
    MappingRoundFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    RelationshipFactory,
    TenureFactory,
)

DAY = datetime.timedelta(days=1)


class TestStakeholderFilters(FilterCase):
    basename = "stakeholder"
    filterset = StakeholderFilterSet

    def make(self, **kwargs):
        return OrganisationFactory(**kwargs)

    def make_found(self, word):
        return OrganisationFactory(name=f"Office of {word.title()}")

    def test_kind(self):
        person, organisation = PersonFactory(), OrganisationFactory()
        self.assert_keeps({"kind": "person"}, [person], [organisation])

    def test_sector(self):
        police, army, ministry = (OrganisationFactory(sector=s) for s in ("police", "military", "ministry"))
        self.assert_keeps({"sector": ["police", "military"]}, [police, army], [ministry])

    def test_level(self):
        regional, national = OrganisationFactory(level="regional"), OrganisationFactory(level="national")
        self.assert_keeps({"level": "regional"}, [regional], [national])

    def test_jurisdiction(self):
        region = RegionFactory()
        inside = OrganisationFactory(jurisdiction=region)
        below = OrganisationFactory(jurisdiction=LocalityFactory(parent=region))
        elsewhere = OrganisationFactory(jurisdiction=RegionFactory())
        self.assert_keeps({"jurisdiction": region.pk}, [inside, below], [elsewhere])

    def test_parent(self):
        ministry = OrganisationFactory()
        directorate = OrganisationFactory(parent=ministry)
        other = OrganisationFactory(parent=OrganisationFactory())
        self.assert_keeps({"parent": ministry.pk}, [directorate], [other, ministry])

    def test_relationship_owner(self):
        owner = StaffFactory()
        owned = OrganisationFactory(relationship_owner=owner)
        others = [OrganisationFactory(relationship_owner=StaffFactory()), OrganisationFactory()]
        self.assert_keeps({"relationship_owner": owner.pk}, [owned], others)

    def test_mine(self, users):
        """The requesting user's stakeholders ("my stakeholders"), and with ``false`` the others."""
        mine = OrganisationFactory(relationship_owner=users[self.role])
        theirs, nobodys = OrganisationFactory(relationship_owner=StaffFactory()), OrganisationFactory()
        self.assert_keeps({"mine": "true"}, [mine], [theirs, nobodys])
        others = self.listed(mine="false")
        assert mine.pk not in others and {theirs.pk, nobodys.pk} <= others

    def test_vps_participant(self):
        """Embassies' governments and companies in the VPs, not in them, or not known yet (others: not applicable)."""
        member = OrganisationFactory(sector="company", vps_participant=True)
        pillar = OrganisationFactory(sector="embassy", vps_participant=True)
        outside = OrganisationFactory(sector="embassy", vps_participant=False)
        unknown = OrganisationFactory(sector="company")
        ministry = OrganisationFactory(sector="ministry")
        self.assert_keeps({"vps_participant": "true"}, [member, pillar], [outside, unknown, ministry])
        self.assert_keeps({"vps_participant": "false"}, [outside], [member, pillar, unknown, ministry])
        self.assert_keeps({"vps_participant": "unknown"}, [unknown], [member, pillar, outside, ministry])

    def test_stance(self):
        spoiler = AssessmentFactory(stance="spoiler").stakeholder
        champion = AssessmentFactory(stance="champion").stakeholder
        turned = AssessmentFactory(stance="spoiler", assessed_on=datetime.date(2025, 1, 1)).stakeholder
        AssessmentFactory(stakeholder=turned, stance="supporter", assessed_on=datetime.date(2026, 1, 1))
        self.assert_keeps({"stance": "spoiler"}, [spoiler], [champion, turned])  # the current stance only

    def test_influence_min(self):
        strong = AssessmentFactory(influence=4).stakeholder
        strongest = AssessmentFactory(influence=5).stakeholder
        weak = AssessmentFactory(influence=3).stakeholder
        unassessed = OrganisationFactory()
        self.assert_keeps({"influence_min": 4}, [strong, strongest], [weak, unassessed])

    def test_assessed(self):
        assessed, unassessed = AssessmentFactory().stakeholder, OrganisationFactory()
        self.assert_keeps({"assessed": "true"}, [assessed], [unassessed])
        self.assert_keeps({"assessed": "false"}, [unassessed], [assessed])

    def test_vulnerable_group(self):
        women, youth = VulnerableGroup.objects.order_by("pk")[:2]
        representing, other, none = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
        representing.vulnerable_groups.set([women, youth])
        other.vulnerable_groups.set([youth])
        self.assert_keeps({"vulnerable_group": women.pk}, [representing], [other, none])

    def test_mandate_area(self):
        area, elsewhere = MandateArea.objects.order_by("pk")[:2]
        mandated, other = OrganisationFactory(), OrganisationFactory()
        mandated.mandate_areas.set([area])
        other.mandate_areas.set([elsewhere])
        self.assert_keeps({"mandate_area": area.pk}, [mandated], [other])


class TestPositionFilters(FilterCase):
    basename = "position"
    filterset = PositionFilterSet

    def make(self, **kwargs):
        return PositionFactory(**kwargs)

    def make_found(self, word):
        return PositionFactory(title=f"Commander of {word}")

    def test_organisation(self):
        office, other = PositionFactory(), PositionFactory()
        self.assert_keeps({"organisation": office.organisation_id}, [office], [other])

    def test_jurisdiction(self):
        region = RegionFactory()
        inside = PositionFactory(organisation=OrganisationFactory(jurisdiction=LocalityFactory(parent=region)))
        outside = PositionFactory(organisation=OrganisationFactory(jurisdiction=RegionFactory()))
        self.assert_keeps({"jurisdiction": region.pk}, [inside], [outside])

    def test_is_key(self):
        key, minor = PositionFactory(is_key=True), PositionFactory(is_key=False)
        self.assert_keeps({"is_key": "true"}, [key], [minor])
        self.assert_keeps({"is_key": "false"}, [minor], [key])

    def test_vacant(self):
        held = TenureFactory().position
        left = TenureFactory(ended_on=datetime.date(2025, 6, 1)).position
        never = PositionFactory()
        self.assert_keeps({"vacant": "true"}, [left, never], [held])
        self.assert_keeps({"vacant": "false"}, [held], [left, never])


class TestTenureFilters(FilterCase):
    basename = "tenure"
    filterset = TenureFilterSet

    def make(self, **kwargs):
        return TenureFactory(**kwargs)

    def make_found(self, word):
        return TenureFactory(notes=f"Seconded from {word}")

    def test_position(self):
        tenure, other = TenureFactory(), TenureFactory()
        self.assert_keeps({"position": tenure.position_id}, [tenure], [other])

    def test_holder(self):
        tenure, other = TenureFactory(), TenureFactory()
        self.assert_keeps({"holder": tenure.holder_id}, [tenure], [other])

    def test_current(self):
        current, ended = TenureFactory(), TenureFactory(ended_on=datetime.date(2025, 6, 1))
        self.assert_keeps({"current": "true"}, [current], [ended])
        self.assert_keeps({"current": "false"}, [ended], [current])


class TestAssessmentFilters(FilterCase):
    basename = "assessment"
    filterset = AssessmentFilterSet

    def make(self, **kwargs):
        return AssessmentFactory(**kwargs)

    def make_found(self, word):
        return AssessmentFactory(economic_agenda=f"Licences for {word}")

    def test_stakeholder(self):
        one, other = AssessmentFactory(), AssessmentFactory()
        self.assert_keeps({"stakeholder": one.stakeholder_id}, [one], [other])

    def test_mapping_round(self):
        mapping_round = MappingRoundFactory()
        inside, outside = AssessmentFactory(mapping_round=mapping_round), AssessmentFactory()
        self.assert_keeps({"mapping_round": mapping_round.pk}, [inside], [outside])

    def test_jurisdiction(self):
        region = RegionFactory()
        inside = AssessmentFactory(stakeholder=OrganisationFactory(jurisdiction=LocalityFactory(parent=region)))
        outside = AssessmentFactory(stakeholder=OrganisationFactory(jurisdiction=RegionFactory()))
        self.assert_keeps({"jurisdiction": region.pk}, [inside], [outside])

    def test_stance(self):
        spoiler, champion, neutral = (AssessmentFactory(stance=s) for s in ("spoiler", "champion", "neutral"))
        self.assert_keeps({"stance": ["spoiler", "champion"]}, [spoiler, champion], [neutral])

    def test_confidence(self):
        high, low = AssessmentFactory(confidence="high"), AssessmentFactory(confidence="low")
        self.assert_keeps({"confidence": "high"}, [high], [low])

    def test_source(self):
        legal = InformationSource.objects.get(code="legal")
        both = AssessmentFactory(sources=list(InformationSource.objects.filter(code__in=["legal", "security"])))
        security = AssessmentFactory()  # the factory's source: security
        self.assert_keeps({"source": legal.pk}, [both], [security])

    def test_assessed_after(self):
        before, on, after = (AssessmentFactory(assessed_on=datetime.date(2026, 1, d)) for d in (9, 10, 11))
        self.assert_keeps({"assessed_after": "2026-01-10"}, [on, after], [before])

    def test_assessed_before(self):
        before, on, after = (AssessmentFactory(assessed_on=datetime.date(2026, 1, d)) for d in (9, 10, 11))
        self.assert_keeps({"assessed_before": "2026-01-10"}, [before, on], [after])

    def test_current(self):
        older = AssessmentFactory(assessed_on=datetime.date(2025, 1, 1))
        latest = AssessmentFactory(stakeholder=older.stakeholder, assessed_on=datetime.date(2026, 1, 1))
        self.assert_keeps({"current": "true"}, [latest], [older])
        self.assert_keeps({"current": "false"}, [older], [latest])

    def test_review_overdue(self):
        today = clock.today()
        overdue = AssessmentFactory(assessed_on=today - 30 * DAY, review_due_on=today - DAY)
        due_today = AssessmentFactory(assessed_on=today - 30 * DAY, review_due_on=today)
        undated = AssessmentFactory(assessed_on=today - 30 * DAY, review_due_on=None)
        old = clock.months_before(today, settings.SHRHUB_REVIEW_MONTHS + 1)
        undated_and_old = AssessmentFactory(assessed_on=old, review_due_on=None)
        self.assert_keeps({"review_overdue": "true"}, [overdue, undated_and_old], [due_today, undated])
        self.assert_keeps({"review_overdue": "false"}, [due_today, undated], [overdue, undated_and_old])


class TestMappingRoundFilters(FilterCase):
    basename = "mappinground"
    filterset = MappingRoundFilterSet

    def make(self, **kwargs):
        return MappingRoundFactory(**kwargs)

    def make_found(self, word):
        return MappingRoundFactory(name=f"Mapping of {word}")

    def test_jurisdiction(self):
        region = RegionFactory()
        inside = MappingRoundFactory(jurisdiction=LocalityFactory(parent=region))
        outside = MappingRoundFactory(jurisdiction=RegionFactory())
        self.assert_keeps({"jurisdiction": region.pk}, [inside], [outside])

    def test_status(self):
        closed, open_ = MappingRoundFactory(status="closed"), MappingRoundFactory(status="open")
        self.assert_keeps({"status": "closed"}, [closed], [open_])


class TestMappingAnswerFilters(FilterCase):
    basename = "mappinganswer"
    filterset = MappingAnswerFilterSet

    def make(self, **kwargs):
        return MappingAnswerFactory(question=MappingQuestionFactory(), **kwargs)

    def make_found(self, word):
        return self.make(answer=f"The {word} council decides.")

    def test_mapping_round(self):
        one, other = self.make(), self.make()
        self.assert_keeps({"mapping_round": one.mapping_round_id}, [one], [other])


class TestRelationshipFilters(FilterCase):
    basename = "relationship"
    filterset = RelationshipFilterSet

    def make(self, **kwargs):
        return RelationshipFactory(**kwargs)

    def make_found(self, word):
        return RelationshipFactory(notes=f"Both sit on the {word} board")

    def test_source(self):
        one, other = RelationshipFactory(), RelationshipFactory()
        reverse = RelationshipFactory(target=one.source)
        self.assert_keeps({"source": one.source_id}, [one], [other, reverse])

    def test_target(self):
        one, other = RelationshipFactory(), RelationshipFactory()
        reverse = RelationshipFactory(source=one.target)
        self.assert_keeps({"target": one.target_id}, [one], [other, reverse])

    def test_stakeholder(self):
        hub = OrganisationFactory()
        outgoing, incoming = RelationshipFactory(source=hub), RelationshipFactory(target=hub)
        unrelated = RelationshipFactory()
        self.assert_keeps({"stakeholder": hub.pk}, [outgoing, incoming], [unrelated])

    def test_kind(self):
        reports, allied, opposed = (RelationshipFactory(kind=k) for k in ("reports_to", "allied_with", "opposed_to"))
        self.assert_keeps({"kind": ["reports_to", "allied_with"]}, [reports, allied], [opposed])


class TestEngagementFilters(FilterCase):
    basename = "engagement"
    filterset = EngagementFilterSet

    def make(self, **kwargs):
        return EngagementFactory(**kwargs)

    def make_found(self, word):
        return EngagementFactory(title=f"Workshop in {word}")

    def test_kind(self):
        workshop, meeting = EngagementFactory(kind="workshop"), EngagementFactory(kind="meeting")
        self.assert_keeps({"kind": "workshop"}, [workshop], [meeting])

    def test_jurisdiction(self):
        region = RegionFactory()
        inside = EngagementFactory(jurisdiction=LocalityFactory(parent=region))
        outside = EngagementFactory(jurisdiction=RegionFactory())
        self.assert_keeps({"jurisdiction": region.pk}, [inside], [outside])

    def test_stakeholder(self):
        ministry = OrganisationFactory()
        together = EngagementFactory(stakeholders=[ministry, OrganisationFactory()])
        without = EngagementFactory()
        self.assert_keeps({"stakeholder": ministry.pk}, [together], [without])

    def test_practice(self):
        practice = PracticeFactory()
        tagged, untagged = EngagementFactory(), EngagementFactory()
        tagged.practices.add(practice)
        self.assert_keeps({"practice": practice.pk}, [tagged], [untagged])

    def test_occurred_after(self):
        before, on, after = (EngagementFactory(occurred_on=datetime.date(2026, 3, d)) for d in (1, 2, 3))
        self.assert_keeps({"occurred_after": "2026-03-02"}, [on, after], [before])

    def test_occurred_before(self):
        before, on, after = (EngagementFactory(occurred_on=datetime.date(2026, 3, d)) for d in (1, 2, 3))
        self.assert_keeps({"occurred_before": "2026-03-02"}, [before, on], [after])

    def test_follow_up_overdue(self):
        today = clock.today()
        overdue = EngagementFactory(occurred_on=today - 30 * DAY, follow_up_due_on=today - DAY)
        due_today = EngagementFactory(occurred_on=today - 30 * DAY, follow_up_due_on=today)
        none = EngagementFactory(follow_up_due_on=None)
        self.assert_keeps({"follow_up_overdue": "true"}, [overdue], [due_today, none])
        self.assert_keeps({"follow_up_overdue": "false"}, [due_today, none], [overdue])

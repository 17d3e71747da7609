"""The demo seeder: one fictional country of the advertised shape, valid row by row, audited, reproducible
from its seed, and growing linearly with ``--scale``."""

from __future__ import annotations

import datetime
import io
import itertools
import random
from collections import Counter, defaultdict

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from practices.catalogue import load_catalogue
from practices.selectors import round_questions
from shrhub.audit import history_entries
from shrhub.models import LEVEL_RANK, Jurisdiction, JurisdictionLevel
from shrhub.roles import Role
from stakeholders.choices import RelationshipKind, RoundStatus, Sector, StakeholderKind
from stakeholders.demo import ENGAGEMENTS_PER_COUNTRY, seed_registry
from stakeholders.models import (
    Assessment,
    Engagement,
    MappingAnswer,
    MappingRound,
    Position,
    Relationship,
    Stakeholder,
    Tenure,
)

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

NATIONAL, REGIONAL, LOCAL = JurisdictionLevel.NATIONAL, JurisdictionLevel.REGIONAL, JurisdictionLevel.LOCAL
AUDITED = [Jurisdiction, Stakeholder, Position, Tenure, MappingRound, Assessment, Relationship, Engagement]


def seed(*, scale: int = 1, seed: int = 2016, today: datetime.date | None = None) -> dict[str, int]:
    return seed_registry(scale=scale, rng=random.Random(seed), stdout=io.StringIO(), today=today)


@pytest.fixture
def counts() -> dict[str, int]:
    return seed()


# The shape of one country -----------------------------------------------------------------------------------


def test_one_country_has_about_two_hundred_stakeholders_at_every_level(counts):
    total = Stakeholder.objects.count()
    assert counts["stakeholders"] == total
    assert 180 <= total <= 280
    levels = Counter(Stakeholder.objects.values_list("level", flat=True))
    assert min(levels[NATIONAL], levels[REGIONAL], levels[LOCAL]) >= 40
    assert set(Stakeholder.objects.values_list("sector", flat=True)) == set(Sector.values)
    kinds = Counter(Stakeholder.objects.values_list("kind", flat=True))
    assert kinds[StakeholderKind.PERSON] >= 60


def test_the_jurisdiction_tree_has_regions_and_localities(counts):
    levels = Counter(Jurisdiction.objects.values_list("level", flat=True))
    assert levels[NATIONAL] == 1
    assert levels[REGIONAL] == 4
    assert 8 <= levels[LOCAL] <= 12
    for jurisdiction in Jurisdiction.objects.select_related("parent"):
        jurisdiction.full_clean()


def test_organisations_form_devolution_chains_that_never_climb(counts):
    stakeholders = {s.pk: s for s in Stakeholder.objects.all()}
    for stakeholder in stakeholders.values():
        if stakeholder.parent_id:
            parent = stakeholders[stakeholder.parent_id]
            assert parent.kind == StakeholderKind.ORGANISATION
            assert LEVEL_RANK[stakeholder.level] >= LEVEL_RANK[parent.level]
        elif stakeholder.kind == StakeholderKind.PERSON:
            pytest.fail(f"{stakeholder} works nowhere")
    local_offices = Stakeholder.objects.filter(kind=StakeholderKind.ORGANISATION, level=LOCAL, sector=Sector.MINISTRY)
    assert local_offices.exists()
    for office in local_offices:
        chain = [(o.level, o.sector) for o in office.chain()]
        assert chain == [(NATIONAL, Sector.MINISTRY), (REGIONAL, Sector.MINISTRY)]
    station = Stakeholder.objects.filter(kind=StakeholderKind.ORGANISATION, level=LOCAL, sector=Sector.POLICE).first()
    assert [o.sector for o in station.chain()] == [Sector.MINISTRY, Sector.POLICE, Sector.POLICE]


def test_key_offices_turn_over_without_overlapping_and_some_stand_vacant(counts):
    by_position = defaultdict(list)
    for tenure in Tenure.objects.select_related("holder").order_by("started_on"):
        assert tenure.holder.kind == StakeholderKind.PERSON
        by_position[tenure.position_id].append(tenure)
    for tenures in by_position.values():
        assert sum(t.ended_on is None for t in tenures) <= 1
        for earlier, later in itertools.pairwise(tenures):
            assert earlier.ended_on is not None
            assert earlier.ended_on < later.started_on
    vacant = Position.objects.filter(is_key=True).exclude(tenures__ended_on__isnull=True)
    assert vacant.count() == counts["vacant key positions"] >= 1
    assert sum(len(tenures) >= 2 for tenures in by_position.values()) >= 10
    offices_held = Tenure.objects.values_list("holder_id", "position_id").distinct()
    offices_per_person = Counter(holder for holder, _ in offices_held)
    assert max(offices_per_person.values()) >= 2  # officials rotate from one office to another
    key_titles = set(Position.objects.filter(is_key=True).values_list("title", flat=True))
    heads = {"Minister of the Interior", "Regional Governor", "Regional Police Commander", "Brigade Commander"}
    assert heads <= key_titles


def test_mandate_areas_leave_levels_without_a_holder(counts):
    holders = defaultdict(set)
    for code, level in Stakeholder.objects.filter(mandate_areas__isnull=False).values_list(
        "mandate_areas__code", "level"
    ):
        holders[code].add(level)
    assert set(holders) == {"judicial-accountability", "monitoring-public-security", "licensing-private-security"}
    assert all(NATIONAL in levels for levels in holders.values())
    assert holders["licensing-private-security"] == {NATIONAL}
    assert all(LOCAL not in levels for levels in holders.values())
    represented = set(Stakeholder.objects.values_list("vulnerable_groups__code", flat=True))
    assert {"women", "youth", "indigenous-peoples"} <= represented


# Mapping rounds and assessments ---------------------------------------------------------------------------


def test_two_rounds_a_year_apart_assess_most_stakeholders_and_stances_move(counts):
    first, second = MappingRound.objects.order_by("started_on")
    assert (first.status, second.status) == (RoundStatus.CLOSED, RoundStatus.OPEN)
    assert 360 <= (second.started_on - first.started_on).days <= 370
    total = Stakeholder.objects.count()
    stances: dict[int, dict[int, str]] = defaultdict(dict)
    for mapping_round in (first, second):
        assessed = mapping_round.assessments.values_list("stakeholder_id", "stance")
        assert len(assessed) >= 0.6 * total
        for stakeholder_id, stance in assessed:
            stances[stakeholder_id][mapping_round.pk] = stance
    moved = [s for s in stances.values() if len(s) == 2 and s[first.pk] != s[second.pk]]
    assert len(moved) >= 10
    assert Stakeholder.objects.filter(current_confidential_assessment__isnull=True).exists()  # coverage gaps to show


def test_sources_lean_on_the_security_function_and_some_reviews_are_overdue(counts):
    assessments = Assessment.objects.count()
    with_security = Assessment.objects.filter(sources__code="security").distinct().count()
    assert 0.6 * assessments <= with_security < assessments
    assert not Assessment.objects.filter(sources__isnull=True).exists()
    today = timezone.localdate()
    current = Assessment.objects.filter(pk__in=Stakeholder.objects.values("current_confidential_assessment"))
    assert current.filter(review_due_on__lt=today).count() >= 5
    assert current.filter(review_due_on__gte=today).count() >= 0.5 * current.count()


def test_current_assessment_is_the_latest_for_every_stakeholder(counts):
    latest: dict[int, tuple[datetime.date, int]] = {}
    for pk, stakeholder_id, assessed_on in Assessment.objects.values_list("pk", "stakeholder_id", "assessed_on"):
        latest[stakeholder_id] = max(latest.get(stakeholder_id, (assessed_on, pk)), (assessed_on, pk))
    for pk, current in Stakeholder.objects.values_list("pk", "current_confidential_assessment_id"):
        assert current == (latest[pk][1] if pk in latest else None)


# Relationships and engagements ------------------------------------------------------------------------------


def test_relationships_run_along_and_across_levels(counts):
    assert set(Relationship.objects.values_list("kind", flat=True)) == set(RelationshipKind.values)
    across = Relationship.objects.exclude(source__level=F("target__level"))
    assert across.count() >= 10
    assert Relationship.objects.filter(
        kind=RelationshipKind.REPORTS_TO, source__kind=StakeholderKind.PERSON, target__kind=StakeholderKind.PERSON
    ).exists()


def test_engagements_spread_over_two_years_with_overdue_follow_ups(counts):
    today = timezone.localdate()
    assert Engagement.objects.count() == ENGAGEMENTS_PER_COUNTRY
    dates = Engagement.objects.values_list("occurred_on", flat=True)
    assert today - datetime.timedelta(days=731) <= min(dates) <= max(dates) <= today
    assert not Engagement.objects.filter(stakeholders__isnull=True).exists()
    group_sizes = Counter(Engagement.stakeholders.through.objects.values_list("engagement_id", flat=True))
    assert sum(size >= 2 for size in group_sizes.values()) >= 50
    assert Engagement.objects.filter(follow_up_due_on__lt=today).count() >= 20
    assert len(set(Engagement.objects.values_list("kind", flat=True))) >= 7


# Every row valid and audited --------------------------------------------------------------------------------


def test_a_sample_of_every_kind_of_row_passes_full_clean(counts):
    pick = random.Random(1)
    for model in AUDITED:
        pks = sorted(model.objects.values_list("pk", flat=True))
        for obj in model.objects.filter(pk__in=pick.sample(pks, min(40, len(pks)))):
            obj.full_clean()


def test_every_row_has_its_created_entry_in_the_audit_trail(counts):
    for model in AUDITED:
        created = model.history.filter(history_type="+", history_change_reason="Demo data (seed_demo)")
        assert created.count() == model.objects.count(), model.__name__
    engagement_snapshots = Engagement.history.model.stakeholders.model.objects.count()
    assert engagement_snapshots == Engagement.stakeholders.through.objects.count()
    source_snapshots = Assessment.history.model.sources.model.objects.count()
    assert source_snapshots == Assessment.sources.through.objects.count()
    engagement = Engagement.objects.first()
    (entry,) = history_entries(engagement)
    changed = {change.field: change.new for change in entry.changes}
    assert [s.label for s in changed["stakeholders"]] == sorted(str(s) for s in engagement.stakeholders.all())


# Catalogue, users, determinism, scale -----------------------------------------------------------------------


def test_catalogue_questions_are_answered_and_users_take_part_when_present(django_user_model):
    load_catalogue()
    analyst = django_user_model.objects.create_user(username="analyst", password="a-long-test-password-2026")
    analyst.groups.add(Group.objects.get(name=Role.COMMUNITY))
    seed()
    questions = round_questions().count()
    assert questions >= 6
    for mapping_round in MappingRound.objects.all():
        assert mapping_round.answers.count() == questions
        assert all(answer.answer for answer in mapping_round.answers.all())
        assert mapping_round.practices.exists()
    assert MappingAnswer.objects.count() == 2 * questions
    assert Engagement.practices.through.objects.exists()
    assert not Assessment.objects.filter(author__isnull=True).exists()
    # Recorded by a role that may record them, resting (among others) on the author's own function.
    assert not Assessment.objects.exclude(sources__code="community-relations").exists()
    assert not Engagement.objects.filter(company_participants__isnull=True).exists()


def _snapshot(seed_value: int) -> dict[str, list]:
    """The data one seed produces, read back and then rolled away (ids left out: they differ by database)."""
    with transaction.atomic():
        seed(seed=seed_value, today=datetime.date(2026, 6, 15))
        data = {
            "jurisdictions": list(Jurisdiction.objects.order_by("pk").values_list("name", "code", "level")),
            "stakeholders": list(
                Stakeholder.objects.order_by("pk").values_list(
                    "name", "kind", "sector", "level", "parent__name", "jurisdiction__code", "email", "confidentiality"
                )
            ),
            "tenures": list(
                Tenure.objects.order_by("pk").values_list(
                    "position__organisation__name", "position__title", "holder__name", "started_on", "ended_on"
                )
            ),
            "assessments": list(
                Assessment.objects.order_by("pk").values_list(
                    "stakeholder__name", "mapping_round__name", "assessed_on", "stance", "influence", "review_due_on"
                )
            ),
            "sources": list(
                Assessment.sources.through.objects.order_by("pk").values_list(
                    "assessment__stakeholder__name", "informationsource__code"
                )
            ),
            "relationships": list(
                Relationship.objects.order_by("pk").values_list("source__name", "kind", "target__name")
            ),
            "engagements": list(
                Engagement.objects.order_by("pk").values_list("occurred_on", "kind", "title", "follow_up_due_on")
            ),
        }
        transaction.set_rollback(True)
    return data


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not(db):
    first = _snapshot(7)
    assert Stakeholder.objects.count() == 0
    assert _snapshot(7) == first
    assert _snapshot(8)["stakeholders"] != first["stakeholders"]


def test_scale_two_is_twice_scale_one_with_unique_names(db):
    with transaction.atomic():
        one = seed(seed=3)
        transaction.set_rollback(True)
    out = io.StringIO()
    two = seed_registry(scale=2, rng=random.Random(3), stdout=out)
    assert "2/2 countries" in out.getvalue()
    assert Jurisdiction.objects.filter(level=NATIONAL).count() == 2
    assert two["mapping rounds"] == 2 * one["mapping rounds"] == MappingRound.objects.count()
    assert two["engagements"] == 2 * one["engagements"] == Engagement.objects.count()
    for label in ("stakeholders", "assessments", "tenures", "relationships"):
        assert 1.6 * one[label] <= two[label] <= 2.4 * one[label], label
    names = list(Stakeholder.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    places = list(Jurisdiction.objects.values_list("name", flat=True))
    assert len(places) == len(set(places))


def test_seeding_again_adds_another_country_with_new_names(counts):
    seed()
    assert list(Jurisdiction.objects.filter(level=NATIONAL).order_by("pk").values_list("name", flat=True)) == [
        "Republic of Varantia",
        "Federal Republic of Ostrevia",
    ]
    names = list(Stakeholder.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))


def test_seed_demo_runs_the_registry_seeder_once_with_if_empty(db):
    out = io.StringIO()
    call_command("seed_demo", "--seed", "5", stdout=out)
    assert "registry:" in out.getvalue()
    seeded = Stakeholder.objects.count()
    assert seeded >= 180
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "nothing to do" in out.getvalue()
    assert Stakeholder.objects.count() == seeded


def test_with_the_demo_logins_assessments_come_from_several_functions_each_by_its_own_staff(db):
    """The coverage view's sources show several corporate functions, and each assessment's author may record it
    and works in a function among its sources (as the services would have recorded it)."""
    call_command("create_demo_users", stdout=io.StringIO())
    seed()
    by_author = dict(
        Assessment.objects.values_list("author__username").annotate(n=Count("pk")).values_list("author__username", "n")
    )
    assert set(by_author) == {"security", "community", "external"}
    assert by_author["security"] > by_author["community"] > 0 and by_author["external"] > 0
    functions = {"security": "security", "community": "community-relations", "external": "government-affairs"}
    for username, code in functions.items():
        assert not Assessment.objects.filter(author__username=username).exclude(sources__code=code).exists()
    owners = Stakeholder.objects.exclude(relationship_owner=None).values_list("relationship_owner__username", flat=True)
    assert set(owners) == {"security", "community", "external"}

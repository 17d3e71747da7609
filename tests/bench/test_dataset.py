"""The benchmark's data builder: set-based SQL that leaves a schema exactly as migrated and data that keeps
every rule the models state (PostgreSQL only, like the benchmark)."""

from __future__ import annotations

import pytest
from django.db import connection

from bench import dataset
from shrhub.filtersets import full_text_query
from stakeholders.models import Assessment, Engagement, Stakeholder, Tenure

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark runs on PostgreSQL"),
]


def schema() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT tablename, indexdef FROM pg_indexes WHERE tablename LIKE 'stakeholders_%%'
            UNION ALL
            SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint
             WHERE conrelid::regclass::text LIKE 'stakeholders_%%'
            ORDER BY 1, 2
            """
        )
        return cursor.fetchall()


def test_builds_a_consistent_registry_and_leaves_the_schema_as_migrated(users):
    before = schema()
    sizes = dataset.build(connection, 0.002, author_ids=[users["security"].pk], practice_ids=[], log=lambda _: None)
    assert schema() == before
    assert Stakeholder.objects.count() == sizes.stakeholders
    assert Assessment.objects.count() == sizes.assessments
    assert Engagement.objects.count() == sizes.engagements
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the foreign keys are checked now, not at commit
    # Each stakeholder's current assessment is its latest; offices have at most one current holder, a person.
    for stakeholder in Stakeholder.objects.exclude(current_confidential_assessment=None)[:50]:
        latest = stakeholder.assessments.order_by("-assessed_on", "-id")
        assert stakeholder.current_confidential_assessment_id == latest.first().pk
        assert stakeholder.current_internal_assessment_id == getattr(
            latest.filter(confidentiality="internal").first(), "pk", None
        )
    assert not Tenure.objects.exclude(holder__kind="person").exists()
    # The search terms the benchmark uses are common, rare and absent.
    common = Stakeholder.objects.filter(search_vector=full_text_query(dataset.COMMON_TERM)).count()
    rare = Stakeholder.objects.filter(search_vector=full_text_query(dataset.RARE_TERM)).count()
    absent = Stakeholder.objects.filter(search_vector=full_text_query(dataset.ABSENT_TERM)).count()
    assert common > sizes.stakeholders / 50
    assert 0 < rare < sizes.stakeholders / 100
    assert absent == 0

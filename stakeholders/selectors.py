"""Reads of the registry: every list starts from ``visible_to(user)`` and loads what its page shows.

No read loads ``search_vector``: the stored search document is for the database's index, and at a few
hundred bytes a row it would only weigh on every list.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Model, OuterRef, Prefetch, Q, QuerySet

from shrhub import clock
from shrhub.models import visible_rows
from shrhub.selectors import count_of
from shrhub.types import AnyUser

from .models import (
    Assessment,
    Engagement,
    InformationSource,
    MappingAnswer,
    MappingRound,
    Position,
    Relationship,
    Stakeholder,
    Tenure,
    VulnerableGroup,
)

DOCUMENT = "search_vector"


def without_documents(queryset: QuerySet, *relations: str) -> QuerySet:
    """``queryset`` without the search documents of its rows and of the given selected relations."""
    paths = [f"{relation}__{DOCUMENT}" for relation in relations]
    if any(field.name == DOCUMENT for field in queryset.model._meta.concrete_fields):
        paths.append(DOCUMENT)
    return queryset.defer(*paths)


def stakeholder_list(*, user: AnyUser) -> QuerySet[Stakeholder]:
    """Stakeholders the user may see, with jurisdiction, parent and current assessment loaded."""
    queryset = Stakeholder.objects.visible_to(user).select_related("jurisdiction", "parent", "seen_assessment")  # type: ignore[misc]  # seen_assessment: the relation visible_to() adds
    return without_documents(queryset, "parent", "seen_assessment")


def visible_chain(stakeholder: Stakeholder, *, user: AnyUser) -> list[Stakeholder]:
    """The organisations above ``stakeholder``, from the top, as far up as ``user`` may see them without a gap:
    a hidden parent ends the chain there (nothing above it is shown, so nothing hints at it)."""
    if stakeholder.seen_parent is None:
        return []
    chain = stakeholder.chain()
    visible = set(
        Stakeholder.objects.visible_to(user).filter(pk__in=[o.pk for o in chain]).values_list("pk", flat=True)
    )
    seen: list[Stakeholder] = []
    for organisation in reversed(chain):
        if organisation.pk not in visible:
            break
        seen.append(organisation)
    return list(reversed(seen))


def stakeholder_api_list(*, user: AnyUser) -> QuerySet[Stakeholder]:
    """What the API sends of each stakeholder: the row and a summary of its current assessment (the parent and
    jurisdiction go by id, so their rows are not joined)."""
    summary = ("economic_agenda", "social_agenda", "formal_role", "notes", DOCUMENT)
    return (
        Stakeholder.objects.visible_to(user)  # type: ignore[misc]  # seen_assessment: the relation visible_to() adds
        .select_related("seen_assessment")
        .defer(DOCUMENT, *(f"seen_assessment__{name}" for name in summary))
    )


def stakeholder_detail(*, user: AnyUser) -> QuerySet[Stakeholder]:
    """One stakeholder with everything its page shows, each related list itself filtered for the user."""

    def with_one(model: type[Model], relation: str) -> QuerySet:
        return without_documents(visible_rows(model, user).select_related(relation), relation)

    # The relationship owner, and the internal assessment whose influence sets how often to meet (``contact_interval``).
    joined = stakeholder_list(user=user).select_related("relationship_owner", "current_internal_assessment")
    return joined.defer("current_internal_assessment__search_vector").prefetch_related(
        "mandate_areas",
        "vulnerable_groups",
        Prefetch("children", queryset=without_documents(Stakeholder.objects.visible_to(user)).order_by("kind", "name")),
        Prefetch(
            "assessments",
            queryset=assessment_list(user=user).order_by("-assessed_on", "-id"),
        ),
        Prefetch(
            "positions",
            queryset=Position.objects.visible_to(user).prefetch_related(
                Prefetch("tenures", queryset=with_one(Tenure, "holder"))
            ),
        ),
        Prefetch("tenures", queryset=with_one(Tenure, "position__organisation")),
        Prefetch("relationships_out", queryset=with_one(Relationship, "target")),
        Prefetch("relationships_in", queryset=with_one(Relationship, "source")),
        Prefetch(
            "engagements",
            queryset=without_documents(Engagement.objects.visible_to(user)).order_by("-occurred_on", "-id"),
        ),
    )


def position_list(*, user: AnyUser) -> QuerySet[Position]:
    """Positions with their organisation and current holder (``current_tenures``, at most one)."""
    current = without_documents(
        Tenure.objects.visible_to(user).filter(ended_on__isnull=True).select_related("holder"), "holder"
    )
    return without_documents(
        Position.objects.visible_to(user)
        .select_related("organisation__jurisdiction")
        .prefetch_related(Prefetch("tenures", queryset=current, to_attr="current_tenures")),
        "organisation",
    )


def position_detail(*, user: AnyUser) -> QuerySet[Position]:
    return position_list(user=user).prefetch_related(
        Prefetch("tenures", queryset=Tenure.objects.visible_to(user).select_related("holder"), to_attr="all_tenures")
    )


def tenure_list(*, user: AnyUser) -> QuerySet[Tenure]:
    queryset = Tenure.objects.visible_to(user).select_related("position__organisation", "holder")
    return without_documents(queryset, "position__organisation", "holder")


def assessment_list(*, user: AnyUser) -> QuerySet[Assessment]:
    """Assessments with stakeholder, round, author and sources loaded."""
    queryset = (
        Assessment.objects.visible_to(user)
        .select_related("stakeholder__jurisdiction", "mapping_round", "author")
        .prefetch_related(
            Prefetch("sources", queryset=InformationSource.objects.all()),
            Prefetch("vulnerable_groups", queryset=VulnerableGroup.objects.all()),
        )
    )
    return without_documents(queryset, "stakeholder")


def mappinground_list(*, user: AnyUser) -> QuerySet[MappingRound]:
    return (
        MappingRound.objects.visible_to(user)
        .select_related("jurisdiction", "lead")
        .annotate(assessment_count=count_of(Assessment.objects.visible_to(user).filter(mapping_round=OuterRef("pk"))))
        .order_by("-started_on", "-id")
    )


def mappinground_detail(*, user: AnyUser) -> QuerySet[MappingRound]:
    return mappinground_list(user=user).prefetch_related(
        Prefetch("answers", queryset=MappingAnswer.objects.visible_to(user).select_related("question")),
        Prefetch("assessments", queryset=assessment_list(user=user).order_by("stakeholder__name")),
        "practices",
    )


def mappinganswer_list(*, user: AnyUser) -> QuerySet[MappingAnswer]:
    return MappingAnswer.objects.visible_to(user).select_related("mapping_round", "question")


def relationship_list(*, user: AnyUser) -> QuerySet[Relationship]:
    return without_documents(
        Relationship.objects.visible_to(user).select_related("source", "target"), "source", "target"
    )


def engagement_list(*, user: AnyUser) -> QuerySet[Engagement]:
    return without_documents(
        Engagement.objects.visible_to(user)
        .select_related("jurisdiction")
        .prefetch_related(
            Prefetch("stakeholders", queryset=Stakeholder.objects.visible_to(user).only("id", "name", "kind")),
        )
    )


def engagement_api_list(*, user: AnyUser) -> QuerySet[Engagement]:
    """What the API sends of each engagement: the row (its jurisdiction goes by id, so its row is not joined;
    the viewset loads the ids of the stakeholders the user may see)."""
    return without_documents(Engagement.objects.visible_to(user))


def engagement_detail(*, user: AnyUser) -> QuerySet[Engagement]:
    return engagement_list(user=user).prefetch_related("company_participants", "practices")


def occupied_positions() -> QuerySet[Tenure, Any]:
    """The one definition of an office held today: a tenure not ended (as ``position_id`` values)."""
    return Tenure.objects.filter(ended_on__isnull=True).values("position_id")


def vacant_key_positions(*, user: AnyUser) -> QuerySet[Position]:
    """Key positions with nobody in office today."""
    return position_list(user=user).filter(is_key=True).exclude(pk__in=occupied_positions())


def review_overdue_q(today: datetime.date | None = None) -> Q:
    """The one definition of an assessment overdue for review, as a filter on assessments: its review date has
    passed or, without one, it was made more than ``SHRHUB_REVIEW_MONTHS`` months before today. The registry's
    filter (``review_overdue``, pages and API), the start page, the coverage view and its warning all use it."""
    today = today or clock.today()
    stale_before = clock.months_before(today, settings.SHRHUB_REVIEW_MONTHS)
    return Q(review_due_on__lt=today) | Q(review_due_on__isnull=True, assessed_on__lt=stale_before)


def review_overdue_since(*, assessed_on: datetime.date, review_due_on: datetime.date | None) -> datetime.date:
    """The day an assessment's review fell due, by the definition of ``review_overdue_q``."""
    return review_due_on or clock.months_before(assessed_on, -settings.SHRHUB_REVIEW_MONTHS)


def assessments_due_for_review(*, user: AnyUser, today: datetime.date | None = None) -> QuerySet[Assessment]:
    """Current assessments overdue for review (``review_overdue_q``)."""
    return assessment_list(user=user).filter(
        review_overdue_q(today),
        pk__in=Stakeholder.objects.visible_to(user).values("seen_assessment"),  # type: ignore[misc]  # seen_assessment: the relation visible_to() adds
    )

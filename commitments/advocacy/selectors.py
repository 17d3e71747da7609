"""Reads of the case for the VPs: every list starts from ``visible_to(user)`` and loads what its page and endpoint
show at a constant number of queries."""

from __future__ import annotations

from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery

from shrhub.selectors import count_of
from shrhub.types import AnyUser
from stakeholders.models import Stakeholder
from stakeholders.selectors import without_documents

from ..models import Advocacy, Agreement, ArgumentPut, BenefitArgument, CommitmentAssessment
from ..selectors import visible_engagements


def benefitargument_list(*, user: AnyUser) -> QuerySet[BenefitArgument]:
    """The team's arguments with how often the user may see them put (``times_put``) and welcomed or found of
    interest (``times_welcomed``), rejected (``times_rejected``)."""
    uses = ArgumentPut.objects.visible_to(user).filter(argument=OuterRef("pk"))
    return BenefitArgument.objects.annotate(
        times_put=count_of(uses),
        times_welcomed=count_of(uses.filter(response__in=["welcomed", "interested"])),
        times_rejected=count_of(uses.filter(response="rejected")),
    )


def argumentput_list(*, user: AnyUser) -> QuerySet[ArgumentPut]:
    """Arguments put, with their argument, standard raised, engagement and agency loaded."""
    return ArgumentPut.objects.visible_to(user).select_related(
        "argument", "advocacy", "advocacy__engagement", "advocacy__agency"
    )


def benefitargument_detail(*, user: AnyUser) -> QuerySet[BenefitArgument]:
    """One argument with every visible place it was put, newest first."""
    uses = argumentput_list(user=user).order_by("-advocacy__engagement__occurred_on", "-id")
    return benefitargument_list(user=user).prefetch_related(Prefetch("uses", queryset=uses))


def advocacy_list(*, user: AnyUser) -> QuerySet[Advocacy]:
    """Standards raised with agencies, with engagement and agency, and the arguments put (their argument)."""
    qs = Advocacy.objects.visible_to(user).select_related("engagement", "agency", "agency__jurisdiction")
    return without_documents(qs, "engagement", "agency").prefetch_related(
        Prefetch("arguments", queryset=ArgumentPut.objects.select_related("argument"))
    )


def advocacy_detail(*, user: AnyUser) -> QuerySet[Advocacy]:
    return advocacy_list(user=user)


def commitmentassessment_list(*, user: AnyUser) -> QuerySet[CommitmentAssessment]:
    """Commitment assessments with their stakeholder (and its jurisdiction) and author."""
    qs = CommitmentAssessment.objects.visible_to(user).select_related(
        "stakeholder", "stakeholder__jurisdiction", "author"
    )
    return without_documents(qs, "stakeholder")


def commitmentassessment_detail(*, user: AnyUser) -> QuerySet[CommitmentAssessment]:
    """One assessment with the engagements and agreements (its evidence) the reader may see."""
    return commitmentassessment_list(user=user).prefetch_related(
        Prefetch("engagements", queryset=visible_engagements(user)),
        Prefetch("agreements", queryset=Agreement.objects.visible_to(user).order_by("-made_on", "-id")),
    )


def latest_commitment(field: str = "level") -> Subquery:
    """The ``field`` of a stakeholder's current commitment assessment (the latest by date, then id), on the outer
    row's ``pk``. Every assessment of a stakeholder is as visible as the stakeholder itself (it hides with it and
    with nothing else), so the outer row being visible is the whole check."""
    latest = CommitmentAssessment.objects.filter(stakeholder=OuterRef("pk")).order_by("-assessed_on", "-id")
    return Subquery(latest.values(field)[:1])


def with_commitment(queryset: QuerySet[Stakeholder]) -> QuerySet[Stakeholder]:
    """Stakeholders (already visible to the reader) with their current commitment: ``commitment_level`` and
    ``commitment_on`` (``None`` when never assessed). Subqueries in the one query: constant as rows grow."""
    return queryset.annotate(
        commitment_level=latest_commitment("level"), commitment_on=latest_commitment("assessed_on")
    )


def with_advocacy(queryset: QuerySet[Stakeholder], *, user: AnyUser) -> QuerySet[Stakeholder]:
    """Stakeholders with what has been tried with them: ``advocacy_count`` (standards raised the user may see) and
    ``advocacy_last`` (the date of the latest)."""
    raised = Advocacy.objects.visible_to(user).filter(agency=OuterRef("pk"))
    last = raised.order_by().values("agency").annotate(last=Max("engagement__occurred_on")).values("last")
    return queryset.annotate(advocacy_count=count_of(raised), advocacy_last=Subquery(last[:1]))


def stakeholder_commitments(*, user: AnyUser, stakeholder: Stakeholder) -> list[CommitmentAssessment]:
    """A stakeholder's commitment assessments, newest first (the first is the current one)."""
    return list(commitmentassessment_list(user=user).filter(stakeholder=stakeholder).order_by("-assessed_on", "-id"))

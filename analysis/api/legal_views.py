"""Legal framework API: each viewset reads through the selector and writes through the services its pages use;
the international instruments are read-only reference data, by code."""

from __future__ import annotations

from practices.api.views import CatalogueViewSet
from shrhub.api.viewsets import AnnotatedViewSet

from .. import legal_filtersets as filtersets
from .. import legal_selectors as selectors
from .. import legal_services as services
from ..models import ActionPlan, IhlAssessment, InitiativeCommitment, Instrument, InstrumentStatus, NationalLaw
from . import legal_serializers as serializers


class NationalLawViewSet(AnnotatedViewSet):
    """National laws and regulations by area, each with how applying the VPs helps respect it."""

    queryset = NationalLaw.objects.none()
    selector = selectors.nationallaw_list
    serializer_class = serializers.NationalLawSerializer
    filterset_class = filtersets.NationalLawFilterSet
    visible_many = ("experts",)
    create_service = services.nationallaw_create
    update_service = services.nationallaw_update
    delete_service = services.nationallaw_delete


class InstrumentStatusViewSet(AnnotatedViewSet):
    """Where each country stands with the international instruments: ratified, signed or not party, since when."""

    queryset = InstrumentStatus.objects.none()
    selector = selectors.instrumentstatus_list
    serializer_class = serializers.InstrumentStatusSerializer
    filterset_class = filtersets.InstrumentStatusFilterSet
    visible_many = ("experts",)
    create_service = services.instrumentstatus_create
    update_service = services.instrumentstatus_update
    delete_service = services.instrumentstatus_delete


class IhlAssessmentViewSet(AnnotatedViewSet):
    """Dated assessments of whether international humanitarian law applies; ``current=true`` for the latest."""

    queryset = IhlAssessment.objects.none()
    selector = selectors.ihlassessment_list
    serializer_class = serializers.IhlAssessmentSerializer
    filterset_class = filtersets.IhlAssessmentFilterSet
    visible_many = ("experts",)
    create_service = services.ihlassessment_create
    update_service = services.ihlassessment_update
    delete_service = services.ihlassessment_delete


class ActionPlanViewSet(AnnotatedViewSet):
    """National Action Plans on Business and Human Rights and their security elements."""

    queryset = ActionPlan.objects.none()
    selector = selectors.actionplan_list
    serializer_class = serializers.ActionPlanSerializer
    filterset_class = filtersets.ActionPlanFilterSet
    visible_many = ("experts",)
    create_service = services.actionplan_create
    update_service = services.actionplan_update
    delete_service = services.actionplan_delete


class InitiativeCommitmentViewSet(AnnotatedViewSet):
    """Initiatives each government subscribes to (UNGPs, OECD Guidelines, EITI…) and the commitments it made."""

    queryset = InitiativeCommitment.objects.none()
    selector = selectors.initiativecommitment_list
    serializer_class = serializers.InitiativeCommitmentSerializer
    filterset_class = filtersets.InitiativeCommitmentFilterSet
    visible_many = ("experts",)
    create_service = services.initiativecommitment_create
    update_service = services.initiativecommitment_update
    delete_service = services.initiativecommitment_delete


class InstrumentViewSet(CatalogueViewSet):
    """The international instruments a State may be party to (seeded; read-only), looked up by ``code``."""

    queryset = Instrument.objects.none()
    selector = selectors.instrument_list
    serializer_class = serializers.InstrumentSerializer
    filterset_class = filtersets.InstrumentFilterSet
    lookup_field = "code"

"""Registry pages: declared on the generic bases, reading through selectors and writing through services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from shrhub.models import SEE_CONFIDENTIAL, AccessLog, log_access, visible_rows
from shrhub.personal_data import Mention, record_texts, redact, text_model
from shrhub.tables import Column
from shrhub.types import AnyUser
from shrhub.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectHistoryView, ObjectListView

from . import filtersets, forms, personal_data, selectors, services
from .choices import StakeholderKind
from .models import Assessment, Engagement, MappingRound, Position, Relationship, Stakeholder, Tenure

STANCE = "stakeholders/cells/stance.html"
STANCE_PERMISSION = "stakeholders.view_stance"

# Stakeholders ---------------------------------------------------------------------------------------------


class StakeholderListView(ObjectListView):
    model = Stakeholder
    selector = selectors.stakeholder_list
    filterset_class = filtersets.StakeholderFilterSet
    columns = [
        Column(_("Name"), "name", order_by="name", link=True),
        Column(_("Kind"), "kind"),
        Column(_("Sector"), "sector", order_by="sector"),
        Column(_("Level"), "level", order_by="level"),
        Column(_("Jurisdiction"), "jurisdiction"),
        Column(_("Part of"), "seen_parent"),
        Column(_("Stance"), "seen_assessment", order_by="stance", template=STANCE, permission=STANCE_PERMISSION),
        Column(_("Influence"), "seen_assessment.influence", order_by="influence"),
        Column(_("Assessed"), "seen_assessment.assessed_on", order_by="assessed"),
    ]


class StakeholderDetailView(ObjectDetailView):
    model = Stakeholder
    selector = selectors.stakeholder_detail
    template_name = "stakeholders/stakeholder_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["chain"] = selectors.visible_chain(self.object, user=self.request.user)
        return context


class StakeholderEditView(ObjectEditView):
    model = Stakeholder
    selector = selectors.stakeholder_list
    form_class = forms.StakeholderForm
    create_service = services.stakeholder_create
    update_service = services.stakeholder_update


class StakeholderDeleteView(ObjectDeleteView):
    model = Stakeholder
    selector = selectors.stakeholder_list
    delete_service = services.stakeholder_delete
    success_url_name = "stakeholders:stakeholder_list"


class StakeholderHistoryView(ObjectHistoryView):
    model = Stakeholder
    selector = selectors.stakeholder_list


# Positions and tenures ------------------------------------------------------------------------------------


class PositionListView(ObjectListView):
    model = Position
    selector = selectors.position_list
    filterset_class = filtersets.PositionFilterSet
    columns = [
        Column(_("Title"), "title", order_by="title", link=True),
        Column(_("Organisation"), "organisation", order_by="organisation"),
        Column(_("Jurisdiction"), "organisation.jurisdiction"),
        Column(_("Key"), "is_key"),
        Column(_("Current holder"), "current_tenures", template="stakeholders/cells/holder.html"),
    ]


class PositionDetailView(ObjectDetailView):
    model = Position
    selector = selectors.position_detail
    template_name = "stakeholders/position_detail.html"


class PositionEditView(ObjectEditView):
    model = Position
    selector = selectors.position_list
    form_class = forms.PositionForm
    create_service = services.position_create
    update_service = services.position_update


class PositionDeleteView(ObjectDeleteView):
    model = Position
    selector = selectors.position_list
    delete_service = services.position_delete
    success_url_name = "stakeholders:position_list"


class PositionHistoryView(ObjectHistoryView):
    model = Position
    selector = selectors.position_list


class TenureListView(ObjectListView):
    model = Tenure
    selector = selectors.tenure_list
    filterset_class = filtersets.TenureFilterSet
    columns = [
        Column(_("Holder"), "holder", link=True),
        Column(_("Position"), "position"),
        Column(_("From"), "started_on", order_by="started"),
        Column(_("Until"), "ended_on", order_by="ended"),
    ]


class TenureDetailView(ObjectDetailView):
    model = Tenure
    selector = selectors.tenure_list
    template_name = "stakeholders/tenure_detail.html"


class TenureEditView(ObjectEditView):
    model = Tenure
    selector = selectors.tenure_list
    form_class = forms.TenureForm
    create_service = services.tenure_create
    update_service = services.tenure_update


class TenureDeleteView(ObjectDeleteView):
    model = Tenure
    selector = selectors.tenure_list
    delete_service = services.tenure_delete
    success_url_name = "stakeholders:tenure_list"


class TenureHistoryView(ObjectHistoryView):
    model = Tenure
    selector = selectors.tenure_list


# Assessments ----------------------------------------------------------------------------------------------


class AssessmentListView(ObjectListView):
    model = Assessment
    selector = selectors.assessment_list
    filterset_class = filtersets.AssessmentFilterSet
    columns = [
        Column(_("Assessed"), "assessed_on", order_by="assessed", link=True),
        Column(_("Stakeholder"), "stakeholder", order_by="stakeholder"),
        Column(_("Stance"), "self", order_by="stance", template=STANCE, permission=STANCE_PERMISSION),
        Column(_("Influence"), "influence", order_by="influence"),
        Column(_("Interest"), "interest", order_by="interest"),
        Column(_("Confidence"), "confidence"),
        Column(_("Round"), "mapping_round"),
        Column(_("Author"), "author"),
        Column(_("Review due"), "review_due_on"),
    ]


class AssessmentDetailView(ObjectDetailView):
    model = Assessment
    selector = selectors.assessment_list
    template_name = "stakeholders/assessment_detail.html"


class AssessmentEditView(ObjectEditView):
    model = Assessment
    selector = selectors.assessment_list
    form_class = forms.AssessmentForm
    create_service = services.assessment_create
    update_service = services.assessment_update

    def get_success_url(self, saved: Assessment) -> str:
        return saved.stakeholder.get_absolute_url()


class AssessmentDeleteView(ObjectDeleteView):
    model = Assessment
    selector = selectors.assessment_list
    delete_service = services.assessment_delete
    success_url_name = "stakeholders:assessment_list"


class AssessmentHistoryView(ObjectHistoryView):
    model = Assessment
    selector = selectors.assessment_list


# Mapping rounds -------------------------------------------------------------------------------------------


class MappingRoundListView(ObjectListView):
    model = MappingRound
    selector = selectors.mappinground_list
    filterset_class = filtersets.MappingRoundFilterSet
    columns = [
        Column(_("Name"), "name", order_by="name", link=True),
        Column(_("Jurisdiction"), "jurisdiction"),
        Column(_("Started"), "started_on", order_by="started"),
        Column(_("Review due"), "review_due_on", order_by="review"),
        Column(_("Status"), "status"),
        Column(_("Assessments"), "assessment_count"),
    ]


class MappingRoundDetailView(ObjectDetailView):
    model = MappingRound
    selector = selectors.mappinground_detail
    template_name = "stakeholders/mappinground_detail.html"


class MappingRoundEditView(ObjectEditView):
    model = MappingRound
    selector = selectors.mappinground_list
    form_class = forms.MappingRoundForm
    create_service = services.mappinground_create
    update_service = services.mappinground_update


class MappingRoundDeleteView(ObjectDeleteView):
    model = MappingRound
    selector = selectors.mappinground_list
    delete_service = services.mappinground_delete
    success_url_name = "stakeholders:mappinground_list"


class MappingRoundHistoryView(ObjectHistoryView):
    model = MappingRound
    selector = selectors.mappinground_list


# Relationships and engagements ----------------------------------------------------------------------------


class RelationshipListView(ObjectListView):
    model = Relationship
    selector = selectors.relationship_list
    filterset_class = filtersets.RelationshipFilterSet
    columns = [
        Column(_("From"), "source", order_by="source"),
        Column(_("Relationship"), "kind", order_by="kind", link=True),
        Column(_("To"), "target", order_by="target"),
        Column(_("Notes"), "notes"),
    ]


class RelationshipDetailView(ObjectDetailView):
    model = Relationship
    selector = selectors.relationship_list
    template_name = "stakeholders/relationship_detail.html"


class RelationshipEditView(ObjectEditView):
    model = Relationship
    selector = selectors.relationship_list
    form_class = forms.RelationshipForm
    create_service = services.relationship_create
    update_service = services.relationship_update


class RelationshipDeleteView(ObjectDeleteView):
    model = Relationship
    selector = selectors.relationship_list
    delete_service = services.relationship_delete
    success_url_name = "stakeholders:relationship_list"


class RelationshipHistoryView(ObjectHistoryView):
    model = Relationship
    selector = selectors.relationship_list


class EngagementListView(ObjectListView):
    model = Engagement
    selector = selectors.engagement_list
    filterset_class = filtersets.EngagementFilterSet
    columns = [
        Column(_("Date"), "occurred_on", order_by="occurred"),
        Column(_("Title"), "title", order_by="title", link=True),
        Column(_("Kind"), "kind", order_by="kind"),
        Column(_("Jurisdiction"), "jurisdiction"),
        Column(_("Stakeholders"), "stakeholders", template="stakeholders/cells/stakeholders.html"),
        Column(_("Follow-up due"), "follow_up_due_on"),
    ]


class EngagementDetailView(ObjectDetailView):
    model = Engagement
    selector = selectors.engagement_detail
    template_name = "stakeholders/engagement_detail.html"


class EngagementEditView(ObjectEditView):
    model = Engagement
    selector = selectors.engagement_list
    form_class = forms.EngagementForm
    create_service = services.engagement_create
    update_service = services.engagement_update


class EngagementDeleteView(ObjectDeleteView):
    model = Engagement
    selector = selectors.engagement_list
    delete_service = services.engagement_delete
    success_url_name = "stakeholders:engagement_list"


class EngagementHistoryView(ObjectHistoryView):
    model = Engagement
    selector = selectors.engagement_list


# Personal data -------------------------------------------------------------------------------------------


class PersonDataMixin:
    """Only holders of ``shrhub.erase_personal_data`` export or erase, and only persons they may see."""

    def get_person(self, request: HttpRequest, pk: int) -> Stakeholder:
        if not request.user.has_perm("shrhub.erase_personal_data"):
            raise PermissionDenied
        return get_object_or_404(selectors.stakeholder_list(user=request.user), pk=pk, kind=StakeholderKind.PERSON)


class PersonExportView(PersonDataMixin, View):
    """Everything held about a person, as a JSON download (logged as an export)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = self.get_person(request, pk)
        log_access(request.user, AccessLog.Action.EXPORT, person, detail="personal data export")
        response = JsonResponse(personal_data.person_export(person), json_dumps_params={"indent": 2})
        response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
        return response


def _visible_mentions(user: AnyUser, found: list[Mention]) -> list[tuple[Mention, bool]]:
    """Each mention with whether ``user`` may see its record (one query per model): a hidden one is counted on
    the page, as it blocks the erasure, but neither named nor linked."""
    by_model: dict[type[Model], list[int]] = {}
    for mention in found:
        if mention.live is not None:
            by_model.setdefault(mention.model, []).append(mention.pk)
    seen = {
        model: set(visible_rows(model, user).filter(pk__in=pks).values_list("pk", flat=True))
        for model, pks in by_model.items()
    }
    deleted_visible = user.has_perm(SEE_CONFIDENTIAL)
    return [(m, m.pk in seen.get(m.model, set()) if m.live is not None else deleted_visible) for m in found]


class PersonEraseView(PersonDataMixin, View):
    """The erasure page: what each app holds about the person, every record whose free text still names them
    (with links to the record and to its redaction), and — once none is left — the erasure itself, with a
    reason (see ``personal_data.person_erase``)."""

    def render_page(
        self, request: HttpRequest, person: Stakeholder, *, form: Any | None = None, status: int = 200
    ) -> HttpResponse:
        preview = personal_data.erasure_preview(person)
        context = {
            "object": person,
            "preview": preview,
            "mentions": _visible_mentions(request.user, preview.mentions),
            "form": form or forms.PersonEraseForm(),
        }
        return render(request, "stakeholders/person_erase.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page(request, self.get_person(request, pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = self.get_person(request, pk)
        form = forms.PersonEraseForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, person, form=form, status=400)
        try:
            personal_data.person_erase(actor=request.user, person=person, reason=form.cleaned_data["reason"])
        except personal_data.ErasureBlocked as blocked:
            form.add_error(None, blocked.messages[0])
            return self.render_page(request, person, form=form, status=409)
        except ValidationError as error:
            form.add_error("reason" if hasattr(error, "error_dict") else None, error.messages[0])
            return self.render_page(request, person, form=form, status=400)
        messages.success(request, gettext("Personal data erased. The offices held and the counts remain."))
        person.refresh_from_db()
        return HttpResponseRedirect(person.get_absolute_url())


class PersonRedactView(PersonDataMixin, View):
    """Redact one record's free text that names the person, before erasure: the current text of each field
    that names them (or named them in an earlier version) in a box to edit; saving replaces it in the record
    and in the history versions that named them (``shrhub.personal_data.redact``)."""

    def get_record(self, request: HttpRequest, person: Stakeholder, label: str, record: int) -> type[Model]:
        model = text_model(label)
        if model is None:
            raise Http404("Not a record that holds free text.")
        if model._base_manager.filter(pk=record).exists():
            if not visible_rows(model, request.user).filter(pk=record).exists():
                raise Http404("No such record.")
        elif not request.user.has_perm(SEE_CONFIDENTIAL):
            raise Http404("No such record.")
        return model

    def render_page(
        self,
        request: HttpRequest,
        person: Stakeholder,
        model: type[Model],
        record: int,
        *,
        errors: dict[str, Any] | None = None,
        values: dict[str, str] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        try:
            state = record_texts(model, record, person)
        except model.DoesNotExist as missing:  # type: ignore[attr-defined]  # every concrete model has one
            raise Http404("No such record.") from missing
        fields = [
            {**info, "name": name, "value": (values or {}).get(name, info["value"]), "errors": (errors or {}).get(name)}
            for name, info in state["fields"].items()
        ]
        context = {
            "object": person,
            "record": state["live"],
            "record_label": gettext("%(kind)s #%(id)s") % {"kind": model._meta.verbose_name, "id": record},
            "fields": fields,
            "non_field_errors": (errors or {}).get("__all__", []),
        }
        return render(request, "stakeholders/person_redact.html", context, status=status)

    def get(self, request: HttpRequest, pk: int, label: str, id: int) -> HttpResponse:
        person = self.get_person(request, pk)
        model = self.get_record(request, person, label, id)
        record = model._base_manager.filter(pk=id).first()
        if getattr(record, "is_sensitive", False):
            log_access(request.user, AccessLog.Action.VIEW, record, detail="redaction before an erasure")
        return self.render_page(request, person, model, id)

    def post(self, request: HttpRequest, pk: int, label: str, id: int) -> HttpResponse:
        person = self.get_person(request, pk)
        model = self.get_record(request, person, label, id)
        texts = {name: str(value) for name, value in request.POST.items() if name != "csrfmiddlewaretoken"}
        try:
            redact(actor=request.user, person=person, model=model, pk=id, texts=texts)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            return self.render_page(request, person, model, id, errors=errors, values=texts, status=400)
        messages.success(
            request,
            gettext("%(kind)s #%(id)s redacted.") % {"kind": str(model._meta.verbose_name).capitalize(), "id": id},
        )
        return HttpResponseRedirect(reverse("stakeholders:person_erase", args=[person.pk]))

"""Catalogue and adoption pages: declared on the generic bases, reading through selectors and writing
through services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from shrhub.forms import VERSION_MISSING_MESSAGE
from shrhub.models import Jurisdiction
from shrhub.services import StaleVersion
from shrhub.tables import Column
from shrhub.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    PermissionRequiredMixin,
    permission_name,
)

from . import filtersets, forms, selectors, services
from .choices import PracticeKind
from .models import Adoption, Method, Practice, Reference
from .search import highlight

# Catalogue ------------------------------------------------------------------------------------------------


class CatalogueHomeView(PermissionRequiredMixin, TemplateView):
    """The catalogue by challenge, each with its version in every edition."""

    model = Practice
    template_name = "practices/catalogue_home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            rows=selectors.catalogue_overview(user=user),
            editions=selectors.edition_list(user=user).filter(withdrawn=False),
            methods=selectors.method_list(user=user).filter(withdrawn=False),
            case_studies=selectors.current_practice_list(user=user).filter(kind=PracticeKind.CASE_STUDY),
            references=selectors.reference_list(user=user).filter(withdrawn=False),
        )
        return context


class ChallengeDetailView(PermissionRequiredMixin, TemplateView):
    """One challenge in every edition, side by side (2016 on the left, the Hub on the right)."""

    model = Practice
    template_name = "practices/challenge_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        columns = selectors.challenge_columns(user=self.request.user, ref=self.kwargs["ref"])
        if not columns:
            raise Http404("No such challenge.")
        rows = selectors.catalogue_overview(user=self.request.user)
        refs = [row.ref for row in rows]
        index = refs.index(self.kwargs["ref"]) if self.kwargs["ref"] in refs else -1
        context.update(
            ref=self.kwargs["ref"],
            columns=columns,
            codes=" / ".join(c.code for c in columns),
            previous=rows[index - 1] if index > 0 else None,
            next=rows[index + 1] if 0 <= index < len(rows) - 1 else None,
        )
        return context


class PracticeListView(ObjectListView):
    """Search and browse the catalogue: ranked full-text search with highlighted passages and filters."""

    model = Practice
    selector = selectors.current_practice_list
    filterset_class = filtersets.PracticeFilterSet
    template_name = "practices/practice_list.html"
    paginate_by = 25

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        results = []
        for practice in context["object_list"]:
            snippet = None
            if query:
                snippet = highlight(practice.search_document, query, headline=getattr(practice, "search_headline", ""))
            results.append((practice, snippet))
        context.update(query=query, results=results)
        if query:
            context["methods"] = filtersets.MethodFilterSet(
                {"q": query}, queryset=selectors.method_list(user=self.request.user).filter(withdrawn=False)
            ).qs[:5]
        return context


class PracticeDetailView(ObjectDetailView):
    """A practice with its steps, citations, methods, adoptions and what refers to it."""

    model = Practice
    selector = selectors.practice_detail
    slug_field = "key"
    slug_url_kwarg = "key"
    template_name = "practices/practice_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        practice = self.object
        can_view_adoptions = user.has_perm(permission_name(Adoption, "view"))
        context.update(
            adoptions=selectors.adoption_list(user=user).filter(practice=practice) if can_view_adoptions else [],
            can_view_adoptions=can_view_adoptions,
            can_add_adoption=user.has_perm(permission_name(Adoption, "add")) and not practice.withdrawn,
            evidence=selectors.practice_evidence(practice=practice, user=user),
            counterparts=selectors.current_practice_list(user=user)
            .filter(challenge__ref=practice.challenge.ref)
            .exclude(challenge=practice.challenge)
            .prefetch_related(None),
            **selectors.edition_for_reader(practice, get_language()),
        )
        return context


class CaseStudyListView(PermissionRequiredMixin, TemplateView):
    model = Practice
    template_name = "practices/case_study_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["case_studies"] = selectors.practice_detail(user=self.request.user).filter(
            kind=PracticeKind.CASE_STUDY, withdrawn=False
        )
        return context


class MethodListView(PermissionRequiredMixin, TemplateView):
    """The analytical methods the toolkit names (PESTLES, the stakeholder-mapping questions)."""

    model = Method
    template_name = "practices/method_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["methods"] = selectors.method_list(user=self.request.user).filter(withdrawn=False)
        return context


class MethodDetailView(ObjectDetailView):
    model = Method
    selector = selectors.method_list
    slug_field = "key"
    slug_url_kwarg = "key"
    template_name = "practices/method_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["round_question_ids"] = set(selectors.round_questions().values_list("id", flat=True))
        return context


class ReferenceListView(PermissionRequiredMixin, TemplateView):
    """The sources the toolkit cites, with how often."""

    model = Reference
    template_name = "practices/reference_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["references"] = selectors.reference_list(user=self.request.user)
        return context


class ReferenceDetailView(ObjectDetailView):
    model = Reference
    selector = selectors.reference_detail
    slug_field = "key"
    slug_url_kwarg = "key"
    template_name = "practices/reference_detail.html"


# Adoptions ------------------------------------------------------------------------------------------------

STATUS = "practices/cells/status.html"


class AdoptionListView(ObjectListView):
    model = Adoption
    selector = selectors.adoption_list
    filterset_class = filtersets.AdoptionFilterSet
    columns = [
        Column(_("Practice"), "self", order_by="challenge", template="practices/cells/adoption_practice.html"),
        Column(_("Jurisdiction"), "jurisdiction", order_by="jurisdiction"),
        Column(_("Status"), "self", order_by="status", template=STATUS),
        Column(_("Owner"), "owner", template="practices/cells/owner.html"),
        Column(_("Target"), "target_date", order_by="target"),
        Column(_("Last reviewed"), "last_reviewed_on", order_by="reviewed"),
    ]


class AdoptionDetailView(ObjectDetailView):
    """An adoption with its evidence: what is tagged with the practice in its jurisdiction subtree."""

    model = Adoption
    selector = selectors.adoption_list
    template_name = "practices/adoption_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["evidence"] = selectors.adoption_evidence(adoption=self.object, user=self.request.user)
        context["needs_review"] = (
            selectors.adoption_list(user=self.request.user)
            .filter(selectors.needs_review_q(), pk=self.object.pk)
            .exists()
        )
        context["review_months"] = settings.SHRHUB_REVIEW_MONTHS
        return context


class AdoptionEditView(ObjectEditView):
    model = Adoption
    selector = selectors.adoption_list
    form_class = forms.AdoptionForm
    create_service = services.adoption_create
    update_service = services.adoption_update

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        key = self.request.GET.get("practice_key")
        if key:
            practice = selectors.current_practice_list(user=self.request.user).filter(key=key).first()
            if practice is not None:
                initial["practice"] = practice.pk
        return initial


class AdoptionDeleteView(ObjectDeleteView):
    model = Adoption
    selector = selectors.adoption_list
    delete_service = services.adoption_delete
    success_url_name = "practices:adoption_list"


class AdoptionHistoryView(ObjectHistoryView):
    model = Adoption
    selector = selectors.adoption_list


class AdoptionReviewView(PermissionRequiredMixin, View):
    """POST: record that the adoption was reviewed today."""

    model = Adoption
    permission_action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        adoption = get_object_or_404(selectors.adoption_list(user=request.user), pk=pk)
        version = request.POST.get("version", "")
        if not (version.isascii() and version.isdigit() and len(version) < 10):
            messages.error(request, VERSION_MISSING_MESSAGE)
            return HttpResponseRedirect(adoption.get_absolute_url())
        try:
            services.adoption_mark_reviewed(actor=request.user, instance=adoption, expected_version=int(version))
        except StaleVersion:
            messages.error(request, gettext("Someone else changed this adoption meanwhile; review it again."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Marked “%(adoption)s” as reviewed today.") % {"adoption": adoption})
        return HttpResponseRedirect(adoption.get_absolute_url())


# Progress -------------------------------------------------------------------------------------------------


class ProgressIndexView(PermissionRequiredMixin, TemplateView):
    """Every jurisdiction with its adoption counts (each over its subtree)."""

    model = Adoption
    template_name = "practices/progress_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["lines"] = selectors.progress_index(user=self.request.user)
        context["review_months"] = settings.SHRHUB_REVIEW_MONTHS
        return context


class ProgressDetailView(PermissionRequiredMixin, TemplateView):
    """Where a jurisdiction (with everything under it) stands, per challenge."""

    model = Adoption
    template_name = "practices/progress_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        jurisdiction = get_object_or_404(Jurisdiction.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        context["progress"] = selectors.progress(user=self.request.user, jurisdiction=jurisdiction)
        return context

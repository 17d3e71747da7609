"""Document pages: the list (find any document you may see), one document's page, adding one to a record, editing
its title, date and level, deleting it, its history, and the download, the only way its file leaves the server."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import View

from shrhub.tables import Column
from shrhub.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    PermissionRequiredMixin,
)

from . import filtersets, forms, selectors, services
from .downloads import download_response
from .models import Attachment


class AttachmentListView(ObjectListView):
    model = Attachment
    selector = selectors.attachment_list
    filterset_class = filtersets.AttachmentFilterSet
    template_name = "documents/attachment_list.html"
    columns = [
        Column(_("Date"), "dated", order_by="dated"),
        Column(_("Document"), "self", link=True, order_by="title"),
        Column(_("On"), "record", template="documents/cells/record.html"),
        Column(_("Type"), "extension"),
        Column(_("Size"), "size", template="documents/cells/size.html", order_by="size"),
        Column(_("Uploaded by"), "uploaded_by"),
    ]


class AttachmentDetailView(ObjectDetailView):
    model = Attachment
    selector = selectors.attachment_detail
    template_name = "documents/attachment_detail.html"


class AttachmentEditView(ObjectEditView):
    """Adding a document to the record the link names (``?engagement=12``), or editing one; back to the record."""

    model = Attachment
    selector = selectors.attachment_detail
    form_class = forms.AttachmentForm
    create_service = services.attachment_create_from_form
    update_service = services.attachment_update

    def get_success_url(self, saved: Any) -> str:
        return saved.record_url() or saved.get_absolute_url()


class AttachmentDeleteView(ObjectDeleteView):
    model = Attachment
    selector = selectors.attachment_detail
    delete_service = services.attachment_delete
    success_url_name = "documents:attachment_list"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        attachment = self.get_object()
        assert isinstance(attachment, Attachment)
        back = attachment.record_url()
        response = super().post(request, *args, **kwargs)
        if response.status_code == 302 and back is not None:
            return HttpResponseRedirect(back)
        return response


class AttachmentHistoryView(ObjectHistoryView):
    model = Attachment
    selector = selectors.attachment_detail


class AttachmentDownloadView(PermissionRequiredMixin, View):
    """The file, to a reader who may see the document (404 otherwise, as for a missing one), always as an
    attachment with the type read from its content and the safe name; a restricted or confidential document,
    or one on such a record, is logged."""

    model = Attachment

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        attachment = get_object_or_404(selectors.attachment_detail(user=request.user), pk=pk)
        return download_response(request.user, attachment, via="page")

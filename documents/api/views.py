"""Documents over the API: read-only (documents are filed from the records' pages), with the file through
``download``, which checks visibility as the page's download does."""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request

from shrhub.api.viewsets import DomainViewSet

from .. import filtersets, selectors
from ..downloads import download_response
from ..models import Attachment
from . import serializers


class AttachmentViewSet(DomainViewSet):
    """Documents on records (MoUs, minutes, legal summaries, clippings) the caller may see."""

    queryset = Attachment.objects.none()
    selector = selectors.attachment_list
    serializer_class = serializers.AttachmentSerializer
    prefetch = ("cleared_users",)
    filterset_class = filtersets.AttachmentFilterSet
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        responses={
            (200, "*/*"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file, as an attachment, with the type read from its content."
            )
        }
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        """The document's file."""
        attachment = self.get_object()
        assert isinstance(attachment, Attachment)
        return download_response(request.user, attachment, via="api")

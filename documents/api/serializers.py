"""The documents' API shape: what the page shows of a document, with the link to its file."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.reverse import reverse

from shrhub.api.serializers import CONFIDENTIALITY_FIELDS, META_FIELDS, ConfidentialSerializer, UserReferenceField

from ..models import TARGETS, Attachment


class AttachmentSerializer(ConfidentialSerializer):
    """A document: its record (one of the target fields is set), title, date, file name, the type read from its
    content, size and SHA-256, who uploaded it, and ``download``, the URL of the file (``…/download/``)."""

    uploaded_by = UserReferenceField(read_only=True, allow_null=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            *TARGETS,
            "title",
            "dated",
            "original_name",
            "media_type",
            "extension",
            "size",
            "sha256",
            "uploaded_by",
            "download",
            *CONFIDENTIALITY_FIELDS,
            *META_FIELDS,
        ]
        read_only_fields = fields

    def get_download(self, obj: Attachment) -> str:
        return reverse("attachment-download", args=[obj.pk], request=self.context.get("request"))

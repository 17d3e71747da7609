from __future__ import annotations

import factory
from django.core.files.base import ContentFile

from documents.models import Attachment
from tests.stakeholders.factories import EngagementFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A PDF on an engagement (pass ``engagement=None`` and another target to put it elsewhere)."""

    class Meta:
        model = Attachment

    engagement = factory.SubFactory(EngagementFactory)
    title = factory.Sequence(lambda n: f"Signed minutes {n}")
    original_name = "minutes.pdf"
    media_type = "application/pdf"
    extension = "pdf"
    size = len(PDF)
    sha256 = "0" * 64
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="minutes.pdf"))

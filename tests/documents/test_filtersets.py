"""Every filter of the documents' list (page and API: one FilterSet), with rows it keeps and rows it drops."""

from __future__ import annotations

import datetime

from documents.filtersets import AttachmentFilterSet
from shrhub.roles import Role
from tests.helpers.filters import FilterCase
from tests.stakeholders.factories import OrganisationFactory

from .factories import AttachmentFactory


class TestAttachmentFilters(FilterCase):
    basename = "attachment"
    filterset = AttachmentFilterSet

    def make(self, **kwargs):
        return AttachmentFactory(**kwargs)

    def make_found(self, word):
        return AttachmentFactory(title=f"Clipping about {word}")

    def test_record(self):
        on_engagement = self.make()
        on_stakeholder = self.make(engagement=None, stakeholder=OrganisationFactory())
        self.assert_keeps({"record": "stakeholder"}, [on_stakeholder], [on_engagement])

    def test_extension(self):
        pdf, text = self.make(), self.make(extension="txt", media_type="text/plain")
        self.assert_keeps({"extension": "txt"}, [text], [pdf])

    def test_uploaded_by(self, users):
        mine, other = self.make(uploaded_by=users[Role.SECURITY]), self.make()
        self.assert_keeps({"uploaded_by": users[Role.SECURITY].pk}, [mine], [other])

    def test_dated_after(self):
        old, new = self.make(dated=datetime.date(2025, 1, 5)), self.make(dated=datetime.date(2026, 5, 1))
        self.assert_keeps({"dated_after": "2026-01-01"}, [new], [old])

    def test_dated_before(self):
        old, new = self.make(dated=datetime.date(2025, 1, 5)), self.make(dated=datetime.date(2026, 5, 1))
        self.assert_keeps({"dated_before": "2026-01-01"}, [old], [new])

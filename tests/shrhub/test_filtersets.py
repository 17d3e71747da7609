"""Each filter of the jurisdiction FilterSet keeps the rows it must and drops the others (see
tests/helpers/filters.py)."""

from __future__ import annotations

from shrhub.jurisdictions import JurisdictionFilterSet
from tests.helpers.filters import FilterCase

from .factories import LocalityFactory, NationalFactory, RegionFactory


class TestJurisdictionFilters(FilterCase):
    basename = "jurisdiction"
    filterset = JurisdictionFilterSet

    def make(self, **kwargs):
        return RegionFactory(**kwargs)

    def make_found(self, word):
        return RegionFactory(name=f"{word.title()} Province")

    def test_level(self):
        region, locality = RegionFactory(), LocalityFactory()
        self.assert_keeps({"level": ["regional", "national"]}, [region, locality.parent, NationalFactory()], [locality])

    def test_parent(self):
        region = RegionFactory()
        child = LocalityFactory(parent=region)
        other = LocalityFactory()
        self.assert_keeps({"parent": region.pk}, [child], [other, region])  # children only, not the subtree

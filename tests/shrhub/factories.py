"""Factories for shared records."""

from __future__ import annotations

import factory

from shrhub.models import Jurisdiction, JurisdictionLevel


class NationalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction
        django_get_or_create = ("code",)

    name = "Republic of Varantia"
    code = "varantia"
    level = JurisdictionLevel.NATIONAL
    parent = None


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction

    name = factory.Sequence(lambda n: f"Region {n}")
    code = factory.Sequence(lambda n: f"region-{n}")
    level = JurisdictionLevel.REGIONAL
    parent = factory.SubFactory(NationalFactory)


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction

    name = factory.Sequence(lambda n: f"Locality {n}")
    code = factory.Sequence(lambda n: f"locality-{n}")
    level = JurisdictionLevel.LOCAL
    parent = factory.SubFactory(RegionFactory)

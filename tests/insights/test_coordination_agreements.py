"""The coordination view (1.1.c) shows agreements reached nationally that bodies below do not know of or
contradict — an app above `stakeholders` adds the section through the page-sections registry."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from commitments.models import Agreement, Rollout
from shrhub import clock
from shrhub.models import Confidentiality
from shrhub.registry import page_sections

pytestmark = [pytest.mark.django_db]


def mou(world, **extra) -> Agreement:
    return Agreement.objects.create(
        kind="security_mou",
        title=extra.pop("title", "MoU on the use of force"),
        made_on=clock.today() - datetime.timedelta(days=60),
        jurisdiction=world.nation,
        **{"status": "in_force", **extra},
    )


def test_national_agreements_unknown_or_contradicted_below_are_listed(world, client_for):
    known = mou(world, title="Known everywhere")
    Rollout.objects.create(agreement=known, body=world.regional, state="implementing", as_of=clock.today())
    unknown = mou(world, title="Nobody below knows it")
    contradicted = mou(world, title="Contradicted locally")
    Rollout.objects.create(agreement=contradicted, body=world.station1, state="contradicting", as_of=clock.today())
    mou(world, title="A draft", status="draft")
    page = client_for("manager").get(reverse("stakeholders:insights_coordination")).content.decode()
    section = page[page.index('id="agreement-gaps"') :]
    assert unknown.title in section and contradicted.title in section
    assert known.title not in section and "A draft" not in section
    assert world.station1.name in section[section.index(contradicted.title) :]


def test_a_region_sees_the_national_agreements_it_must_apply(world, client_for):
    national = mou(world, title="National MoU")
    Rollout.objects.create(agreement=national, body=world.regional, state="unaware", as_of=clock.today())
    page = (
        client_for("manager")
        .get(reverse("stakeholders:insights_coordination"), {"jurisdiction": world.region.pk})
        .content.decode()
    )
    assert "National MoU" in page[page.index('id="agreement-gaps"') :]


def test_hidden_agreements_and_bodies_stay_hidden(world, client_for, rf, django_user_model):
    mou(world, title="CANARY confidential MoU", confidentiality=Confidentiality.CONFIDENTIAL)
    page = client_for("manager").get(reverse("stakeholders:insights_coordination")).content.decode()
    assert "CANARY" not in page
    request = rf.get("/")
    request.user = django_user_model.objects.create(username="nobody")
    assert page_sections(request, "insights.coordination", scope=None) == []  # no right to agreements, no section

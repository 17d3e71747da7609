"""Factories for the follow-ups (fictional data only). They write rows directly, as fixtures; the rules under
test are exercised through the services."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from followups.models import FollowUp, FollowUpProgress, FollowUpStatus
from tests.stakeholders.factories import EngagementFactory


class OwnerFactory(factory.django.DjangoModelFactory):
    """A company staff member who owns follow-ups. ``OwnerFactory(role=Role.COMMUNITY)`` holds a page role, as
    an owner chosen on a page or through the API must (``assignable_users``); fixtures need none (and adding a
    role to a new account per row would reset the permission cache the query-count checks count)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"owner{n}")
    first_name = factory.Sequence(lambda n: f"Owner{n}")
    last_name = "Liaison"

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    engagement = factory.SubFactory(EngagementFactory)
    description = factory.Sequence(lambda n: f"Send the community the grievance procedure, copy {n}")
    owner = factory.SubFactory(OwnerFactory)
    due_on = datetime.date(2026, 4, 1)
    status = FollowUpStatus.OPEN
    closed_on = None


class FollowUpProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpProgress

    follow_up = factory.SubFactory(FollowUpFactory)
    note = factory.Sequence(lambda n: f"Called the village chief, round {n}")
    new_status = ""

"""A follow-up's free text that names a person is listed for redaction before that person's erasure, and
redacting it lets the erasure through."""

from __future__ import annotations

import pytest

from followups import services
from shrhub.roles import Role
from tests.stakeholders.factories import EngagementFactory, PersonFactory

from .factories import FollowUpFactory

pytestmark = pytest.mark.django_db

NAME = "Zorava Quillentine"
REASON = "Data subject's request of 2 December"


def test_a_follow_up_naming_the_person_waits_for_redaction(client_for, make_user):
    person = PersonFactory(name=NAME)
    item = FollowUpFactory(engagement=EngagementFactory(stakeholders=[person]), description="Send the minutes")
    services.followup_update(actor=make_user(Role.SECURITY), instance=item, description=f"Send {NAME} the minutes")
    admin = client_for(Role.ADMINISTRATOR)
    redact_url = f"/stakeholders/{person.pk}/erase/redact/followups.followup/{item.pk}/"
    assert redact_url.encode() in admin.get(f"/stakeholders/{person.pk}/erase/").content
    assert admin.post(f"/stakeholders/{person.pk}/erase/", {"reason": REASON}).status_code == 409
    assert admin.post(redact_url, {"description": "Send the chair the minutes"}).status_code == 302
    descriptions = list(item.history.values_list("description", flat=True))
    assert not any(NAME in text for text in descriptions)
    assert admin.post(f"/stakeholders/{person.pk}/erase/", {"reason": REASON}).status_code == 302

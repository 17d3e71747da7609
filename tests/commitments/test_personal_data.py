"""Free text of agreements, obligations, progress notes and roll-outs that names a person is listed for redaction
before that person's erasure, and redacting it lets the erasure through."""

from __future__ import annotations

import pytest

from commitments import services
from shrhub.roles import Role
from tests.stakeholders.factories import PersonFactory

from .factories import AgreementFactory, ObligationFactory, ObligationProgressFactory, RolloutFactory

pytestmark = pytest.mark.django_db

NAME = "Zorava Quillentine"
REASON = "Data subject's request of 2 December"


def test_texts_naming_the_person_wait_for_redaction(client_for, make_user):
    person = PersonFactory(name=NAME)
    actor = make_user(Role.SECURITY)
    agreement = AgreementFactory(parties=[person])
    services.agreement_update(actor=actor, instance=agreement, summary=f"{NAME} signs for the district.")
    item = ObligationFactory(agreement=agreement)
    services.obligation_update(actor=actor, instance=item, description=f"Brief {NAME} on the training plan")
    note = ObligationProgressFactory(obligation=item, note=f"Called {NAME}")
    rollout = RolloutFactory(agreement=agreement, evidence=f"Letter from {NAME}")
    admin = client_for(Role.ADMINISTRATOR)
    page = admin.get(f"/stakeholders/{person.pk}/erase/").content.decode()
    redactions = {
        "commitments.agreement": (agreement, {"summary": "The district commissioner signs for the district."}),
        "commitments.obligation": (item, {"description": "Brief the commissioner on the training plan"}),
        "commitments.obligationprogress": (note, {"note": "Called the commissioner"}),
        "commitments.rollout": (rollout, {"evidence": "Letter from the commissioner"}),
    }
    urls = {
        label: f"/stakeholders/{person.pk}/erase/redact/{label}/{obj.pk}/" for label, (obj, _) in redactions.items()
    }
    for url in urls.values():
        assert url in page
    assert admin.post(f"/stakeholders/{person.pk}/erase/", {"reason": REASON}).status_code == 409
    for label, (_record, values) in redactions.items():
        assert admin.post(urls[label], values).status_code == 302, label
    for obj, values in redactions.values():
        for field in values:
            assert not any(NAME in text for text in obj.history.values_list(field, flat=True))
    assert admin.post(f"/stakeholders/{person.pk}/erase/", {"reason": REASON}).status_code == 302

"""Two people edit the same assessment at once over two real database connections: one edit wins, the other
is refused as stale, nothing is half-written and the audit trail holds exactly one change."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from shrhub.roles import Role
from shrhub.services import StaleVersion
from stakeholders import services
from stakeholders.models import Assessment

from .factories import AssessmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_edits_of_one_assessment(make_user):
    assessment = AssessmentFactory(stance="neutral", notes="")
    actors = [make_user(Role.SECURITY), make_user(Role.SECURITY)]
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def edit(index: int) -> None:
        try:
            mine = Assessment.objects.get(pk=assessment.pk)  # this thread's own connection
            barrier.wait(timeout=10)
            services.assessment_update(
                actor=actors[index],
                instance=mine,
                expected_version=mine.version,
                stance=["champion", "spoiler"][index],
                notes=f"edit {index}",
            )
            outcomes[index] = "saved"
        except StaleVersion:
            outcomes[index] = "stale"
        except Exception as error:
            outcomes[index] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["saved", "stale"], outcomes
    winner = next(i for i, outcome in outcomes.items() if outcome == "saved")
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.version == assessment.version + 1
    assert stored.notes == f"edit {winner}"
    assert stored.stance == ["champion", "spoiler"][winner]
    changes = stored.history.filter(history_type="~", history_user=actors[winner])
    assert changes.count() == 1
    assert not stored.history.filter(history_user=actors[1 - winner]).exists()

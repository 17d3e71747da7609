"""Demo adoptions: the fictional country's operation has taken up part of the catalogue, nationally and in
its regions, at every stage (some overdue, some without an owner, some not reviewed for a long time), so that
the progress pages and warnings have something to show. Needs the catalogue (``load_catalogue``) first."""

from __future__ import annotations

import datetime
import random
from typing import Any

from shrhub import clock
from shrhub.demo import CHANGE_REASON
from shrhub.models import Jurisdiction, JurisdictionLevel
from shrhub.selectors import assignable_users
from shrhub.services import stamp_audit

from .choices import AdoptionStatus
from .models import Adoption, Practice

STATUSES = [
    AdoptionStatus.IMPLEMENTED,
    AdoptionStatus.IMPLEMENTED,
    AdoptionStatus.IN_PROGRESS,
    AdoptionStatus.IN_PROGRESS,
    AdoptionStatus.PLANNED,
    AdoptionStatus.NOT_STARTED,
    AdoptionStatus.NOT_APPLICABLE,
]
REASON = "No private security contractors operate here; the public forces are covered by the national plan."


def seed_adoptions(*, scale: int, rng: random.Random, stdout: Any) -> dict[str, int]:
    """Adoptions for each national and regional jurisdiction that has none yet."""
    practices = list(Practice.objects.filter(withdrawn=False).exclude(kind="case_study").order_by("id"))
    if not practices:
        stdout.write("practices: the catalogue is empty (run load_catalogue first); no demo adoptions.")
        return {"adoptions": 0}
    owners = list(assignable_users()[:5])
    today = clock.today()
    places = Jurisdiction.objects.filter(level__in=[JurisdictionLevel.NATIONAL, JurisdictionLevel.REGIONAL])
    taken = set(Adoption.objects.values_list("practice_id", "jurisdiction_id"))
    created = []
    for place in places.order_by("id"):
        if any(j == place.pk for _, j in taken):
            continue
        share = 12 if place.level == JurisdictionLevel.NATIONAL else 6
        for practice in rng.sample(practices, min(share, len(practices))):
            status = rng.choice(STATUSES)
            adoption = Adoption(
                practice=practice,
                jurisdiction=place,
                status=status,
                owner=rng.choice(owners) if owners and rng.random() < 0.8 else None,
                target_date=today + datetime.timedelta(days=rng.randint(-120, 240)),
                not_applicable_reason=REASON if status == AdoptionStatus.NOT_APPLICABLE else "",
                last_reviewed_on=today - datetime.timedelta(days=rng.randint(5, 300)) if rng.random() < 0.7 else None,
                notes="",
            )
            stamp_audit(adoption, None, CHANGE_REASON)
            adoption.full_clean()
            adoption.save()  # one at a time: a few dozen rows, each with its "created" audit entry
            created.append(adoption)
    return {"adoptions": len(created)}

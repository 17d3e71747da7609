"""What the adoption page suite (``test_views.py``) and API suite (``test_api.py``) share: the model, who writes
it, one record and rows for the constant-query checks."""

from __future__ import annotations

import datetime

from practices.models import Adoption
from shrhub.roles import Role
from tests.shrhub.factories import LocalityFactory

from .factories import AdoptionFactory

ADOPTION_WRITERS = frozenset({Role.MANAGER, Role.ADMINISTRATOR})


class AdoptionData:
    model = Adoption
    writers = ADOPTION_WRITERS

    def make_object(self):
        return AdoptionFactory()

    def make_rows(self, n):
        """Every other row overdue and without an owner (the list flags both), the others owned."""
        for index in range(n):
            if index % 2:
                AdoptionFactory(jurisdiction=LocalityFactory(), owner=None, target_date=datetime.date(2020, 1, 1))
            else:
                AdoptionFactory(jurisdiction=LocalityFactory())

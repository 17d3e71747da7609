"""What the follow-up page suite (``test_views.py``) and API suite (``test_api.py``) share: the model, who writes
and who deletes it, one record and rows for the constant-query checks (``MANY`` of them)."""

from __future__ import annotations

import datetime

from followups.models import FollowUp
from shrhub.roles import Role

from .factories import FollowUpFactory, FollowUpProgressFactory

# Who adds and changes follow-ups among the roles the suites log in as (the external-affairs role too, which the
# route table checks); only security staff and administrators delete them.
WRITERS = frozenset({Role.SECURITY, Role.COMMUNITY, Role.EXTERNAL, Role.MANAGER, Role.ADMINISTRATOR})
DELETERS = frozenset({Role.SECURITY, Role.ADMINISTRATOR})
MANY = 15


class FollowUpData:
    model = FollowUp
    writers = WRITERS
    deleters = DELETERS
    many = MANY

    def make_object(self):
        return FollowUpFactory()

    def make_rows(self, n):
        """Owned and with a progress note, overdue, or unowned and done (the tracker shows each kind)."""
        for index in range(n):
            if index % 3 == 0:
                FollowUpProgressFactory(follow_up=FollowUpFactory())
            elif index % 3 == 1:
                FollowUpFactory(due_on=datetime.date(2020, 3, 30))
            else:
                FollowUpFactory(owner=None, status="done", closed_on=datetime.date(2026, 3, 3))

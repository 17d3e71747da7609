"""Each filter of the follow-up FilterSets keeps the rows it must and drops the others (see
tests/helpers/filters.py)."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from followups.filtersets import FollowUpFilterSet, FollowUpProgressFilterSet
from shrhub.roles import Role
from tests.helpers.filters import FilterCase
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory

from .factories import FollowUpFactory, FollowUpProgressFactory, OwnerFactory

LONG_AGO = datetime.date(2020, 1, 1)
FAR_AHEAD = datetime.date(2099, 1, 1)
CLOSED = {"status": "done", "closed_on": datetime.date(2026, 3, 3)}


class TestFollowUpFilters(FilterCase):
    basename = "followup"
    filterset = FollowUpFilterSet

    def make(self, **kwargs):
        return FollowUpFactory(**kwargs)

    def make_found(self, word):
        return FollowUpFactory(description=f"Visit the {word} water point")

    def test_engagement(self):
        item, other = FollowUpFactory(), FollowUpFactory()
        self.assert_keeps({"engagement": item.engagement_id}, [item], [other])

    def test_stakeholder(self):
        council = OrganisationFactory()
        engagement = EngagementFactory(stakeholders=[council, OrganisationFactory()])
        item, other = FollowUpFactory(engagement=engagement), FollowUpFactory()
        self.assert_keeps({"stakeholder": council.pk}, [item], [other])

    def test_status(self):
        open_, done = FollowUpFactory(), FollowUpFactory(**CLOSED)
        dropped = FollowUpFactory(status="dropped", closed_on=datetime.date(2026, 3, 3))
        self.assert_keeps({"status": ["open", "done"]}, [open_, done], [dropped])

    def test_open(self):
        open_, going, done = FollowUpFactory(), FollowUpFactory(status="in_progress"), FollowUpFactory(**CLOSED)
        self.assert_keeps({"open": "true"}, [open_, going], [done])
        self.assert_keeps({"open": "false"}, [done], [open_, going])

    @pytest.mark.dates
    def test_overdue(self):
        late, due_later = FollowUpFactory(due_on=LONG_AGO), FollowUpFactory(due_on=FAR_AHEAD)
        late_but_done = FollowUpFactory(due_on=LONG_AGO, **CLOSED)
        self.assert_keeps({"overdue": "true"}, [late], [due_later, late_but_done])
        self.assert_keeps({"overdue": "false"}, [due_later, late_but_done], [late])

    def test_overdue_counts_from_today(self):
        """Due on the 10th: not overdue on the 10th itself, overdue from the 11th."""
        item = FollowUpFactory(due_on=datetime.date(2026, 5, 10))
        with time_machine.travel(datetime.datetime(2026, 5, 10, 12, tzinfo=datetime.UTC), tick=False):
            assert self.listed(overdue="true") == set()
        with time_machine.travel(datetime.datetime(2026, 5, 11, 12, tzinfo=datetime.UTC), tick=False):
            assert self.listed(overdue="true") == {item.pk}

    def test_owner(self):
        item, other, unowned = FollowUpFactory(), FollowUpFactory(), FollowUpFactory(owner=None)
        self.assert_keeps({"owner": item.owner_id}, [item], [other, unowned])

    def test_owner_names_an_active_account_only(self):
        gone = OwnerFactory(is_active=False)
        FollowUpFactory(owner=gone)
        response = self.client.get("/api/v1/follow-ups/", {"owner": gone.pk})
        assert response.status_code == 400

    def test_mine(self, users):
        me = users[self.role]
        mine, theirs, unowned = FollowUpFactory(owner=me), FollowUpFactory(), FollowUpFactory(owner=None)
        self.assert_keeps({"mine": "true"}, [mine], [theirs, unowned])
        self.assert_keeps({"mine": "false"}, [theirs, unowned], [mine])

    def test_owned(self):
        """``owned=false``: the follow-ups nobody is reminded of (the managers' warning links here)."""
        owned, unowned = FollowUpFactory(), FollowUpFactory(owner=None)
        self.assert_keeps({"owned": "false"}, [unowned], [owned])
        self.assert_keeps({"owned": "true"}, [owned], [unowned])

    def test_due_after(self):
        before, on, after = (FollowUpFactory(due_on=datetime.date(2026, 4, d)) for d in (1, 2, 3))
        self.assert_keeps({"due_after": "2026-04-02"}, [on, after], [before])

    def test_due_before(self):
        before, on, after = (FollowUpFactory(due_on=datetime.date(2026, 4, d)) for d in (1, 2, 3))
        self.assert_keeps({"due_before": "2026-04-02"}, [before, on], [after])


class TestFollowUpProgressFilters(FilterCase):
    basename = "followupprogress"
    filterset = FollowUpProgressFilterSet

    def make(self, **kwargs):
        return FollowUpProgressFactory(**kwargs)

    def make_found(self, word):
        return FollowUpProgressFactory(note=f"Met the {word} council")

    def test_follow_up(self):
        note, other = FollowUpProgressFactory(), FollowUpProgressFactory()
        self.assert_keeps({"follow_up": note.follow_up_id}, [note], [other])

    def test_engagement(self):
        note, other = FollowUpProgressFactory(), FollowUpProgressFactory()
        self.assert_keeps({"engagement": note.follow_up.engagement_id}, [note], [other])


@pytest.mark.django_db
def test_mine_is_the_requesting_users_own(api_client_for, users):
    """Two users asking for ``mine`` each get their own follow-ups."""
    a, b = users[Role.COMMUNITY], users[Role.SECURITY]
    item_a, item_b = FollowUpFactory(owner=a), FollowUpFactory(owner=b)
    for role, item in ((Role.COMMUNITY, item_a), (Role.SECURITY, item_b)):
        response = api_client_for(role).get("/api/v1/follow-ups/", {"mine": "true"})
        assert [row["id"] for row in response.json()["results"]] == [item.pk]

"""Per-filter tests in NetBox's ``test_filtersets.py`` style: for each filter of a FilterSet, rows the filter must
keep and rows it must drop, and an assertion of exactly which remain.

A test class sets ``basename`` (the API list it reads, which applies the FilterSet to the selector's queryset,
annotations included), ``filterset`` and implements ``make(**kwargs)`` (one row) and ``make_found(word)`` (one
row that a search for ``word`` finds); ``q`` and ``updated_since`` are tested here for every FilterSet, each
other filter by a ``test_<filter name>`` of the class. ``tests/test_filtersets_complete.py`` fails when a filter
has no test.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, ClassVar

import pytest
from django.urls import reverse

from shrhub.roles import Role

OLD = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


@pytest.mark.django_db
class FilterCase:
    basename: ClassVar[str]
    filterset: ClassVar[type]
    id_field: ClassVar[str] = "id"
    role: ClassVar[str] = Role.ADMINISTRATOR  # sees every level and may use every filter

    def make(self, **kwargs: Any) -> Any:
        raise NotImplementedError

    def make_found(self, word: str) -> Any:
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def _client(self, api_client_for) -> None:
        self.client = api_client_for(self.role)

    def listed(self, **params: Any) -> set:
        """The ids the list returns for ``params`` (a filter that refuses its value fails here, not silently)."""
        response = self.client.get(reverse(f"{self.basename}-list"), {**params, "page_size": 200})
        assert response.status_code == 200, response.json()
        return {row[self.id_field] for row in response.json()["results"]}

    def ids(self, rows: Iterable[Any]) -> set:
        return {getattr(row, "pk" if self.id_field == "id" else self.id_field) for row in rows}

    def assert_keeps(self, params: dict[str, Any], kept: Iterable[Any], dropped: Iterable[Any]) -> None:
        dropped = list(dropped)
        assert dropped, "a filter test must show a row the filter drops"
        assert self.listed(**params) == self.ids(kept), params

    def test_q(self):
        found = self.make_found("zanzibarite")
        other = self.make_found("quokkaland")
        self.assert_keeps({"q": "zanzibarite"}, [found], [other])

    def test_updated_since(self):
        old, new = self.make(), self.make()
        # every row but the new one as if last changed in 2020 (rows the factories made on the way included)
        type(old)._base_manager.exclude(pk=new.pk).update(updated_at=OLD)
        self.assert_keeps({"updated_since": "2021-01-01T00:00:00Z"}, [new], [old])

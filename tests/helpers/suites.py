"""Generic test suites: a model's tests supply data, these check its pages and endpoints.

A model's data is one mixin shared by its page and API suites (``tests/<app>/suite_data.py``): ``model``,
``writers`` (role names), ``make_object()`` and ``make_rows(n)``. A page suite adds ``url_prefix``
("stakeholders:stakeholder"), ``valid_form_data()`` and ``invalid_form_data()`` (returning
``(data, field_with_error)``); an API suite adds ``basename``, ``valid_api_data()`` and ``invalid_api_data()``.
``readers`` defaults to every role that uses pages (or the API); ``many`` is the number of rows the
constant-query check grows to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

from .queries import assert_constant_queries
from .roles import ANONYMOUS, API_READERS, PAGE_READERS, ROLES


def if_match(client, url: str, fallback: int | None = None) -> dict[str, str]:
    """``If-Match`` for a write of the record at ``url`` (API updates and deletes of versioned records require it),
    as a real client builds it: the ``ETag`` of a GET of the record. Where the GET is refused, ``fallback``
    (a version) if given. Use as ``client.patch(url, data, **if_match(client, url))``."""
    response = client.get(url)
    if response.status_code == 200:
        return {"HTTP_IF_MATCH": response["ETag"]}
    assert fallback is not None, f"GET {url}: {response.status_code}"
    return {"HTTP_IF_MATCH": f'"{fallback}"'}


def expected_page_status(role: str, allowed: frozenset[str] | set[str]) -> int:
    if role == ANONYMOUS:
        return 302
    return 200 if role in allowed else 403


def grow_history(obj: Any, n: int, change: Callable[[Any, int], None]) -> None:
    """``n`` more saves of ``obj``, each by a new user and after ``change(obj, index)``: its audit trail grows by
    ``n`` entries that name ``n`` more users (and whatever ``change`` points the record at)."""
    start = obj.history.count()
    for index in range(start, start + n):
        change(obj, index)
        obj._history_user = get_user_model().objects.create_user(username=f"history-{obj.pk}-{index}")
        obj.save()


def refused_role(allowed: frozenset[str] | set[str]) -> str:
    """One role the route refuses: a signed-in role outside ``allowed`` where there is one, else anonymous."""
    return next((role for role in ROLES if role not in allowed), ANONYMOUS)


# The role matrix (every role on every route) is the route table's (tests/test_route_access.py): the suites below
# prove what a route *does*, as one allowed role, and that one refused role gets the refusal and changes nothing.
ALLOWED, REFUSED = "allowed", "refused"
WHO = pytest.mark.parametrize("who", [ALLOWED, REFUSED])


@pytest.mark.django_db
class PageSuite:
    url_prefix: ClassVar[str]
    model: ClassVar[type]
    readers: ClassVar[frozenset[str]] = PAGE_READERS
    writers: ClassVar[frozenset[str]]
    creators: ClassVar[frozenset[str] | None] = None  # who may add; defaults to writers (who add and edit)
    deleters: ClassVar[frozenset[str] | None] = None  # defaults to writers
    has_delete: ClassVar[bool] = True
    many: ClassVar[int] = 12  # rows for the constant-query check

    # Data the subclass supplies ----------------------------------------------------------------------------
    def make_object(self) -> Any:
        raise NotImplementedError

    def make_rows(self, n: int) -> None:
        for _ in range(n):
            self.make_object()

    def valid_form_data(self) -> dict[str, Any]:
        raise NotImplementedError

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        raise NotImplementedError

    # Helpers ------------------------------------------------------------------------------------------------
    def url(self, action: str, *args: Any) -> str:
        return reverse(f"{self.url_prefix}_{action}", args=args)

    def grow_history(self, obj: Any, n: int) -> None:
        """Add ``n`` entries to ``obj``'s audit trail, each saved by another user (a suite may change related
        values too, so that each entry names other records)."""
        grow_history(obj, n, self.change_for_history)

    def change_for_history(self, obj: Any, index: int) -> None:
        """What each added history entry changes (defaults to nothing: a re-save)."""

    @staticmethod
    def role(who: str, allowed: frozenset[str]) -> str:
        return sorted(allowed)[0] if who == ALLOWED else refused_role(allowed)

    def get(self, client_for, who: str, allowed: frozenset[str], url: str):
        """GET ``url`` as the allowed or the refused role; a refusal must be the exact one (403, or the login page)."""
        role = self.role(who, allowed)
        response = client_for(role).get(url)
        assert response.status_code == expected_page_status(role, allowed), f"{role} GET {url}: {response.status_code}"
        if role == ANONYMOUS:
            assert response["Location"].startswith(reverse("login"))
        return response

    # Tests --------------------------------------------------------------------------------------------------
    @WHO
    def test_list_page(self, client_for, who):
        obj = self.make_object()
        response = self.get(client_for, who, self.readers, self.url("list"))
        if who == ALLOWED:
            assert obj.pk in [row.pk for row in response.context["object_list"]]

    @WHO
    def test_detail_page(self, client_for, who):
        obj = self.make_object()
        response = self.get(client_for, who, self.readers, self.url("detail", obj.pk))
        if who == ALLOWED:
            assert response.context["object"] == obj
            assert escape(str(obj)) in response.content.decode()

    @WHO
    def test_history_page(self, client_for, who):
        obj = self.make_object()
        response = self.get(client_for, who, self.readers, self.url("history", obj.pk))
        if who == ALLOWED:
            assert response.context["object"] == obj

    @WHO
    def test_add_page(self, client_for, who):
        response = self.get(client_for, who, self.creators or self.writers, self.url("add"))
        if who == ALLOWED:
            assert not response.context["form"].is_bound

    @WHO
    def test_edit_page(self, client_for, who):
        obj = self.make_object()
        response = self.get(client_for, who, self.writers, self.url("edit", obj.pk))
        if who == ALLOWED:
            assert response.context["form"].instance == obj

    @WHO
    def test_delete_page(self, client_for, who):
        if not self.has_delete:
            pytest.skip("this model has no delete page")
        obj = self.make_object()
        self.get(client_for, who, self.deleters or self.writers, self.url("delete", obj.pk))
        assert self.model.objects.filter(pk=obj.pk).exists()  # a GET never deletes

    @WHO
    def test_create_by_form(self, client_for, who):
        creators = self.creators or self.writers
        role = self.role(who, creators)
        data = self.valid_form_data()
        before = self.model.objects.count()
        response = client_for(role).post(self.url("add"), data)
        if who == ALLOWED:
            assert response.status_code == 302, response.content.decode()[:3000]
            assert self.model.objects.count() == before + 1
        else:
            assert response.status_code == expected_page_status(role, creators)
            assert self.model.objects.count() == before

    def test_invalid_form_shows_error_beside_field_and_writes_nothing(self, client_for):
        role = sorted(self.writers)[0]
        data, field = self.invalid_form_data()
        before = self.model.objects.count()
        response = client_for(role).post(self.url("add"), data)
        assert response.status_code == 400
        assert self.model.objects.count() == before
        form = response.context["form"]
        assert field in form.errors, form.errors
        if field != "__all__":  # a form-wide error is shown above the form, not beside a field
            assert f'id="id_{field}_errors"'.encode() in response.content

    def test_edit_records_history_with_author(self, client_for, users):
        role = sorted(self.writers)[0]
        obj = self.make_object()
        client = client_for(role)
        form = client.get(self.url("edit", obj.pk)).context["form"]
        data = {**{k: v for k, v in form.initial.items() if v is not None}, **self.edit_changes(obj, form)}
        data["version"] = obj.version
        response = client.post(self.url("edit", obj.pk), self.flatten(data))
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        latest = obj.history.order_by("-history_id").first()
        assert latest.history_user == users[role]

    def test_stale_edit_is_refused_and_keeps_the_draft(self, client_for):
        role = sorted(self.writers)[0]
        obj = self.make_object()
        client = client_for(role)
        form = client.get(self.url("edit", obj.pk)).context["form"]
        data = {**{k: v for k, v in form.initial.items() if v is not None}, **self.edit_changes(obj, form)}
        data["version"] = obj.version - 1 if obj.version > 1 else obj.version + 5
        response = client.post(self.url("edit", obj.pk), self.flatten(data))
        assert response.status_code == 400
        assert b"Someone else saved this record" in response.content

    def test_edit_without_version_is_refused(self, client_for):
        """An edit form posted without the version it was based on is refused, not applied over whatever is stored."""
        role = sorted(self.writers)[0]
        obj = self.make_object()
        client = client_for(role)
        form = client.get(self.url("edit", obj.pk)).context["form"]
        assert form["version"].value() == obj.version and form.fields["version"].widget.is_hidden
        data = {**{k: v for k, v in form.initial.items() if v is not None}, **self.edit_changes(obj, form)}
        data.pop("version", None)
        history = obj.history.count()
        response = client.post(self.url("edit", obj.pk), self.flatten(data))
        assert response.status_code == 400
        assert b"did not say which version" in response.content
        assert obj.history.count() == history
        obj.refresh_from_db()
        assert obj.version == form["version"].value()

    def test_delete_by_form(self, client_for):
        if not self.has_delete:
            pytest.skip("this model has no delete page")
        role = sorted(self.deleters or self.writers)[0]
        obj = self.make_object()
        response = client_for(role).post(self.url("delete", obj.pk))
        assert response.status_code == 302
        assert not self.model.objects.filter(pk=obj.pk).exists()

    def test_list_query_count_is_constant(self, client_for):
        client = client_for(sorted(self.readers)[0])
        assert_constant_queries(self.make_rows, lambda: client.get(self.url("list")), many=self.many)

    def test_history_page_query_count_is_constant(self, client_for):
        obj = self.make_object()
        client = client_for(sorted(self.readers)[0])
        url = self.url("history", obj.pk)
        assert_constant_queries(lambda n: self.grow_history(obj, n), lambda: client.get(url), many=self.many)
        assert len(client.get(url).context["entries"]) == obj.history.count() > self.many  # every entry is shown

    # Hooks ----------------------------------------------------------------------------------------------------
    def edit_changes(self, obj: Any, form) -> dict[str, Any]:
        """Field changes an edit makes (defaults to nothing: a re-save)."""
        return {}

    @staticmethod
    def flatten(data: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for key, value in data.items():
            if hasattr(value, "pk"):
                value = value.pk
            elif isinstance(value, list | tuple | set) or (hasattr(value, "__iter__") and not isinstance(value, str)):
                value = [getattr(v, "pk", v) for v in value]
            out[key] = value
        return out


@pytest.mark.django_db
class ApiSuite:
    basename: ClassVar[str]
    model: ClassVar[type]
    readers: ClassVar[frozenset[str]] = API_READERS
    writers: ClassVar[frozenset[str]]
    creators: ClassVar[frozenset[str] | None] = None  # who may add; defaults to writers
    deleters: ClassVar[frozenset[str] | None] = None  # who may delete; defaults to writers
    many: ClassVar[int] = 12  # rows for the constant-query check

    def make_object(self) -> Any:
        raise NotImplementedError

    def make_rows(self, n: int) -> None:
        for _ in range(n):
            self.make_object()

    def valid_api_data(self) -> dict[str, Any]:
        raise NotImplementedError

    def invalid_api_data(self) -> tuple[dict[str, Any], str]:
        raise NotImplementedError

    def url(self, action: str = "list", *args: Any) -> str:
        return reverse(f"{self.basename}-{action}", args=args)

    def grow_history(self, obj: Any, n: int) -> None:
        """Add ``n`` entries to ``obj``'s audit trail, each saved by another user (a suite may change related
        values too, so that each entry names other records)."""
        grow_history(obj, n, self.change_for_history)

    def change_for_history(self, obj: Any, index: int) -> None:
        """What each added history entry changes (defaults to nothing: a re-save)."""

    @staticmethod
    def expected(role: str, allowed) -> int:
        if role == ANONYMOUS:
            return 401
        return 0 if role in allowed else 403

    @staticmethod
    def role(who: str, allowed: frozenset[str]) -> str:
        return sorted(allowed)[0] if who == ALLOWED else refused_role(allowed)

    @WHO
    def test_list(self, api_client_for, who):
        obj = self.make_object()
        role = self.role(who, self.readers)
        response = api_client_for(role).get(self.url())
        if who == ALLOWED:
            assert response.status_code == 200
            assert obj.pk in [row["id"] for row in response.json()["results"]]
        else:
            assert response.status_code == self.expected(role, self.readers)

    @WHO
    def test_retrieve_and_history(self, api_client_for, who):
        obj = self.make_object()
        role = self.role(who, self.readers)
        client = api_client_for(role)
        response = client.get(self.url("detail", obj.pk))
        history = client.get(self.url("history", obj.pk))
        if who == ALLOWED:
            assert response.status_code == 200
            assert response.json()["id"] == obj.pk
            assert response["ETag"] == f'"{obj.version}"'
            assert history.status_code == 200
            assert history.json()[-1]["action"] == "created"  # newest first: the oldest entry is the creation
        else:
            assert response.status_code == self.expected(role, self.readers)
            assert history.status_code == self.expected(role, self.readers)

    @WHO
    def test_create(self, api_client_for, who):
        creators = self.creators or self.writers
        role = self.role(who, creators)
        data = self.valid_api_data()
        before = self.model.objects.count()
        response = api_client_for(role).post(self.url(), data, format="json")
        if who == ALLOWED:
            assert response.status_code == 201, response.json()
            assert self.model.objects.count() == before + 1
        else:
            assert response.status_code == self.expected(role, creators)
            assert self.model.objects.count() == before

    @staticmethod
    def if_match(client, url: str, obj: Any) -> dict[str, str]:
        """The ``If-Match`` header a client sends to change the record at ``url`` (see ``if_match``); the stored
        version where the client may not read it (its write is refused anyway)."""
        return if_match(client, url, fallback=obj.version)

    @WHO
    def test_delete(self, api_client_for, who):
        obj = self.make_object()
        deleters = self.deleters or self.writers
        role = self.role(who, deleters)
        client, url = api_client_for(role), self.url("detail", obj.pk)
        response = client.delete(url, **self.if_match(client, url, obj))
        if who == ALLOWED:
            assert response.status_code == 204
            assert not self.model.objects.filter(pk=obj.pk).exists()
        else:
            assert response.status_code == self.expected(role, deleters)
            assert self.model.objects.filter(pk=obj.pk).exists()

    def test_bad_input_answers_400_with_field_messages(self, api_client_for):
        data, field = self.invalid_api_data()
        before = self.model.objects.count()
        response = api_client_for(sorted(self.writers)[0]).post(self.url(), data, format="json")
        assert response.status_code == 400
        assert field in response.json(), response.json()
        assert self.model.objects.count() == before

    def test_stale_if_match_answers_412(self, api_client_for):
        obj = self.make_object()
        client = api_client_for(sorted(self.writers)[0])
        response = client.patch(self.url("detail", obj.pk), {}, format="json", HTTP_IF_MATCH=f'"{obj.version + 7}"')
        assert response.status_code == 412
        response = client.patch(self.url("detail", obj.pk), {}, format="json", HTTP_IF_MATCH=f'"{obj.version}"')
        assert response.status_code == 200
        assert response["ETag"] == f'"{obj.version + 1}"'

    @pytest.mark.parametrize("method", ["put", "patch", "delete"])
    @pytest.mark.parametrize("header", [None, "*"])
    def test_write_without_if_match_answers_428_and_changes_nothing(self, api_client_for, method, header):
        obj = self.make_object()
        client, url = api_client_for(sorted(self.writers)[0]), self.url("detail", obj.pk)
        before = client.get(url).json()
        extra = {} if header is None else {"HTTP_IF_MATCH": header}
        response = getattr(client, method)(url, before, format="json", **extra)
        assert response.status_code == 428, response.content
        assert "If-Match" in response.json()
        assert client.get(url).json() == before

    def test_stale_delete_answers_412_and_deletes_nothing(self, api_client_for):
        obj = self.make_object()
        client, url = api_client_for(sorted(self.writers)[0]), self.url("detail", obj.pk)
        response = client.delete(url, HTTP_IF_MATCH=f'"{obj.version + 7}"')
        assert response.status_code == 412
        assert self.model.objects.filter(pk=obj.pk).exists()

    def test_write_records_token_user_as_author(self, api_client_for, users):
        role = sorted(self.writers)[0]
        response = api_client_for(role).post(self.url(), self.valid_api_data(), format="json")
        assert response.status_code == 201, response.json()
        obj = self.model.objects.get(pk=response.json()["id"])
        assert obj.history.order_by("-history_id").first().history_user == users[role]

    def test_updated_since_filters(self, api_client_for):
        obj = self.make_object()
        client = api_client_for(sorted(self.readers)[0])
        later = client.get(self.url(), {"updated_since": "2999-01-01T00:00:00Z"}).json()["results"]
        earlier = client.get(self.url(), {"updated_since": "2000-01-01T00:00:00Z"}).json()["results"]
        assert later == []
        assert obj.pk in [row["id"] for row in earlier]
        assert client.get(self.url(), {"updated_since": "not-a-date"}).status_code == 400

    def test_list_query_count_is_constant(self, api_client_for):
        client = api_client_for(sorted(self.readers)[0])
        assert_constant_queries(self.make_rows, lambda: client.get(self.url()), many=self.many)

    def test_history_query_count_is_constant(self, api_client_for):
        obj = self.make_object()
        client = api_client_for(sorted(self.readers)[0])
        url = self.url("history", obj.pk)
        assert_constant_queries(lambda n: self.grow_history(obj, n), lambda: client.get(url), many=self.many)
        assert len(client.get(url).json()) == obj.history.count() > self.many  # every entry, unpaged

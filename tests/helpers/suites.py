"""Generic per-role test suites: a model's tests supply data, these check every page and endpoint.

A page suite subclass sets ``url_prefix`` ("stakeholders:stakeholder"), ``model``, ``readers``/``writers``
(role names) and implements ``make_object()``, ``make_rows(n)``, ``valid_form_data()`` and
``invalid_form_data()`` (returning ``(data, field_with_error)``). An API suite sets ``basename``
and implements ``make_object()``, ``make_rows(n)``, ``valid_api_data()`` and ``invalid_api_data()``.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.urls import reverse

from .queries import assert_constant_queries
from .roles import ANONYMOUS, EVERYONE


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


@pytest.mark.django_db
class PageSuite:
    url_prefix: ClassVar[str]
    model: ClassVar[type]
    readers: ClassVar[frozenset[str]]
    writers: ClassVar[frozenset[str]]
    deleters: ClassVar[frozenset[str] | None] = None  # defaults to writers
    has_delete: ClassVar[bool] = True

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

    def check(self, client, url: str, role: str, allowed, method: str = "get", data: dict | None = None):
        response = getattr(client, method)(url, data or {})
        expected = expected_page_status(role, allowed)
        if method == "post" and role in allowed:
            assert response.status_code in {200, 302, 400}, response.status_code
        else:
            assert response.status_code == expected, f"{role} {method} {url}: {response.status_code}"
        if role == ANONYMOUS:
            assert response["Location"].startswith(reverse("login"))
        return response

    # Tests --------------------------------------------------------------------------------------------------
    @pytest.mark.parametrize("role", EVERYONE)
    def test_list_page(self, client_for, role):
        self.make_object()
        self.check(client_for(role), self.url("list"), role, self.readers)

    @pytest.mark.parametrize("role", EVERYONE)
    def test_detail_page(self, client_for, role):
        obj = self.make_object()
        response = self.check(client_for(role), self.url("detail", obj.pk), role, self.readers)
        if role in self.readers:
            assert str(obj).split(" ")[0].encode() in response.content or response.status_code == 200

    @pytest.mark.parametrize("role", EVERYONE)
    def test_history_page(self, client_for, role):
        obj = self.make_object()
        self.check(client_for(role), self.url("history", obj.pk), role, self.readers)

    @pytest.mark.parametrize("role", EVERYONE)
    def test_add_page(self, client_for, role):
        self.check(client_for(role), self.url("add"), role, self.writers)

    @pytest.mark.parametrize("role", EVERYONE)
    def test_edit_page(self, client_for, role):
        obj = self.make_object()
        self.check(client_for(role), self.url("edit", obj.pk), role, self.writers)

    @pytest.mark.parametrize("role", EVERYONE)
    def test_delete_page(self, client_for, role):
        if not self.has_delete:
            pytest.skip("this model has no delete page")
        obj = self.make_object()
        self.check(client_for(role), self.url("delete", obj.pk), role, self.deleters or self.writers)

    @pytest.mark.parametrize("role", EVERYONE)
    def test_create_by_form(self, client_for, role):
        data = self.valid_form_data()
        before = self.model.objects.count()
        response = client_for(role).post(self.url("add"), data)
        if role in self.writers:
            assert response.status_code == 302, response.content.decode()[:3000]
            assert self.model.objects.count() == before + 1
        else:
            assert response.status_code == expected_page_status(role, self.writers)
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
        assert f'id="id_{field}_errors"'.encode() in response.content or field == "__all__"

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
        assert_constant_queries(self.make_rows, lambda: client.get(self.url("list")))

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
    readers: ClassVar[frozenset[str]]
    writers: ClassVar[frozenset[str]]

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

    @staticmethod
    def expected(role: str, allowed) -> int:
        if role == ANONYMOUS:
            return 401
        return 0 if role in allowed else 403

    @pytest.mark.parametrize("role", EVERYONE)
    def test_list(self, api_client_for, role):
        self.make_object()
        response = api_client_for(role).get(self.url())
        expected = self.expected(role, self.readers)
        if expected:
            assert response.status_code == expected
        else:
            assert response.status_code == 200
            assert len(response.json()["results"]) >= 1

    @pytest.mark.parametrize("role", EVERYONE)
    def test_retrieve_and_history(self, api_client_for, role):
        obj = self.make_object()
        client = api_client_for(role)
        response = client.get(self.url("detail", obj.pk))
        history = client.get(self.url("history", obj.pk))
        expected = self.expected(role, self.readers)
        if expected:
            assert response.status_code == expected
            assert history.status_code == expected
        else:
            assert response.status_code == 200
            assert response["ETag"] == f'"{obj.version}"'
            assert history.status_code == 200
            assert history.json()[0]["action"] in {"created", "changed"}

    @pytest.mark.parametrize("role", EVERYONE)
    def test_create(self, api_client_for, role):
        data = self.valid_api_data()
        before = self.model.objects.count()
        response = api_client_for(role).post(self.url(), data, format="json")
        expected = self.expected(role, self.writers)
        if expected:
            assert response.status_code == expected
            assert self.model.objects.count() == before
        else:
            assert response.status_code == 201, response.json()
            assert self.model.objects.count() == before + 1

    @staticmethod
    def if_match(client, url: str, obj: Any) -> dict[str, str]:
        """The ``If-Match`` header a client sends to change the record at ``url`` (see ``if_match``); the stored
        version where the client may not read it (its write is refused anyway)."""
        return if_match(client, url, fallback=obj.version)

    @pytest.mark.parametrize("role", EVERYONE)
    def test_delete(self, api_client_for, role):
        obj = self.make_object()
        client, url = api_client_for(role), self.url("detail", obj.pk)
        response = client.delete(url, **self.if_match(client, url, obj))
        expected = self.expected(role, self.writers)
        if expected:
            assert response.status_code == expected
            assert self.model.objects.filter(pk=obj.pk).exists()
        else:
            assert response.status_code == 204
            assert not self.model.objects.filter(pk=obj.pk).exists()

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
        assert_constant_queries(self.make_rows, lambda: client.get(self.url()))

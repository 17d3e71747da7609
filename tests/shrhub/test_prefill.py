"""Links pre-fill new records, but never who may read them: confidentiality and named users are not taken
from the query string on any add form, and an edit form ignores the query string altogether."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from shrhub.models import Confidentiality
from shrhub.roles import Role
from shrhub.views import ObjectEditView
from tests.stakeholders.factories import AssessmentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

SENSITIVE = ("confidentiality", "cleared_users")


def _edit_routes(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _edit_routes(entry, inner)
        elif isinstance(entry, URLPattern):
            view_class = getattr(entry.callback, "view_class", None)
            if view_class and issubclass(view_class, ObjectEditView) and entry.name:
                yield f"{namespace}{entry.name}", entry


def _add_routes_with_sensitive_fields() -> list[str]:
    """Every add page (an edit view without a pk) whose form asks who may read the record."""
    names = []
    for name, entry in _edit_routes():
        fields = entry.callback.view_class.form_class.base_fields
        if "pk" not in entry.pattern.regex.groupindex and any(field in fields for field in SENSITIVE):
            names.append(name)
    return sorted(set(names))


ADD_ROUTES = _add_routes_with_sensitive_fields()


def test_the_walk_finds_the_add_forms_that_ask_for_a_level():
    assert {"stakeholders:stakeholder_add", "stakeholders:assessment_add", "workinggroups:meeting_add"} <= set(
        ADD_ROUTES
    )


@pytest.mark.parametrize("route", ADD_ROUTES)
def test_add_form_takes_neither_level_nor_named_users_from_the_url(client_for, users, route):
    outsider = users[Role.COMMUNITY]
    response = client_for(Role.ADMINISTRATOR).get(
        reverse(route), {"confidentiality": Confidentiality.CONFIDENTIAL, "cleared_users": outsider.pk}
    )
    assert response.status_code == 200
    form = response.context["form"]
    for name in SENSITIVE:
        assert name not in form.initial, f"{route} pre-fills {name} from the URL"
    if "confidentiality" in form.fields:
        assert form["confidentiality"].value() != Confidentiality.CONFIDENTIAL
    if "cleared_users" in form.fields:
        assert str(outsider.pk) not in [str(v) for v in form["cleared_users"].value() or []]


def test_harmless_prefills_stay(client_for):
    stakeholder = OrganisationFactory()
    response = client_for(Role.SECURITY).get(reverse("stakeholders:assessment_add"), {"stakeholder": stakeholder.pk})
    assert str(response.context["form"]["stakeholder"].value()) == str(stakeholder.pk)


def test_edit_form_ignores_the_query_string(client_for):
    assessment = AssessmentFactory(confidentiality=Confidentiality.RESTRICTED)
    response = client_for(Role.ADMINISTRATOR).get(
        reverse("stakeholders:assessment_edit", args=[assessment.pk]), {"confidentiality": Confidentiality.INTERNAL}
    )
    assert response.context["form"]["confidentiality"].value() == Confidentiality.RESTRICTED

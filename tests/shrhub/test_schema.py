"""The OpenAPI schema is valid, warning-free and documents every route of the API router."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from config.api_urls import router
from shrhub.api.viewsets import DomainViewSet

ROOT = Path(__file__).resolve().parents[2]


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            str(target),
            "--settings",
            "config.settings.test",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    schema = yaml.safe_load(target.read_text())
    paths = set(schema["paths"])
    for prefix, viewset, _basename in router.registry:
        assert f"/api/v1/{prefix}/" in paths, prefix
        if issubclass(viewset, DomainViewSet):  # read-only reference data (the catalogue) keeps no audit trail
            assert f"/api/v1/{prefix}/{{id}}/history/" in paths, prefix


OTHER_HOST = re.compile(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)
ALLOWED_NAMESPACES = {"http://www.w3.org", "https://www.w3.org"}  # XML namespace names, never fetched


def other_hosts(text: str) -> set[str]:
    found = {m.group(0) for m in OTHER_HOST.finditer(text)}
    return {url for url in found if not any(url.startswith(ns) for ns in ALLOWED_NAMESPACES)}


@pytest.mark.django_db
def test_docs_are_served_without_a_cdn(client_for):
    html = client_for("manager").get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "the docs page loads something from another host"


@pytest.mark.django_db
def test_docs_page_and_its_settings_name_no_other_host(client_for):
    """The Swagger UI page and the script that starts it (with its settings) name no other host: no fonts, no
    logo, no validator badge (``validatorUrl`` off). ReDoc, whose bundle fetches a logo from
    cdn.redoc.ly whatever its settings, is not served."""
    client = client_for("manager")
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    script = client.get("/api/v1/docs/", {"script": ""})
    assert script.status_code == 200
    assert '"validatorUrl": null' in script.content.decode()
    for text in (page.content.decode(), script.content.decode()):
        assert not other_hosts(text), other_hosts(text)
    assert client.get("/api/v1/redoc/").status_code == 404


VERSIONED_WRITE_METHODS = ("put", "patch", "delete")


def test_every_versioned_write_documents_the_required_if_match_and_428():
    """Every update and delete of a versioned record (every DomainViewSet here) requires If-Match in the schema
    and documents 412 and 428; so does approving minutes. The schema comes from the same views that enforce it."""
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    checked = 0
    for prefix, viewset, _basename in router.registry:
        if not (issubclass(viewset, DomainViewSet) and viewset.is_versioned()):
            continue
        for method in VERSIONED_WRITE_METHODS:
            operation = paths.get(f"/api/v1/{prefix}/{{id}}/", {}).get(method)
            if operation is None:
                continue  # not offered (append-only records)
            header = next(p for p in operation["parameters"] if p["name"] == "If-Match")
            assert header["required"] is True, (prefix, method)
            assert "*" not in header["schema"]["pattern"], (prefix, method)
            assert {"400", "412", "428"} <= set(operation["responses"]), (prefix, method)
            checked += 1
    assert checked >= 3 * 15

"""Backups restore: every record and its history come back (portable export everywhere; pg_dump/pg_restore
on PostgreSQL). The commands are the ones docs/operations.md gives."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from documents.models import Attachment
from documents.services import attachment_create
from shrhub.roles import Role
from stakeholders import services
from tests.documents.factories import PDF
from tests.helpers.project import project_app_labels
from tests.stakeholders.factories import AssessmentFactory, EngagementFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def project_counts() -> dict[str, int]:
    """Rows per model of the project's apps, historical tables included."""
    return {
        model._meta.label: model._base_manager.count()
        for app in project_app_labels()
        for model in apps.get_app_config(app).get_models()
    }


def make_data(make_user) -> None:
    actor = make_user(Role.SECURITY)
    ministry = OrganisationFactory(name="Ministry of Backups")
    services.stakeholder_update(actor=actor, instance=ministry, mandate="Keeps copies")
    AssessmentFactory(stakeholder=ministry)
    EngagementFactory(stakeholders=[ministry])


def test_portable_export_restores_into_an_empty_database(make_user, tmp_path: Path):
    make_data(make_user)
    document = attachment_create(
        actor=None, record=EngagementFactory(), file=SimpleUploadedFile("minutes.pdf", PDF), title="Minutes"
    )
    before = project_counts()
    assert before["stakeholders.HistoricalStakeholder"] >= 2
    backup = tmp_path / "shrhub-backup.json.gz"
    call_command("backup_portable", str(backup))
    assert (tmp_path / "shrhub-backup.json.gz.files.tar").exists()
    call_command("flush", "--no-input", verbosity=0)
    document.file.storage.delete(document.file.name)  # a new machine: nothing stored yet
    assert project_counts()["stakeholders.Stakeholder"] == 0
    call_command("restore_portable", str(backup))
    assert project_counts() == before
    restored = Attachment.objects.get()
    with restored.file.open("rb") as stored:
        assert stored.read() == PDF


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump/pg_restore are PostgreSQL's own tools")
def test_pg_dump_restores_into_an_empty_database(make_user, tmp_path: Path):
    make_data(make_user)
    before = project_counts()
    settings = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": settings["HOST"] or "127.0.0.1",
        "PGPORT": str(settings["PORT"] or 5432),
        "PGUSER": settings["USER"] or "postgres",
    }
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    dump = tmp_path / "shrhub.dump"
    target = f"{settings['NAME']}_restore"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), settings["NAME"]], env=env, check=True)
    subprocess.run(["dropdb", "--if-exists", target], env=env, check=True, capture_output=True)
    subprocess.run(["createdb", target], env=env, check=True, capture_output=True)
    try:
        subprocess.run(["pg_restore", "--no-owner", "-d", target, str(dump)], env=env, check=True)
        import psycopg2

        restored = psycopg2.connect(
            dbname=target,
            host=env["PGHOST"],
            port=env["PGPORT"],
            user=env["PGUSER"],
            password=settings.get("PASSWORD") or None,
        )
        try:
            with restored.cursor() as cursor:
                after = {}
                for label in before:
                    table = apps.get_model(label)._meta.db_table
                    cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                    after[label] = cursor.fetchone()[0]
        finally:
            restored.close()  # `with connect()` only commits; dropdb needs the session gone
        assert after == before
    finally:
        subprocess.run(["dropdb", "--if-exists", target], env=env, check=True)

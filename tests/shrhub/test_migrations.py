"""Every data migration can be reversed, and migrating back and forward keeps the data it seeds."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython, RunSQL

from stakeholders.models import InformationSource, MandateArea, VulnerableGroup
from tests.helpers.project import project_app_labels

PROJECT_APPS = project_app_labels()


def project_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return [m for (app, _name), m in loader.disk_migrations.items() if app in PROJECT_APPS]


def test_every_data_migration_has_a_reverse():
    for migration in project_migrations():
        for operation in migration.operations:
            if isinstance(operation, RunPython | RunSQL):
                assert operation.reversible, f"{migration.app_label}.{migration.name} cannot be reversed"


def counts() -> dict[str, int]:
    return {
        "groups": Group.objects.count(),
        "vulnerable groups": VulnerableGroup.objects.count(),
        "sources": InformationSource.objects.count(),
        "mandate areas": MandateArea.objects.count(),
    }


@pytest.mark.django_db(transaction=True)
def test_back_to_zero_and_forward_again_keeps_the_seeded_data():
    before = counts()
    assert all(before.values())
    call_command("migrate", "workinggroups", "zero", verbosity=0)
    call_command("migrate", "stakeholders", "zero", verbosity=0)
    call_command("migrate", "stakeholders", verbosity=0)
    call_command("migrate", verbosity=0)
    assert counts() == before

"""The project's own apps, found from INSTALLED_APPS (every app whose code lives in this repository), so that a
new app joins the meta-tests (confidentiality, backups, migrations, the one clock) without anyone listing it."""

from __future__ import annotations

from pathlib import Path

from django.apps import AppConfig, apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR).resolve()


def project_app_configs() -> list[AppConfig]:
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(ROOT) and ".venv" not in Path(config.path).parts
    ]


def project_app_labels() -> set[str]:
    return {config.label for config in project_app_configs()}


def project_code_dirs() -> tuple[str, ...]:
    """Top-level folders holding the project's code and templates, relative to the repository's root."""
    apps_dirs = {Path(config.path).resolve().relative_to(ROOT).parts[0] for config in project_app_configs()}
    return tuple(sorted(apps_dirs | {"config", "templates"}))

"""Production settings refuse to start half-configured and pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OWN_VARIABLES = {
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "OTP_REQUIRED_ROLES",
    "EMAIL_URL",
    "ATTACHMENTS_ROOT",
    "ATTACHMENTS_S3_BUCKET",
}
VALID = {
    "SECRET_KEY": "a-production-secret-key-of-sufficient-length-and-entropy-0123456789",
    "ALLOWED_HOSTS": "shrhub.example.org",
    "DATABASE_URL": "postgres://shrhub@db.example.org:5432/shrhub",
    "REDIS_URL": "redis://redis.example.org:6379/0",
    "EMAIL_URL": "smtp://shrhub:secret@mail.example.org:587/?tls=True",
}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Nothing from the test process leaks in (e.g. DJANGO_ALLOW_ASYNC_UNSAFE set by the browser fixture).
    environment = {k: v for k, v in os.environ.items() if k not in OWN_VARIABLES}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="shrhub.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_refuses_to_start_on_sqlite():
    result = run_manage("check", **{**VALID, "DATABASE_URL": "sqlite:////tmp/shrhub.sqlite3"})
    assert result.returncode != 0
    assert "Production does not run on SQLite" in result.stderr


def test_production_refuses_to_start_without_database_url():
    result = run_manage("check", **{k: v for k, v in VALID.items() if k != "DATABASE_URL"})
    assert result.returncode != 0
    assert "Production does not run on SQLite" in result.stderr


def test_production_refuses_a_per_process_cache():
    """Without REDIS_URL the cache would be each worker's own memory: lockout and throttling counts and the
    role permission cache would not be shared."""
    result = run_manage("check", **{k: v for k, v in VALID.items() if k != "REDIS_URL"})
    assert result.returncode != 0
    assert "cache shared by every worker" in result.stderr
    assert "LocMemCache" in result.stderr


def test_production_refuses_to_start_without_mail():
    """Digests and reminders must leave: the console backend is for development."""
    result = run_manage("check", **{k: v for k, v in VALID.items() if k != "EMAIL_URL"})
    assert result.returncode != 0
    assert "EMAIL_URL must be set" in result.stderr


def test_mail_settings_come_from_email_url():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS)",
        **VALID,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.mail.backends.smtp.EmailBackend", "mail.example.org", "587", "True"]


def test_check_deploy_is_clean():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **VALID)
    assert result.returncode == 0, result.stdout + result.stderr


PRODUCTION_ENV = VALID


def test_production_requires_a_second_factor_of_managers_and_administrators_by_default():
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(sorted(settings.OTP_REQUIRED_ROLES))", **PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['administrator', 'manager']"


def test_an_unknown_role_in_otp_required_roles_stops_the_start():
    result = run_manage("check", OTP_REQUIRED_ROLES="managers", **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "shrhub.E001" in result.stderr and "managers" in result.stderr


def test_documents_are_stored_in_a_private_folder_or_an_s3_bucket_by_setting():
    show = (
        "from django.conf import settings as s; a = s.STORAGES['attachments']; "
        "print(a['BACKEND'], a['OPTIONS'].get('location') or a['OPTIONS'].get('bucket_name'), "
        "a['OPTIONS'].get('base_url'), a['OPTIONS'].get('default_acl'))"
    )
    local = run_manage("shell", "--no-imports", "-c", show, **VALID, ATTACHMENTS_ROOT="/srv/shrhub/attachments")
    assert local.returncode == 0, local.stderr
    assert local.stdout.split() == [
        "django.core.files.storage.FileSystemStorage",
        "/srv/shrhub/attachments",
        "None",  # no URL: the files are served by the download view only
        "None",
    ]


def test_an_s3_bucket_setting_stores_documents_privately_in_object_storage(monkeypatch):
    """(django-storages' S3 backend needs boto3, which a deployment using it installs: the settings only are read.)"""
    from config.settings.base import attachments_storage

    monkeypatch.setenv("ATTACHMENTS_S3_BUCKET", "shrhub-documents")
    monkeypatch.setenv("ATTACHMENTS_S3_ENDPOINT_URL", "https://s3.example.org")
    storage = attachments_storage()
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == ("shrhub-documents", "https://s3.example.org")
    assert (options["default_acl"], options["querystring_auth"], options["file_overwrite"]) == ("private", True, False)

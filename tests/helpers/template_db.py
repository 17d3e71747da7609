"""One migrated template database per checkout and migration state, cloned for every test run and worker.

Migrating from nothing renders the project state of every migration (about 90 seconds on SQLite here), and
``make test`` starts pytest five times with two workers each: before this, ten migrations per database. Now
the first worker to start builds a template under a file lock, names it by what it was built from (this
checkout's path, every migration file, the pinned packages of ``pyproject.toml``), and every worker of every
later run copies it: SQLite's backup API for a file, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL. The copy
is then opened the way ``--reuse-db`` opens a kept database: ``migrate`` finds nothing to apply and sends
``post_migrate``, so the roles, permissions and vocabularies the handlers keep are brought up to date even
when only their code changed.

A new migration, an edited one or a new package pin names a new template; the stale ones of the same
checkout are removed when it is built. A fresh clone (CI) always builds its own: the path is in the name.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE = "django.db.backends.sqlite3"


def migration_state_key() -> str:
    """A digest of what the migrated schema and seeded rows come from: every migration file of the project
    and the pinned packages (whose own migrations they bring)."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    files = [base / "pyproject.toml", *sorted(base.glob("*/migrations/*.py"))]
    for path in files:
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def checkout_key() -> str:
    """A short digest of this checkout's path: two checkouts on one machine never share a template."""
    return hashlib.sha256(str(Path(settings.BASE_DIR).resolve()).encode()).hexdigest()[:8]


@contextlib.contextmanager
def exclusive(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_file`` (workers of one run, and runs side by side, wait in turn)."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(connection: BaseDatabaseWrapper, name: str) -> None:
    """Create the test database ``name`` by migrating from nothing, then leave the connection as it was."""
    saved_name = connection.settings_dict["NAME"]
    saved_test_name = connection.settings_dict["TEST"].get("NAME")
    connection.settings_dict["TEST"]["NAME"] = name
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = saved_name
        settings.DATABASES[connection.alias]["NAME"] = saved_name
        connection.settings_dict["TEST"]["NAME"] = saved_test_name


# SQLite: files beside the test databases ----------------------------------------------------------------------


def _sqlite_template(connection: BaseDatabaseWrapper) -> Path:
    folder = Path(connection.creation._get_test_db_name()).parent
    return folder / f"shrhub-template-{checkout_key()}-{migration_state_key()}.sqlite3"


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy a database file through SQLite's backup API (a WAL file, if any, comes along)."""
    for leftover in (target, target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
        leftover.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(source)) as origin, contextlib.closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)


def _prepare_sqlite(connection: BaseDatabaseWrapper) -> None:
    template = _sqlite_template(connection)
    with exclusive(template.with_name(f"shrhub-template-{checkout_key()}.lock")):
        if not template.exists():
            building = template.with_suffix(".building")
            build(connection, str(building))
            _sqlite_copy(building, template)
            building.unlink()
            for stale in template.parent.glob(f"shrhub-template-{checkout_key()}-*.sqlite3"):
                if stale != template:
                    stale.unlink(missing_ok=True)
        _sqlite_copy(template, Path(connection.creation._get_test_db_name()))


# PostgreSQL: template databases on the server --------------------------------------------------------------------


def _quote(connection: BaseDatabaseWrapper, name: str) -> str:
    return connection.ops.quote_name(name)


def _database_names(connection: BaseDatabaseWrapper, prefix: str) -> list[str]:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix + "%"])
        return [row[0] for row in cursor.fetchall()]


def _prepare_postgresql(connection: BaseDatabaseWrapper) -> None:
    prefix = f"shrhub_tpl_{checkout_key()}_"
    template = prefix + migration_state_key()
    lock = Path(tempfile.gettempdir()) / f"{prefix}lock"
    with exclusive(lock):
        existing = _database_names(connection, prefix)
        if template not in existing:
            building = template + "_building"
            build(connection, building)
            with connection._nodb_cursor() as cursor:
                renamed = f"{_quote(connection, building)} RENAME TO {_quote(connection, template)}"
                cursor.execute(f"ALTER DATABASE {renamed}")
                for stale in existing:
                    with contextlib.suppress(Exception):  # a template another run still copies from
                        cursor.execute(f"DROP DATABASE IF EXISTS {_quote(connection, stale)}")
        target = connection.creation._get_test_db_name()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {_quote(connection, target)}")
            cursor.execute(f"CREATE DATABASE {_quote(connection, target)} WITH TEMPLATE {_quote(connection, template)}")


def prepare_test_databases() -> None:
    """Make every configured database's test database exist as a copy of the current template (built first
    if need be). The caller then opens them with ``keepdb=True``."""
    for connection in connections.all():
        engine = connection.settings_dict["ENGINE"]
        if engine == SQLITE:
            _prepare_sqlite(connection)
        elif engine.startswith("django.db.backends.postgresql"):
            _prepare_postgresql(connection)

"""Background work of the foundation app, on Django's tasks API (run by ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def write_export_job(job_id: int) -> str:
    """Write a long list's export (``shrhub.list_exports.run_export_job``)."""
    from .list_exports import run_export_job

    return run_export_job(job_id)


@task()
def work_on_import_batch(batch_id: int, language: str = "") -> str:
    """Check, import or undo a long import batch (``shrhub.imports.runner.perform``), in the language of the page
    that asked."""
    from .imports.runner import perform

    return perform(batch_id, language or None)

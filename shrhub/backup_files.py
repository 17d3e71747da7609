"""The files records point at (a document's file), beside a portable backup: ``<backup>.files.tar``.

Every model's ``FileField`` is found, not listed, so an app that adds files is backed up without touching this. Each
file is read and written through its field's storage (local folder or object storage alike) and kept in the archive
as ``<app_label.model>/<field>/<stored name>``; a restore writes each back under the same name in the same storage,
so the restored rows find their files.
"""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models


def files_path(backup: str | Path) -> Path:
    return Path(f"{backup}.files.tar")


def file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in apps.get_models():
        if getattr(model, "transient_files", False):  # a download waiting for its user (an export)
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def write_files(backup: str | Path) -> int:
    """Archive every stored file rows point at; returns how many (no archive when there are none)."""
    count = 0
    target = files_path(backup)
    with tarfile.open(target, "w") as archive:
        for model, field in file_fields():
            names = model._base_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
            for name in names.iterator():
                with field.storage.open(name, "rb") as stored:
                    data = stored.read()
                info = tarfile.TarInfo(f"{model._meta.label_lower}/{field.name}/{name}")
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
                count += 1
    if count == 0:
        target.unlink()
    return count


def read_files(backup: str | Path) -> int:
    """Put back every file of ``<backup>.files.tar`` (if there is one) under its name; returns how many."""
    source = files_path(backup)
    if not source.exists():
        return 0
    count = 0
    with tarfile.open(source, "r") as archive:
        for member in archive.getmembers():
            if not member.isfile():
                continue
            label, field_name, name = member.name.split("/", 2)
            field = apps.get_model(label)._meta.get_field(field_name)
            assert isinstance(field, models.FileField)
            extracted = archive.extractfile(member)
            assert extracted is not None
            if field.storage.exists(name):
                field.storage.delete(name)
            saved = field.storage.save(name, ContentFile(extracted.read()))
            if saved != name:
                raise ValueError(f"{name} was restored as {saved}")
            count += 1
    return count

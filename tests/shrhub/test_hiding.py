"""Confidentiality by construction: every relation to a record that can be hidden declares what happens to it.

A model that points (foreign key, one-to-one or many-to-many) at a model whose rows can be hidden — a
``ConfidentialModel``, or one that itself hides with such a record — must declare, for that relation, one of:

- ``hides_with``: the row is hidden whenever the related record is (``shrhub.models.visibility_q``);
- ``masked_links``: the row stays visible, the link is shown only to those who may see its target and is
  kept as it is by edits of those who may not (``shrhub.hiding``);
- ``visibility_exempt = {"field": "why"}``: an explicit, explained exemption.

A new model or relation that declares nothing fails here, before it can leak.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from shrhub.models import ConfidentialModel, visibility_q
from stakeholders.models import Position
from tests.helpers.project import project_app_labels

PROJECT_APPS = project_app_labels()


def project_models() -> list[type[models.Model]]:
    """The project's own models, without the audit trail's copies (read only through ``shrhub.audit``, which
    shows each value as its reader may see it) and without many-to-many link tables (their owner declares)."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and not model.__name__.startswith("Historical")
        and not model._meta.auto_created
    ]


def can_hide(model: type[models.Model]) -> bool:
    """Whether some rows of ``model`` can be hidden from a reader whose role may read the model."""
    return (
        issubclass(model, ConfidentialModel)
        or bool(getattr(model, "hides_with", ()))
        or getattr(model, "related_visibility", None) is not None
    )


def undeclared_relations(candidates: list[type[models.Model]]) -> list[str]:
    """``Model.field → Target`` for each relation to a model that can hide, declared nowhere."""
    found = []
    for model in candidates:
        declared = {path.split("__")[0] for path in getattr(model, "hides_with", ())}
        declared |= set(getattr(model, "masked_links", ()))
        declared |= set(getattr(model, "visibility_exempt", {}))
        for field in model._meta.get_fields():
            if not field.is_relation or field.auto_created or not (field.concrete or field.many_to_many):
                continue
            if can_hide(field.related_model) and field.name not in declared:
                found.append(f"{model.__name__}.{field.name} → {field.related_model.__name__}")
    return found


def test_every_relation_to_a_record_that_can_hide_declares_how_it_hides():
    missing = undeclared_relations(project_models())
    assert not missing, "Declare hides_with, masked_links or visibility_exempt for: " + ", ".join(missing)


def test_the_check_catches_an_undeclared_relation(monkeypatch):
    """The meta-test can fail: an office that forgot how it hides with its organisation is reported."""
    monkeypatch.setattr(Position, "hides_with", ())
    assert "Position.organisation → Stakeholder" in undeclared_relations([Position])


def test_declarations_name_real_relations():
    for model in project_models():
        names = {f.name for f in model._meta.get_fields()}
        for name in (*getattr(model, "masked_links", ()), *getattr(model, "visibility_exempt", {})):
            assert name in names, f"{model.__name__} declares {name!r}, which is not one of its fields"
        for reason in getattr(model, "visibility_exempt", {}).values():
            assert len(reason) > 20, f"{model.__name__}: say why the exemption is safe"


@pytest.mark.django_db
def test_hides_with_paths_follow_foreign_keys(users):
    """``visibility_q`` resolves every declared path for every role (a typo raises here, not in production)."""
    for model in project_models():
        for user in users.values():
            visibility_q(model, user)

"""Writes to adoptions: validated, atomic, versioned and audited with their author. Pages and the API call
these; the catalogue itself is written only by ``load_catalogue`` (see ``practices.catalogue``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shrhub import clock
from shrhub.services import delete_object, save_object
from shrhub.types import AnyUser

from .models import Adoption

DUPLICATE = _("This practice already has an adoption for this jurisdiction.")


def adoption_check_one_per_place(adoption: Adoption) -> None:
    """One adoption per practice and jurisdiction, reported on the jurisdiction field (``ValidationError``)."""
    if not (adoption.practice_id and adoption.jurisdiction_id):
        return
    others = Adoption.objects.filter(practice_id=adoption.practice_id, jurisdiction_id=adoption.jurisdiction_id)
    if adoption.pk is not None:
        others = others.exclude(pk=adoption.pk)
    if others.exists():
        raise ValidationError({"jurisdiction": DUPLICATE})


WITHDRAWN = _("This practice is no longer in the catalogue.")


def adoption_check_practice_current(adoption: Adoption, *, was: int | None = None) -> None:
    """A practice withdrawn from the catalogue is taken up by no new adoption, and no adoption moves onto it;
    an adoption already on it (``was``: its stored practice) keeps it. Reported on the practice field."""
    if adoption.practice_id and adoption.practice_id != was and adoption.practice.withdrawn:
        raise ValidationError({"practice": WITHDRAWN})


def adoption_create(*, actor: AnyUser, **data: Any) -> Adoption:
    """Take a practice up for a jurisdiction. Refused for a practice withdrawn from the catalogue, for a
    second adoption of the same practice in the same place, and for "not applicable" without a reason."""
    adoption = Adoption(**{k: v for k, v in data.items() if k in {"practice", "jurisdiction"}})
    adoption_check_practice_current(adoption)
    adoption_check_one_per_place(adoption)
    return save_object(adoption, actor=actor, data=data)


def adoption_update(
    *, actor: AnyUser, instance: Adoption, expected_version: int | None = None, **data: Any
) -> Adoption:
    """Change an adoption, by the same rules as ``adoption_create`` (an adoption keeps a practice that was
    withdrawn since, but none moves onto one); an edit based on an older version is refused (``StaleVersion``)."""
    stored_practice = Adoption.objects.filter(pk=instance.pk).values_list("practice_id", flat=True).first()
    for name in ("practice", "jurisdiction"):
        if name in data:
            setattr(instance, name, data[name])
    adoption_check_practice_current(instance, was=stored_practice)
    adoption_check_one_per_place(instance)
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


def adoption_mark_reviewed(
    *, actor: AnyUser, instance: Adoption, on: datetime.date | None = None, expected_version: int | None = None
) -> Adoption:
    """Record that the adoption was reviewed (today unless ``on`` says otherwise)."""
    on = on or clock.today()
    return save_object(
        instance, actor=actor, data={"last_reviewed_on": on}, expected_version=expected_version, reason="Reviewed"
    )


def adoption_delete(*, actor: AnyUser, instance: Adoption) -> None:
    """Delete an adoption; its audit trail is kept."""
    delete_object(instance, actor=actor)

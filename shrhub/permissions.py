"""Keeps each role's group in step with ``shrhub.roles.ROLE_PERMISSIONS``."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from .roles import ROLE_PERMISSIONS, Role, expand


def sync_role_permissions(**kwargs: Any) -> None:
    """Create the role groups if missing and set exactly the permissions the table grants."""
    using = kwargs.get("using", "default")
    labels = [m._meta.label_lower for m in apps.get_models()]
    by_key = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.using(using).select_related("content_type")
    }
    for role in Role.values:
        group, _ = Group.objects.using(using).get_or_create(name=role)
        if role not in ROLE_PERMISSIONS:
            continue
        wanted = [by_key[key] for key in sorted(expand(role, labels)) if key in by_key]
        group.permissions.set(wanted)

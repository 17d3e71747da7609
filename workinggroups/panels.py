"""The working groups' panel on the start page: overdue meetings and actions, coming meetings."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from shrhub.registry import Panel

from . import selectors


def workinggroup_panels(request: HttpRequest) -> list[Panel]:
    """One panel for users who may view working groups; nothing for the others."""
    user = request.user
    if not user.has_perm("workinggroups.view_workinggroup"):
        return []
    context = selectors.overdue_overview(user=user)
    return [Panel(_("Working groups"), "workinggroups/panels/overview.html", context, order=30)]

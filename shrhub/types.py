"""Type names the apps share, for annotations only (nothing here runs a query or imports a model)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django_htmx.middleware import HtmxDetails

# Whom a read is filtered for or a write is made by: a user account, or the anonymous visitor (who sees nothing).
AnyUser: TypeAlias = "User | AnonymousUser"


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (every request does: see the settings)."""

    htmx: HtmxDetails

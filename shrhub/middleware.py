"""Nothing but the login page, its language switcher and the health check is open to anonymous visitors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .roles import can_use_pages

OPEN_PREFIXES = ("/accounts/login/", "/accounts/language/", "/health/", "/" + settings.STATIC_URL.lstrip("/"))
API_PREFIX = "/api/"
API_PAGES = ("/api/v1/docs/",)  # browsable pages: people log in like anywhere else


class LoginRequiredMiddleware:
    """Anonymous page requests go to the login page; API requests are left to DRF (401/403).

    API-only users (the integration role) are refused the pages.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        path = request.path_info
        if path.startswith(OPEN_PREFIXES) or (path.startswith(API_PREFIX) and not path.startswith(API_PAGES)):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if path == "/accounts/logout/":
            return None
        if not can_use_pages(request.user):
            raise PermissionDenied(_("This account is for the API only."))
        return None

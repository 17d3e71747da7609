"""Navigation: each app's entries, shown only to users whose role may view them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NAVIGATION: list[tuple[StrOrPromise, list[tuple[StrOrPromise, str, str]]]] = []


def register_navigation(section: StrOrPromise, entries: list[tuple[StrOrPromise, str, str]]) -> None:
    """Apps add their menu section in ``AppConfig.ready()``."""
    for name, existing in NAVIGATION:
        if name == section:
            existing.extend(entry for entry in entries if entry not in existing)
            return
    NAVIGATION.append((section, list(entries)))


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    from .two_factor import verification_pending

    if verification_pending(user):
        # Held at the code step or at enrolment: no menu leads anywhere else yet.
        return {"navigation": [], "two_factor_pending": True}
    sections = []
    for section, entries in NAVIGATION:
        visible = [(label, url) for label, url, perm in entries if user.has_perm(perm)]
        if visible:
            sections.append((section, visible))
    return {"navigation": sections}

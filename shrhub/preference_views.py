"""Every user's own language and time zone: the preferences page, and the language switcher in the menu and on
the login page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .forms import PreferencesForm
from .models import signed_in_account
from .preferences import language_codes, preferences_of, save_language, save_preferences, set_language_cookie


@never_cache
def preferences_page(request: HttpRequest) -> HttpResponse:
    """The user's language and time zone, kept for every session and for the e-mails they receive."""
    user = signed_in_account(request.user)
    preferences = preferences_of(user)
    form = PreferencesForm(request.POST or None, instance=preferences)
    if request.method == "POST" and form.is_valid():
        chosen = save_preferences(
            request,
            user,
            language=form.cleaned_data["language"],
            time_zone=form.cleaned_data["time_zone"],
            function=form.cleaned_data["function"],
        )
        language = chosen.language or translation.get_language_from_request(request)
        translation.activate(language)
        messages.success(request, _("Your preferences are saved."))
        response = HttpResponseRedirect(reverse("preferences"))
        if chosen.language:
            set_language_cookie(response, chosen.language)
        return response
    status = 400 if form.errors else 200
    return render(request, "shrhub/preferences.html", {"form": form}, status=status)


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """The switcher: remembers the language (on the user when logged in, in a cookie either way) and goes back
    to the page it was used on."""
    language = request.POST.get("language", "")
    if language not in language_codes():
        return HttpResponseBadRequest(_("Unknown language."))
    save_language(request, language)
    response = HttpResponseRedirect(_safe_next(request))
    set_language_cookie(response, language)
    return response


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home") if request.user.is_authenticated else reverse(settings.LOGIN_URL)

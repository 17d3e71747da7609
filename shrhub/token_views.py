"""Administrators manage integration tokens: issue (the key is shown once), see last use, revoke."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .forms import style
from .models import ApiToken
from .tokens import issue_token, revoke_token


class IssueTokenForm(forms.Form):
    user = forms.ModelChoiceField(queryset=get_user_model().objects.filter(is_active=True).order_by("username"))
    name = forms.CharField(max_length=100, help_text=_("What the token is for, e.g. 'GIS sync'."))
    days = forms.IntegerField(min_value=1, max_value=366, initial=90, label=_("Valid for (days)"))
    can_write = forms.BooleanField(required=False, label=_("Allow writes (still limited by the user's role)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style(field)


def _require(request: HttpRequest, action: str) -> None:
    if not request.user.has_perm(f"shrhub.{action}_apitoken"):
        raise PermissionDenied


@never_cache
def token_list(request: HttpRequest) -> HttpResponse:
    """All tokens with their status and last use, and the form to issue one."""
    _require(request, "view")
    form = IssueTokenForm()
    raw_key = None
    status = 200
    if request.method == "POST":
        _require(request, "add")
        form = IssueTokenForm(request.POST)
        if form.is_valid():
            token, raw_key = issue_token(created_by=request.user, **form.cleaned_data)
            messages.success(
                request,
                gettext("Token “%(name)s” issued. Copy the key now: it is not shown again.") % {"name": token.name},
            )
            form = IssueTokenForm()
        else:
            status = 400
    tokens = ApiToken.objects.select_related("user", "created_by")
    return render(
        request, "shrhub/token_list.html", {"tokens": tokens, "form": form, "raw_key": raw_key}, status=status
    )


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "change")
    token = get_object_or_404(ApiToken, pk=pk)
    revoke_token(token)
    messages.success(request, gettext("Token “%(name)s” revoked.") % {"name": token.name})
    return HttpResponseRedirect(reverse("token_list"))

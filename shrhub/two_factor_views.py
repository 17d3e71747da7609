"""Pages of two-factor authentication: the code step after the password, enrolment with a QR code, the user's
own page (status, new recovery codes, removal with a current code), and the administrators' list and reset."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import style
from .models import signed_in_account
from .roles import Role
from .two_factor import (
    ENROL,
    RECOVERY_CODE_COUNT,
    VERIFY,
    check_code,
    has_second_factor,
    mark_verified,
    recovery_codes_left,
    recovery_codes_regenerate,
    second_factor_remove,
    second_factor_required,
    totp_confirm,
    totp_device_pending,
    totp_qr_svg,
    totp_secret_display,
    verification_pending,
)

RESET_PERMISSION = "auth.change_user"


class CodeForm(forms.Form):
    """One code: the authenticator app's current one, or a recovery code. Checked with the login lockout."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.device = None
        style(self.fields["code"])

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        self.device, error = check_code(self.request, signed_in_account(self.request.user), code)
        if error:
            raise forms.ValidationError(error, code="wrong")
        return code


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        help_text=_("After adding SHR Hub to your app, type the 6-digit code it shows."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self.fields["code"])


class ResetForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=150,
        help_text=_("Why the second factor is reset (e.g. 'phone lost, identity checked in person'). Logged."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self.fields["reason"])


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


# The user's own pages -------------------------------------------------------------------------------------------


@never_cache
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of logging in: a code from the app or a recovery code. Wrong codes count towards the lockout."""
    step = verification_pending(request.user)
    if step == ENROL:
        return HttpResponseRedirect(reverse("two_factor_enrol"))
    if step != VERIFY:
        return HttpResponseRedirect(_next_url(request))
    form = CodeForm(request.POST or None, request=request)
    if request.method == "POST":
        if form.is_valid():
            mark_verified(request, form.device)
            if isinstance(form.device, StaticDevice):
                left = recovery_codes_left(request.user)
                messages.warning(
                    request,
                    gettext(
                        "You logged in with a recovery code; %(left)d left. If your phone is lost, remove the app on "
                        "your Two-factor authentication page and enrol again; it also gives you new codes."
                    )
                    % {"left": left},
                )
            return HttpResponseRedirect(_next_url(request))
        status = 400
    else:
        status = 200
    return render(request, "shrhub/two_factor_verify.html", {"form": form, "next": _next_url(request)}, status=status)


@never_cache
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code; the recovery codes
    are shown once on success."""
    if has_second_factor(request.user):
        messages.info(request, gettext("You already have a second factor. Remove it first to enrol a new app."))
        return HttpResponseRedirect(reverse("two_factor"))
    device = totp_device_pending(request.user)
    form = EnrolForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            codes = totp_confirm(actor=request.user, device=device, code=form.cleaned_data["code"])
            if codes is not None:
                mark_verified(request, device)
                context = {"codes": codes, "enrolled": True, "next": _next_url(request)}
                return render(request, "shrhub/two_factor_codes.html", context)
            form.add_error(
                "code", gettext("This code is not right. Check the time on your phone and type the code shown now.")
            )
    context = {
        "form": form,
        "qr_svg": totp_qr_svg(device),
        "secret": totp_secret_display(device),
        "required": second_factor_required(request.user),
        "next": _next_url(request),
    }
    return render(request, "shrhub/two_factor_enrol.html", context, status=status)


@never_cache
def two_factor_status(request: HttpRequest) -> HttpResponse:
    """The user's own page: whether a second factor is set up, how many recovery codes are left, and the actions."""
    device = TOTPDevice.objects.filter(user_id=request.user.pk, confirmed=True).first()
    context = {
        "device": device,
        "codes_left": recovery_codes_left(request.user) if device else 0,
        "code_count": RECOVERY_CODE_COUNT,
        "required": second_factor_required(request.user),
    }
    return render(request, "shrhub/two_factor.html", context)


@require_POST
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), shown once."""
    if not has_second_factor(request.user):
        messages.error(request, gettext("Set up an authenticator app first: recovery codes come with it."))
        return HttpResponseRedirect(reverse("two_factor"))
    codes = recovery_codes_regenerate(actor=signed_in_account(request.user))
    return render(request, "shrhub/two_factor_codes.html", {"codes": codes, "enrolled": False})


@never_cache
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    """Remove one's own second factor, only with a current code (app or recovery code)."""
    if not has_second_factor(request.user):
        return HttpResponseRedirect(reverse("two_factor"))
    form = CodeForm(request.POST or None, request=request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            second_factor_remove(actor=request.user, user=signed_in_account(request.user))
            messages.success(request, gettext("Your second factor and recovery codes are removed."))
            return HttpResponseRedirect(reverse("two_factor"))
        status = 400
    context = {"form": form, "required": second_factor_required(request.user)}
    return render(request, "shrhub/two_factor_remove.html", context, status=status)


# Administrators -------------------------------------------------------------------------------------------------


def _require_reset_permission(request: HttpRequest) -> None:
    if not request.user.has_perm(RESET_PERMISSION):
        raise PermissionDenied


@never_cache
def two_factor_users(request: HttpRequest) -> HttpResponse:
    """Every active account with its second-factor status, and a reset link (administrators)."""
    _require_reset_permission(request)
    confirmed = TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True)
    accounts = (
        get_user_model()
        .objects.filter(is_active=True)
        .annotate(enrolled=Exists(confirmed))
        .prefetch_related(Prefetch("groups", queryset=Group.objects.filter(name__in=Role.values)))
        .order_by("username")
    )
    required = set(settings.OTP_REQUIRED_ROLES)
    rows = []
    for account in accounts:
        roles = {group.name for group in account.groups.all()}
        if account.is_superuser:
            roles.add(Role.ADMINISTRATOR)
        labels = sorted(str(Role(role).label) for role in roles)
        rows.append({"account": account, "roles": labels, "required": bool(roles & required)})
    return render(request, "shrhub/two_factor_users.html", {"rows": rows})


@never_cache
def two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator removes another user's second factor (lost phone), with a reason; audited."""
    _require_reset_permission(request)
    account = get_object_or_404(get_user_model(), pk=pk)
    if account.pk == request.user.pk:
        # One's own second factor goes only with a current code, administrators' included.
        messages.info(request, gettext("To remove your own second factor, confirm with a current code here."))
        return HttpResponseRedirect(reverse("two_factor_remove"))
    form = ResetForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            second_factor_remove(actor=request.user, user=account, reason=form.cleaned_data["reason"])
            messages.success(
                request, gettext("The second factor of %(username)s is reset.") % {"username": account.get_username()}
            )
            return HttpResponseRedirect(reverse("two_factor_users"))
        status = 400
    context = {"form": form, "account": account, "enrolled": has_second_factor(account)}
    return render(request, "shrhub/two_factor_reset.html", context, status=status)

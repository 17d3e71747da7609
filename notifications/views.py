"""A user's own notifications (the header bell, the list, marking read), digest settings, and "My follow-ups"."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shrhub.models import signed_in_account

from . import selectors, services, tracker
from .forms import DigestSettingsForm
from .models import DigestDelivery

LIST_LIMIT = 200


@never_cache
def notification_list(request: HttpRequest) -> HttpResponse:
    """What is due, overdue and new for the user, the same items as their digest, most pressing first."""
    notifications = selectors.open_notifications(request.user)
    unread = notifications.filter(read_at__isnull=True).count()
    items = selectors.items(notifications[:LIST_LIMIT])
    context = {"items": items, "unread": unread, "limit": LIST_LIMIT}
    return render(request, "notifications/notification_list.html", context)


@never_cache
def bell(request: HttpRequest) -> HttpResponse:
    """The header's link to the notifications with the unread count (loaded by htmx after the page)."""
    return render(request, "notifications/bell.html", {"unread": selectors.unread_count(request.user)})


@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark the notifications named (``id``, repeated) read, or all of them when none is named."""
    ids = [int(value) for value in request.POST.getlist("id") if value.isdigit()]
    changed = services.mark_read(request.user, ids or None)
    messages.success(
        request,
        ngettext("%(count)d notification marked as read.", "%(count)d notifications marked as read.", changed)
        % {"count": changed},
    )
    return HttpResponseRedirect(reverse("notifications:list"))


@never_cache
def digest_settings(request: HttpRequest) -> HttpResponse:
    """How often the user's digest comes, and what it covers; the last ones sent."""
    user = signed_in_account(request.user)
    form = DigestSettingsForm(request.POST or None, instance=selectors.digest_settings_of(user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your digest settings are saved."))
        return HttpResponseRedirect(reverse("notifications:settings"))
    deliveries = DigestDelivery.objects.filter(user=user).order_by("-period", "-id")[:10]
    status = 400 if form.errors else 200
    return render(
        request, "notifications/digest_settings.html", {"form": form, "deliveries": deliveries}, status=status
    )


@never_cache
def my_follow_ups(request: HttpRequest) -> HttpResponse:
    """Every owned, dated item in one list: engagement follow-ups and working-group actions."""
    form = tracker.TrackerForm(request.GET)  # bound even when empty: every field has a default
    valid = form.is_valid()
    items = tracker.tracked_items(request.user, form.choices()) if valid else []
    context = {"form": form, "items": items, "limit": tracker.LIMIT}
    return render(request, "notifications/my_follow_ups.html", context, status=200 if valid else 400)

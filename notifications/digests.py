"""Digests: each user's due, overdue and new items, by e-mail, daily or weekly, sent once per period.

A digest follows its recipient's visibility like every page (``selectors.visible_notifications``) and is
written in their language and time zone (``shrhub.preferences.speaking_to``). ``DigestDelivery`` is written in
the same transaction as the mail is sent: a second run (or a second worker) for the same period finds it and
sends nothing; a failed send rolls it back, so the next run tries again."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from shrhub import clock
from shrhub.preferences import speaking_to
from shrhub.roles import PAGE_ROLES

from .choices import DeliveryOutcome, DigestFrequency, ReminderKind
from .models import DigestDelivery, DigestSettings
from .selectors import Item, digest_settings_of, items, open_notifications
from .services import refresh_notifications

OVERDUE_KINDS = (
    ReminderKind.OVERDUE,
    ReminderKind.NOT_MET,
    ReminderKind.MEETING_OVERDUE,
    ReminderKind.ROUND_REVIEW,
    ReminderKind.VACANT_OFFICE,
)
DUE_KINDS = (ReminderKind.DUE_SOON, ReminderKind.REVIEW_DUE)


def period_of(frequency: str, today: datetime.date) -> datetime.date:
    """The day a digest covers (daily) or the Monday of its week (weekly)."""
    if frequency == DigestFrequency.WEEKLY:
        return today - datetime.timedelta(days=today.weekday())
    return today


@dataclass
class Digest:
    """What one user's digest says, section by section."""

    overdue: list[Item] = field(default_factory=list)
    due: list[Item] = field(default_factory=list)
    new: list[Item] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.due) + len(self.new)

    @property
    def sections(self) -> list[tuple[str, list[Item]]]:
        """The non-empty sections, titled, in the order a reader acts on them."""
        titled = [(_("Overdue"), self.overdue), (_("Due soon"), self.due), (_("New for you"), self.new)]
        return [(str(title), items) for title, items in titled if items]


def digest_for(user: User, wanted: DigestSettings, since: datetime.datetime | None) -> Digest:
    """The user's open notifications of the kinds they want; "new" ones only if made since the last digest."""
    notifications = open_notifications(user)
    if wanted.kinds:
        notifications = notifications.filter(kind__in=wanted.kinds)
    if since is not None:
        notifications = notifications.filter(~Q(kind=ReminderKind.ASSIGNED) | Q(created_at__gt=since))
    digest = Digest()
    for item in items(notifications):
        kind = item.notification.kind
        section = digest.overdue if kind in OVERDUE_KINDS else digest.due if kind in DUE_KINDS else digest.new
        section.append(item)
    return digest


def recipients(frequency: str) -> QuerySet[User]:
    """Active users with an e-mail address and a page role who chose ``frequency`` (weekly until they choose)."""
    users = get_user_model().objects.filter(is_active=True, groups__name__in=PAGE_ROLES).exclude(email="")
    chosen = Q(digest_settings__frequency=frequency)
    if frequency == DigestFrequency.WEEKLY:
        chosen |= Q(digest_settings__isnull=True)
    return users.filter(chosen).distinct().order_by("pk")


def send_digests(frequency: str, today: datetime.date | None = None) -> dict[str, int]:
    """Bring the notifications up to date, then send this period's digest to every user who chose ``frequency``
    and has not had it yet."""
    today = today or clock.today()
    refresh_notifications(today)
    period = period_of(frequency, today)
    outcomes = {DeliveryOutcome.SENT: 0, DeliveryOutcome.EMPTY: 0, "skipped": 0}
    for user in recipients(frequency):
        delivery = send_digest(user, frequency, period)
        outcomes[delivery.outcome if delivery is not None else "skipped"] += 1
    return {str(key): value for key, value in outcomes.items()}


def send_digest(user: User, frequency: str, period: datetime.date) -> DigestDelivery | None:
    """The user's digest for ``period``, recorded once; None when it was already recorded."""
    if DigestDelivery.objects.filter(user=user, frequency=frequency, period=period).exists():
        return None
    previous = DigestDelivery.objects.filter(user=user, frequency=frequency, period__lt=period).order_by("-period")
    last = previous.values_list("sent_at", flat=True).first()
    with speaking_to(user):  # the items' words (kinds, names) in the recipient's language
        digest = digest_for(user, digest_settings_of(user), last)
    try:
        with transaction.atomic():
            delivery = DigestDelivery.objects.create(
                user=user,
                frequency=frequency,
                period=period,
                outcome=DeliveryOutcome.SENT if digest.count else DeliveryOutcome.EMPTY,
                item_count=digest.count,
            )
            if digest.count:
                _mail(user, digest, frequency, period)
    except IntegrityError:  # recorded meanwhile by another run: sent (or found empty) there
        return None
    return delivery


def _mail(user: User, digest: Digest, frequency: str, period: datetime.date) -> None:
    with speaking_to(user):
        context = {
            "user": user,
            "digest": digest,
            "frequency": frequency,
            "period": period,
            "site_url": settings.SITE_URL.rstrip("/"),
        }
        subject = ngettext(
            "SHR Hub: %(count)d item needs your attention", "SHR Hub: %(count)d items need your attention", digest.count
        ) % {"count": digest.count}
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("notifications/email/digest.txt", context),
            to=[user.email],
            headers={"Auto-Submitted": "auto-generated", "X-SHRHub-Digest": f"{frequency} {period:%Y-%m-%d}"},
        )
        message.attach_alternative(render_to_string("notifications/email/digest.html", context), "text/html")
        message.send()

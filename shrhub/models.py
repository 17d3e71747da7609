"""What every app shares: the domain-model base (visibility, timestamps, version), jurisdictions, and the audit
trail of user accounts."""

from __future__ import annotations

import simple_history
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from shrhub import clock


class Confidentiality(models.TextChoices):
    """Who sees a record, on top of the role's ``view`` permission (see ``VisibleQuerySet.visible_to``)."""

    INTERNAL = "internal", "Internal"
    RESTRICTED = "restricted", "Restricted"
    CONFIDENTIAL = "confidential", "Confidential"


# Permissions (codenames on Jurisdiction's Meta) that open the two higher levels to a whole role.
SEE_RESTRICTED = "shrhub.view_restricted"
SEE_CONFIDENTIAL = "shrhub.view_confidential"


class VisibleQuerySet(models.QuerySet):
    """Every read of a domain model starts from ``visible_to(user)``: the one place access is decided.

    A user sees a model's rows when their role grants ``view`` on it. For models with a confidentiality
    level: *internal* rows are seen by every such role; *restricted* rows by roles holding
    ``shrhub.view_restricted`` and by the users named on the record; *confidential* rows by roles holding
    ``shrhub.view_confidential`` and by the users named on the record. A model that points at such records
    declares how it hides with them (``hides_with``, see ``visibility_q``); the meta-test in
    ``tests/shrhub/test_hiding.py`` fails for a relation that declares nothing.
    """

    def visible_to(self, user) -> VisibleQuerySet:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        opts = self.model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            return self.none()
        condition = visibility_q(self.model, user)
        queryset = self if condition is None else self.filter(condition)
        if getattr(self.model, "masked_links", ()):
            from .hiding import with_seen_links

            queryset = with_seen_links(queryset, user)
        return queryset


def visibility_q(model: type[models.Model], user) -> models.Q | None:
    """The rows of ``model`` that ``user`` may see beyond the role's ``view`` permission, as a filter; None when
    that is every row (no subquery at all: administrators read lists as fast as a plain table).

    Three declarations on a model decide it, the same for every read (lists, details, prefetches, history,
    search, exports, counts, messages and the API):

    - its own level, for a ``ConfidentialModel`` (``confidentiality_q``);
    - ``hides_with = ("stakeholder", "position__organisation", ...)``: relations (foreign keys, or paths of
      them) to records it hides with: a row is hidden whenever a record at one of these paths is (a path that
      is empty hides nothing). Applied recursively: a tenure hides with its position, which hides with its
      organisation;
    - ``related_visibility(user)``: a classmethod for a rule no path can say (it returns a ``Q``).

    What a model shows of a link it does *not* hide with (a visible child's hidden parent, an engagement's
    hidden participants) is declared as ``masked_links`` and handled by ``shrhub.hiding``.
    """
    conditions = []
    if issubclass(model, ConfidentialModel) and not user.has_perm(SEE_CONFIDENTIAL):
        conditions.append(confidentiality_q(model, user))
    for path in getattr(model, "hides_with", ()):
        target, nullable = _follow(model, path)
        inner = visibility_q(target, user)
        if inner is None:
            continue
        seen = models.Q(**{f"{path}__in": target._base_manager.filter(inner).values("pk")})
        conditions.append(seen | models.Q(**{f"{path}__isnull": True}) if nullable else seen)
    related = getattr(model, "related_visibility", None)
    if related is not None:
        condition = related(user)
        if condition is not None and condition != models.Q():
            conditions.append(condition)
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined &= condition
    return combined


def _follow(model: type[models.Model], path: str) -> tuple[type[models.Model], bool]:
    """The model at the end of a path of foreign keys, and whether any step of it may be empty."""
    nullable = False
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if not (field.many_to_one or field.one_to_one) or not field.concrete:
            raise TypeError(f"{model.__name__}.hides_with: {path!r} must follow foreign keys only.")
        nullable = nullable or field.null
        model = field.related_model
    return model, nullable


def hidden_fields(model: type[models.Model], user) -> set[str]:
    """The model's restricted fields this user may not receive (declared once, as ``restricted_fields`` on the
    model: ``{"field": "app.permission"}``), for serializers, templates and the audit trail alike."""
    restricted: dict[str, str] = getattr(model, "restricted_fields", {})
    return {name for name, perm in restricted.items() if user is None or not user.has_perm(perm)}


def confidentiality_q(model: type[models.Model], user) -> models.Q:
    """The rows of a confidential model that ``user`` may see by their own level, as a filter."""
    if user.has_perm(SEE_CONFIDENTIAL):
        return models.Q()
    levels = [Confidentiality.INTERNAL]
    if user.has_perm(SEE_RESTRICTED):
        levels.append(Confidentiality.RESTRICTED)
    named = model.cleared_users.through.objects.filter(
        **{f"{model._meta.model_name}_id": models.OuterRef("pk"), "user_id": user.pk}
    )
    return models.Q(confidentiality__in=levels) | models.Exists(named)


class DomainModel(models.Model):
    """A record users create and edit: timestamped for incremental sync, versioned against lost updates.

    ``version`` goes up by one on every save through a service; an edit based on an older version is
    refused (see ``shrhub.services.save_object``).
    """

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        # Every save of an existing row is a new version, whichever path it takes (service, admin, shell).
        if self.pk is not None and not kwargs.get("force_insert"):
            self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)

    def get_history_url(self) -> str:
        opts = self._meta
        return reverse(f"{opts.app_label}:{opts.model_name}_history", args=[self.pk])


class ConfidentialModel(DomainModel):
    """A domain record with a confidentiality level and the users named as cleared to see it."""

    confidentiality = models.CharField(
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.INTERNAL,
        db_index=True,
        help_text="Internal: every role that reads this kind of record. Restricted: security staff, managers, "
        "administrators and the named users. Confidential: administrators and the named users only.",
    )
    cleared_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name="named users",
        help_text="People who may see this record whatever its level.",
    )

    class Meta:
        abstract = True

    @property
    def is_sensitive(self) -> bool:
        return self.confidentiality != Confidentiality.INTERNAL


class JurisdictionLevel(models.TextChoices):
    NATIONAL = "national", "National"
    REGIONAL = "regional", "Regional"
    LOCAL = "local", "Local"


LEVEL_RANK = {JurisdictionLevel.NATIONAL: 0, JurisdictionLevel.REGIONAL: 1, JurisdictionLevel.LOCAL: 2}
PARENT_LEVEL = {
    JurisdictionLevel.REGIONAL: JurisdictionLevel.NATIONAL,
    JurisdictionLevel.LOCAL: JurisdictionLevel.REGIONAL,
}


class Jurisdiction(DomainModel):
    """A node of the country → region → locality tree.

    A national jurisdiction has no parent; a regional one sits under a national one, a local one under a
    regional one (the database enforces the first half, ``clean()`` the parent's level).
    """

    name = models.CharField(max_length=200)
    code = models.SlugField(max_length=60, unique=True, help_text="Short stable identifier, e.g. 'ar-north'.")
    level = models.CharField(max_length=10, choices=JurisdictionLevel.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        permissions = [
            ("view_manager_views", "Can see the manager views (maps, coverage, coordination)"),
            ("view_audit_log", "Can read the access and export log"),
            ("view_restricted", "Can see restricted records"),
            ("view_confidential", "Can see confidential records"),
            ("erase_personal_data", "Can export and erase a person's personal data"),
        ]
        constraints = [
            models.CheckConstraint(
                name="jurisdiction_national_has_no_parent",
                condition=(
                    models.Q(level=JurisdictionLevel.NATIONAL, parent__isnull=True)
                    | (~models.Q(level=JurisdictionLevel.NATIONAL) & models.Q(parent__isnull=False))
                ),
                violation_error_message="A national jurisdiction has no parent; any other has one.",
            ),
            models.CheckConstraint(name="jurisdiction_not_own_parent", condition=~models.Q(parent=models.F("id"))),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("shrhub:jurisdiction_detail", args=[self.pk])

    def clean(self) -> None:
        if not self.level:
            return
        wanted = PARENT_LEVEL.get(self.level)
        if wanted is None and self.parent_id:
            raise ValidationError({"parent": "A national jurisdiction has no parent."})
        if wanted is not None and not self.parent_id:
            raise ValidationError({"parent": f"A {self.level} jurisdiction needs a {wanted} parent."})
        if wanted is not None and self.parent.level != wanted:
            raise ValidationError({"parent": f"A {self.level} jurisdiction sits directly under a {wanted} one."})

    def ancestors(self) -> list[Jurisdiction]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def descendant_ids(self) -> list[int]:
        """This jurisdiction and everything under it (the tree is three levels deep)."""
        ids = [self.pk]
        frontier = [self.pk]
        while frontier:
            frontier = list(Jurisdiction.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
            ids.extend(frontier)
        return ids


def user_label(user: settings.AUTH_USER_MODEL | None) -> str:
    if user is None:
        return "system"
    return user.get_full_name() or user.get_username()


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=clock.now())


class ApiToken(models.Model):
    """An integration's credential: only a SHA-256 hash of the secret is stored, it expires, it can be
    revoked, it records when it was last used, and it is read-only unless ``can_write`` is granted.

    The raw key (``shr_<prefix>_<secret>``) is shown once, when the token is issued.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'GIS sync'.")
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    can_write = models.BooleanField(
        default=False, help_text="Allow writes (still limited by the user's role). Read-only otherwise."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > clock.now()


class AccessLog(models.Model):
    """Who viewed a restricted or confidential record, exported data, or changed an account's second factor,
    and when. Holds references only (model and id), never the record's content, so the log itself leaks
    nothing."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"
        ERASE = "erase", "Erased personal data"
        # Account security (shrhub.two_factor): the record is the account concerned.
        OTP_ENROL = "otp_enrol", "Enrolled a second factor"
        OTP_REMOVE = "otp_remove", "Removed own second factor"
        OTP_RESET = "otp_reset", "Reset a user's second factor"
        OTP_CODES = "otp_codes", "Regenerated recovery codes"
        OTP_RECOVERY = "otp_recovery", "Used a recovery code"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=40, blank=True)
    level = models.CharField(max_length=12, blank=True)
    via = models.CharField(max_length=10, default="page")
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.model} {self.object_id}"


def log_access(
    user, action: str, obj: models.Model | None = None, *, model: str = "", via: str = "page", detail: str = ""
) -> None:
    """Record a view of a sensitive record or an export."""
    AccessLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        model=model or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else "",
        level=getattr(obj, "confidentiality", "") if obj is not None else "",
        via=via,
        detail=detail[:200],
    )


# Accounts ---------------------------------------------------------------------------------------------------


class AccountHistory(HistoricalRecords):
    """The audit trail of user accounts: creation, every change of name, e-mail, active, staff or superuser
    status, and every role (group) or raw permission added or removed, each with who did it. The password
    hash is never copied into history, and logging in (which only stamps ``last_login``) is not a change."""

    def post_save(self, instance, created, using=None, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields and set(update_fields) <= {"last_login"}:
            return
        super().post_save(instance, created, using=using, **kwargs)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs) -> None:
        if not reverse:
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        elif action in ("post_add", "post_remove") and pk_set:
            # group.user_set.add(user): the change is recorded on each user it touched.
            for user in self.cls._default_manager.filter(pk__in=pk_set):
                if hasattr(instance, "_history_user"):
                    user._history_user = instance._history_user
                super().m2m_changed(user, action, attr, pk_set, False, **kwargs)


simple_history.register(
    get_user_model(),
    app="shrhub",
    records_class=AccountHistory,
    m2m_fields=["groups", "user_permissions"],
    excluded_fields=["password", "last_login"],
)

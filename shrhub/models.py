"""What every app shares: the domain-model base (visibility, timestamps, version), jurisdictions, and the audit
trail of user accounts."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Self

import simple_history
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shrhub import clock
from shrhub.roles import CorporateFunction
from shrhub.types import AnyUser
from shrhub.zones import validate_time_zone

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Confidentiality(models.TextChoices):
    """Who sees a record, on top of the role's ``view`` permission (see ``VisibleQuerySet.visible_to``)."""

    INTERNAL = "internal", _("Internal")
    RESTRICTED = "restricted", _("Restricted")
    CONFIDENTIAL = "confidential", _("Confidential")


# What a refusal says when the record in the way is one the user may not see: that something hidden is in the way,
# never what (its name, its dates, its kind).
HIDDEN_OBSTACLE = _("A record you cannot see prevents this; ask an administrator.")

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

    def visible_to(self, user: AnyUser | None) -> Self:
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


def visible_rows(model: type[models.Model], user: AnyUser | None) -> VisibleQuerySet:
    """The rows of ``model`` that ``user`` may see (``visible_to`` on its default manager, which every domain,
    catalogue and lookup model has)."""
    queryset = model._default_manager.all()
    if not isinstance(queryset, VisibleQuerySet):
        raise TypeError(f"{model.__name__} has no visible_to(): its rows are never shown to users.")
    return queryset.visible_to(user)


def visibility_q(model: type[models.Model], user: AnyUser) -> models.Q | None:
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
        model = related_model_of(field)
    return model, nullable


def visible_keys(user: AnyUser | None, records: Iterable[models.Model]) -> set[tuple[str, Any]]:
    """``(model label, pk)`` of those ``records`` that ``user`` may see, decided by ``visible_to`` (one query per
    model). A record of a model without ``visible_to`` counts as hidden: nothing is shown by default."""
    by_model: dict[type[models.Model], set[Any]] = defaultdict(set)
    for record in records:
        by_model[type(record)].add(record.pk)
    seen: set[tuple[str, Any]] = set()
    for model, pks in by_model.items():
        queryset = model._default_manager.all()
        if not hasattr(queryset, "visible_to"):
            continue
        label = model._meta.label_lower
        seen.update((label, pk) for pk in queryset.visible_to(user).filter(pk__in=pks).values_list("pk", flat=True))
    return seen


def sees(user: AnyUser, record: models.Model) -> bool:
    """Whether ``user`` may see ``record`` (``visible_to`` decides, as for every read)."""
    return (record._meta.label_lower, record.pk) in visible_keys(user, [record])


def describe_blockers(user: AnyUser | None, records: Iterable[models.Model], limit: int = 10) -> str:
    """The records in the way of a delete, as the user may be told: the names of those they may see, and for the
    rest only that there are others they cannot see. Never how many: a count of hidden records is itself
    something hidden (how many confidential offices sit under a ministry; watched over time, when one is
    added), and no count of hidden rows may reach a user by any path."""
    records = list(records)
    seen = visible_keys(user, records)
    names = sorted({str(r) for r in records if (r._meta.label_lower, r.pk) in seen})
    hidden = any((r._meta.label_lower, r.pk) not in seen for r in records)
    shown = names[:limit]
    if len(names) > limit:
        shown.append(ngettext("%(count)d more", "%(count)d more", len(names) - limit) % {"count": len(names) - limit})
    if hidden:
        shown.append(gettext("other records you cannot see"))
    if len(shown) <= 1:
        return "".join(shown)
    return gettext("%(list)s and %(last)s") % {"list": ", ".join(shown[:-1]), "last": shown[-1]}


def hidden_fields(model: type[models.Model], user: AnyUser | None) -> set[str]:
    """The model's restricted fields this user may not receive (declared once, as ``restricted_fields`` on the
    model: ``{"field": "app.permission"}``), for serializers, templates and the audit trail alike."""
    restricted: dict[str, str] = getattr(model, "restricted_fields", {})
    return {name for name, perm in restricted.items() if user is None or not user.has_perm(perm)}


def confidentiality_q(model: type[ConfidentialModel], user: AnyUser) -> models.Q:
    """The rows of a confidential model that ``user`` may see by their own level, as a filter."""
    if user.has_perm(SEE_CONFIDENTIAL):
        return models.Q()
    levels = [Confidentiality.INTERNAL]
    if user.has_perm(SEE_RESTRICTED):
        levels.append(Confidentiality.RESTRICTED)
    named = model.cleared_users.through._default_manager.filter(
        **{f"{model._meta.model_name}_id": models.OuterRef("pk"), "user_id": user.pk}
    )
    return models.Q(confidentiality__in=levels) | models.Q(models.Exists(named))


def concrete_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The model's field ``name``, which must be a column of its own table (not a reverse relation)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is a reverse relation, not a field of the table.")
    return field


def signed_in_account(user: AnyUser) -> User:
    """The account of a user who must be signed in here (a page behind ``login_required``)."""
    found = account(user)
    if found is None:
        raise PermissionDenied
    return found


def related_model_of(field: models.Field[Any, Any] | models.ForeignObjectRel) -> type[models.Model]:
    """The model a relation points at (a loaded model class: the app registry has resolved every lazy name)."""
    related = field.related_model
    if not isinstance(related, type):
        raise TypeError(f"{field.name} is not a relation to a loaded model.")
    return related


def link_table(field: models.ManyToManyField[Any, Any]) -> tuple[type[models.Model], str, str]:
    """A many-to-many field's link table and its two foreign keys' names (to the owner, to the related record)."""
    through, source, target = field.remote_field.through, field.m2m_field_name, field.m2m_reverse_field_name
    if through is None or source is None or target is None:  # all three are set as the model class is prepared
        raise TypeError(f"{field.name}: its model class was never prepared.")
    return through, source(), target()


def account(user: AnyUser | None) -> User | None:
    """The signed-in account behind ``user``; None for the anonymous visitor and for no user at all."""
    return user if isinstance(user, User) and user.is_authenticated else None


ASSIGNEE, ACCESS = "assignee", "access"  # the two kinds of ``user_references``


class DomainModel(models.Model):
    """A record users create and edit: timestamped for incremental sync, versioned against lost updates.

    ``version`` goes up by one on every save through a service; an edit based on an older version is
    refused (see ``shrhub.services.save_object``).
    """

    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, db_index=True, verbose_name=_("updated at"))
    version = models.PositiveIntegerField(default=1, editable=False, verbose_name=_("version"))

    objects = VisibleQuerySet.as_manager()

    # Fields that name users, each with the rule its values follow (``shrhub.selectors.assignable_users``): an
    # ASSIGNEE is given work or takes part; ACCESS only grants sight of the record. ``save_object`` refuses a
    # newly named user who does not qualify; forms and serializers offer and accept the same users.
    user_references: ClassVar[dict[str, str]] = {}

    # Whom the record is being validated for (set by ``save_object`` and ``DomainForm``), see ``validate_unique``.
    _validated_for: AnyUser | None = None

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every save of an existing row is a new version, whichever path it takes (service, admin, shell).
        if self.pk is not None and not kwargs.get("force_insert"):
            self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)

    # Uniqueness ---------------------------------------------------------------------------------------------
    # Whoever a record is validated for (``_validated_for``: set by ``save_object`` and ``DomainForm``) is told
    # that a record they cannot see is in the way, never which: "already recorded" for a hidden relationship, or
    # "already a current holder" for a hidden tenure, would confirm the hidden record.

    def validate_unique(self, exclude: Collection[str] | None = None) -> None:
        try:
            super().validate_unique(exclude)
        except ValidationError:
            if self.clashes_with_hidden(exclude):
                raise ValidationError({NON_FIELD_ERRORS: [HIDDEN_OBSTACLE]}, code="hidden") from None
            raise

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        try:
            super().validate_constraints(exclude)
        except ValidationError:
            if self.clashes_with_hidden(exclude):
                raise ValidationError({NON_FIELD_ERRORS: [HIDDEN_OBSTACLE]}, code="hidden") from None
            raise

    def clashes_with_hidden(self, exclude: Collection[str] | None = None) -> bool:
        """Whether another row this record would duplicate (a unique field, ``unique_together`` or a unique
        constraint on fields) is one that ``_validated_for`` may not see."""
        user = account(self._validated_for)
        if user is None:
            return False
        exclude = set(exclude or ())
        clash = models.Q(pk__in=[])
        against = None
        for fields, condition in self._unique_sets(exclude):
            if condition is not None:
                against = against or self._get_field_expression_map(meta=self._meta, exclude=exclude)  # type: ignore[attr-defined]  # private Django API the stubs leave out
                if not models.Q(condition).check(against):
                    continue  # the rule does not apply to this record
            lookup = {name: getattr(self, concrete_field(type(self), name).attname) for name in fields}
            if any(value is None for value in lookup.values()):
                continue
            clash |= models.Q(**lookup) & (condition or models.Q())
        others = type(self)._default_manager.filter(clash)
        if not self._state.adding and self.pk is not None:
            others = others.exclude(pk=self.pk)
        found = list(others.values_list("pk", flat=True)[:20])
        if not found:
            return False
        return type(self).objects.visible_to(user).filter(pk__in=found).count() < len(found)

    def _unique_sets(self, exclude: set[str]) -> list[tuple[tuple[str, ...], models.Q | None]]:
        """The field sets that must be unique (with the condition under which they must be), as Django checks them."""
        checks, _ = self._get_unique_checks(exclude=exclude, include_meta_constraints=False)  # type: ignore[attr-defined]  # private Django API the stubs leave out
        sets: list[tuple[tuple[str, ...], models.Q | None]] = [(tuple(fields), None) for _, fields in checks]
        for constraint in self._meta.constraints:
            if not isinstance(constraint, models.UniqueConstraint) or not constraint.fields or constraint.expressions:
                continue
            if not exclude.intersection(constraint.fields):
                sets.append((tuple(constraint.fields), constraint.condition))
        return sets

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
        help_text=_(
            "Internal: every role that reads this kind of record. Restricted: security staff, managers, "
            "administrators and the named users. Confidential: administrators and the named users only."
        ),
        verbose_name=_("confidentiality"),
    )
    cleared_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("named users"),
        help_text=_("People who may see this record whatever its level."),
    )

    user_references: ClassVar[dict[str, str]] = {"cleared_users": ACCESS}

    class Meta:
        abstract = True

    @property
    def is_sensitive(self) -> bool:
        return self.confidentiality != Confidentiality.INTERNAL


class JurisdictionLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    LOCAL = "local", _("Local")


LEVEL_RANK: dict[str, int] = {JurisdictionLevel.NATIONAL: 0, JurisdictionLevel.REGIONAL: 1, JurisdictionLevel.LOCAL: 2}
PARENT_LEVEL: dict[str, str] = {
    JurisdictionLevel.REGIONAL: JurisdictionLevel.NATIONAL,
    JurisdictionLevel.LOCAL: JurisdictionLevel.REGIONAL,
}
# clean()'s refusals, one whole sentence per level (a translation needs the sentence, not the level's word).
NEEDS_PARENT: dict[str, StrOrPromise] = {
    JurisdictionLevel.REGIONAL: _("A regional jurisdiction needs a national parent."),
    JurisdictionLevel.LOCAL: _("A local jurisdiction needs a regional parent."),
}
SITS_UNDER: dict[str, StrOrPromise] = {
    JurisdictionLevel.REGIONAL: _("A regional jurisdiction sits directly under a national one."),
    JurisdictionLevel.LOCAL: _("A local jurisdiction sits directly under a regional one."),
}


class Jurisdiction(DomainModel):
    """A node of the country → region → locality tree.

    A national jurisdiction has no parent; a regional one sits under a national one, a local one under a
    regional one (the database enforces the first half, ``clean()`` the parent's level).
    """

    name = models.CharField(max_length=200, verbose_name=_("name"))
    code = models.SlugField(
        max_length=60, unique=True, help_text=_("Short stable identifier, e.g. 'ar-north'."), verbose_name=_("code")
    )
    level = models.CharField(max_length=10, choices=JurisdictionLevel.choices, verbose_name=_("level"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["name"]
        permissions = [
            ("view_manager_views", _("Can see the manager views (maps, coverage, coordination)")),
            ("view_audit_log", _("Can read the access and export log")),
            ("view_restricted", _("Can see restricted records")),
            ("view_confidential", _("Can see confidential records")),
            ("erase_personal_data", _("Can export and erase a person's personal data")),
        ]
        constraints = [
            models.CheckConstraint(
                name="jurisdiction_national_has_no_parent",
                condition=(
                    models.Q(level=JurisdictionLevel.NATIONAL, parent__isnull=True)
                    | (~models.Q(level=JurisdictionLevel.NATIONAL) & models.Q(parent__isnull=False))
                ),
                violation_error_message=_("A national jurisdiction has no parent; any other has one."),
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
            raise ValidationError({"parent": _("A national jurisdiction has no parent.")})
        if wanted is not None and not self.parent_id:
            raise ValidationError({"parent": NEEDS_PARENT[self.level]})
        if wanted is not None and self.parent is not None and self.parent.level != wanted:
            raise ValidationError({"parent": SITS_UNDER[self.level]})

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


def user_label(user: User | None) -> str:
    if user is None:
        return gettext("system")
    return user.get_full_name() or user.get_username()


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=clock.now())


class ApiToken(models.Model):
    """An integration's credential: only a SHA-256 hash of the secret is stored, it expires, it can be
    revoked, it records when it was last used, and it is read-only unless ``can_write`` is granted.

    The raw key (``shr_<prefix>_<secret>``) is shown once, when the token is issued.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(
        max_length=100, help_text=_("What the token is for, e.g. 'GIS sync'."), verbose_name=_("name")
    )
    prefix = models.CharField(max_length=12, unique=True, editable=False, verbose_name=_("prefix"))
    key_hash = models.CharField(max_length=64, editable=False, verbose_name=_("key hash"))
    can_write = models.BooleanField(
        default=False,
        help_text=_("Allow writes (still limited by the user's role). Read-only otherwise."),
        verbose_name=_("can write"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    expires_at = models.DateTimeField(verbose_name=_("expires at"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked at"))
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last used at"))

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > clock.now()


class AccessLog(models.Model):
    """Who viewed a restricted or confidential record, exported data, or changed an account's second factor,
    and when. Holds references only (model and ids), never the record's content, so the log itself leaks
    nothing.

    One entry per request and model: a detail names its record in ``object_id``; a list, a search or an admin
    change list names the sensitive rows it returned in ``object_ids`` (comma-separated) and ``count``, and
    ``level`` is the highest level among them. ``detail`` names the view."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        ERASE = "erase", _("Erased personal data")
        # Account security (shrhub.two_factor): the record is the account concerned.
        OTP_ENROL = "otp_enrol", _("Enrolled a second factor")
        OTP_REMOVE = "otp_remove", _("Removed own second factor")
        OTP_RESET = "otp_reset", _("Reset a user's second factor")
        OTP_CODES = "otp_codes", _("Regenerated recovery codes")
        OTP_RECOVERY = "otp_recovery", _("Used a recovery code")

    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("at"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("user")
    )
    action = models.CharField(max_length=20, choices=Action.choices, verbose_name=_("action"))
    model = models.CharField(max_length=100, verbose_name=_("model"))
    object_id = models.CharField(max_length=40, blank=True, verbose_name=_("object id"))
    object_ids = models.TextField(
        blank=True, help_text=_("The sensitive records a list returned, comma-separated."), verbose_name=_("object ids")
    )
    count = models.PositiveIntegerField(
        default=1, help_text=_("How many sensitive records the request returned."), verbose_name=_("count")
    )
    level = models.CharField(max_length=12, blank=True, verbose_name=_("level"))
    via = models.CharField(max_length=10, default="page", verbose_name=_("via"))
    detail = models.CharField(max_length=200, blank=True, verbose_name=_("detail"))

    class Meta:
        verbose_name = _("access log")
        verbose_name_plural = _("access logs")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.model} {self.object_id}"


def log_access(
    user: AnyUser, action: str, obj: models.Model | None = None, *, model: str = "", via: str = "page", detail: str = ""
) -> None:
    """Record a view of a sensitive record or an export."""
    AccessLog.objects.create(
        user=account(user),
        action=action,
        model=model or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else "",
        object_ids=str(obj.pk) if obj is not None else "",
        count=1 if obj is not None else 0,
        level=getattr(obj, "confidentiality", "") if obj is not None else "",
        via=via,
        detail=detail[:200],
    )


# Accounts ---------------------------------------------------------------------------------------------------


class AccountHistory(HistoricalRecords):
    """The audit trail of user accounts: creation, every change of name, e-mail, active, staff or superuser
    status, and every role (group) or raw permission added or removed, each with who did it. The password
    hash is never copied into history, and logging in (which only stamps ``last_login``) is not a change."""

    def post_save(self, instance: models.Model, created: bool, using: str | None = None, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields and set(update_fields) <= {"last_login"}:
            return
        super().post_save(instance, created, using=using, **kwargs)

    def m2m_changed(
        self, instance: models.Model, action: str, attr: str, pk_set: set[Any] | None, reverse: bool, **kwargs: Any
    ) -> None:
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
LEVEL_ORDER = {level: rank for rank, level in enumerate(Confidentiality.values)}


def log_reads(user: AnyUser, records: Iterable[models.Model], *, via: str, view: str) -> None:
    """Record that ``records`` (a page of a list, a search's matches, one record) were read through ``view``.

    Only restricted and confidential records are logged, one entry per model for the whole request, written in
    one query however many rows there are (none when no row is sensitive): a list page costs a constant number
    of queries. Reads nothing from the database: the level is on the rows already loaded."""
    by_model: dict[str, list[ConfidentialModel]] = defaultdict(list)
    for record in records:
        if isinstance(record, ConfidentialModel) and record.is_sensitive:
            by_model[record._meta.label_lower].append(record)
    if not by_model:
        return
    who = account(user)
    entries = []
    for label, rows in by_model.items():
        pks = list(dict.fromkeys(str(row.pk) for row in rows))
        entries.append(
            AccessLog(
                user=who,
                action=AccessLog.Action.VIEW,
                model=label,
                object_id=pks[0] if len(pks) == 1 else "",
                object_ids=",".join(pks),
                count=len(pks),
                level=max((row.confidentiality for row in rows), key=lambda level: LEVEL_ORDER.get(level, 0)),
                via=via,
                detail=view[:200],
            )
        )
    AccessLog.objects.bulk_create(entries)


class Preferences(models.Model):
    """A user's language and time zone. Blank means the browser's language and the operation's time zone
    (``settings.TIME_ZONE``). Read once at login into the session (see ``shrhub.preferences``), so pages pay no
    query for it; e-mails and digests read it here."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences", verbose_name=_("user")
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Leave blank to follow your browser's language."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Leave blank to use the operation's time zone."),
    )
    function = models.CharField(
        _("corporate function"),
        max_length=30,
        blank=True,
        choices=CorporateFunction.choices,
        help_text=_("The function you work in: your assessments name it among their sources. Blank: your role's."),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("preferences")
        verbose_name_plural = _("preferences")

    def __str__(self) -> str:
        return str(self.user)


# Background exports --------------------------------------------------------------------------------------------


def export_file_name(instance: ExportJob, filename: str) -> str:
    return f"exports/{clock.now():%Y/%m}/{uuid.uuid4().hex}.{instance.fmt}"


def exports_storage() -> Any:
    from django.core.files.storage import storages

    return storages["attachments"]


class UserJob(models.Model):
    """Work a user started that the task worker carries on: whose it is (theirs alone), how far it has got, when
    it began. Its file (a download waiting, an upload) is not carried by backups."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    transient_files = True
    rows_done: models.PositiveIntegerField  # each kind names its own progress

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="%(class)s_progress_within_total", condition=models.Q(rows_done__lte=models.F("rows_total"))
            )
        ]

    @property
    def percent(self) -> int:
        return 100 if not self.rows_total else min(100, self.rows_done * 100 // self.rows_total)


class ExportJob(UserJob):
    """A list export too long to write during the request: written by the task worker, with its progress, for its
    user alone to download (``shrhub.list_exports``); the file goes after ``EXPORT_KEEP_HOURS``."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    model = models.CharField(_("list"), max_length=100)
    fmt = models.CharField(_("format"), max_length=4)
    query = models.TextField(_("filters"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), storage=exports_storage, upload_to=export_file_name, blank=True, max_length=200)
    file_name = models.CharField(_("file name"), max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta(UserJob.Meta):
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.model}.{self.fmt} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("export_job", args=[self.pk])


def import_file_name(instance: ImportBatch, filename: str) -> str:
    return f"imports/{clock.now():%Y/%m}/{uuid.uuid4().hex}.{instance.fmt}"


class ImportBatch(UserJob):
    """A spreadsheet brought in as one batch (``shrhub.imports``): its columns matched to fields, checked row by
    row with nothing written, then imported in one transaction, and undone as one while nothing newer depends on
    it. Its user's alone; the uploaded file goes after ``IMPORT_KEEP_DAYS``, the record of what it did stays."""

    class Status(models.TextChoices):
        MAPPING = "mapping", _("Columns to match")
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked")
        IMPORTING = "importing", _("Being imported")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        UNDOING = "undoing", _("Being undone")
        UNDONE = "undone", _("Undone")

    key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)  # names its progress in the cache
    model = models.CharField(_("kind of record"), max_length=100)
    fmt = models.CharField(_("format"), max_length=4)
    file = models.FileField(_("file"), storage=exports_storage, upload_to=import_file_name, blank=True, max_length=200)
    file_name = models.CharField(_("file name"), max_length=255)
    headers = models.JSONField(_("columns"), default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    decisions = models.JSONField(_("decisions on likely duplicates"), default=dict, blank=True)
    valid_only = models.BooleanField(_("valid rows only"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.MAPPING)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    report = models.JSONField(_("report"), default=list, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    written = models.JSONField(_("what the import wrote"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta(UserJob.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("import_batch", args=[self.pk])

    @property
    def working(self) -> bool:
        return self.status in {self.Status.CHECKING, self.Status.IMPORTING, self.Status.UNDOING}

    @property
    def kind_name(self) -> str:
        """The kind of records, as its list page names them."""
        from django.apps import apps

        try:
            return str(apps.get_model(self.model)._meta.verbose_name_plural)
        except (LookupError, ValueError):
            return self.model


class ImportMapping(models.Model):
    """The column mapping a user last chose for a file layout (the same columns, in any order) of one kind."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    model = models.CharField(_("kind of record"), max_length=100)
    layout = models.CharField(_("file layout"), max_length=64)
    mapping = models.JSONField(_("column mapping"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("import column mapping")
        verbose_name_plural = _("import column mappings")
        constraints = [models.UniqueConstraint(fields=["user", "model", "layout"], name="importmapping_one_per_layout")]

    def __str__(self) -> str:
        return f"{self.model} {self.layout[:8]}"

"""DRF settings' classes (permissions, paging, errors): kept apart from the viewsets to avoid import cycles."""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, QuerySet
from django.db.models.signals import m2m_changed, post_delete
from rest_framework import pagination, permissions, status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from .services import StaleVersion

# Role permissions, cached across requests ------------------------------------------------------------------
#
# Every request checks permissions, and Django's ModelBackend loads them with two queries per request (its own
# cache lives on the user object, which each request builds anew). Roles change rarely, so a user's
# permissions are kept in the shared cache for a minute, stamped with a version that any change to group
# memberships, user or group permissions replaces (signals below). A process that changes them without these
# receivers connected (a bare management command) is covered by the minute's expiry.

PERMISSIONS_TTL = 60
PERMISSIONS_VERSION = "shrhub:permissions:version"


def load_permissions(user) -> None:
    """Fill ModelBackend's caches on ``user`` (``_user_perm_cache``, ``_group_perm_cache``, ``_perm_cache``)
    from the shared cache, or from the database once and then into the shared cache. ``has_perm`` answers as
    before, without queries."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or hasattr(user, "_perm_cache"):
        return
    key = f"shrhub:permissions:{user.pk}:{user.date_joined.timestamp()}"  # a re-used id is another user
    found = cache.get_many([PERMISSIONS_VERSION, key])
    version, entry = found.get(PERMISSIONS_VERSION), found.get(key)
    if version is not None and entry is not None and entry[0] == version:
        user._user_perm_cache, user._group_perm_cache = entry[1], entry[2]
        user._perm_cache = entry[1] | entry[2]
        return
    backend = ModelBackend()
    user_perms, group_perms = backend.get_user_permissions(user), backend.get_group_permissions(user)
    user._perm_cache = user_perms | group_perms
    if version is None:
        version = _new_permissions_version()
    cache.set(key, (version, user_perms, group_perms), PERMISSIONS_TTL)


def _new_permissions_version(**kwargs) -> str:
    """A new version: every cached set of permissions is stale from now on."""
    version = uuid.uuid4().hex
    cache.set(PERMISSIONS_VERSION, version, None)
    return version


for _through in (get_user_model().groups.through, get_user_model().user_permissions.through, Group.permissions.through):
    m2m_changed.connect(_new_permissions_version, sender=_through, dispatch_uid=f"shrhub-permissions-{_through}")
for _model in (Group, Permission):
    post_delete.connect(_new_permissions_version, sender=_model, dispatch_uid=f"shrhub-permissions-{_model}")


class RolePermissions(permissions.DjangoModelPermissions):
    """Model permissions from the role table, with ``view`` required to read; a read-only token never writes."""

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def has_permission(self, request: Request, view) -> bool:
        from .models import ApiToken

        token = request.auth
        if isinstance(token, ApiToken) and not token.can_write and request.method not in permissions.SAFE_METHODS:
            return False
        load_permissions(request.user)
        return super().has_permission(request, view)

    def _queryset(self, view) -> QuerySet:
        """The model is all the check needs: take it from ``queryset`` (``Model.objects.none()``) rather than
        build the view's whole selector once more."""
        queryset = getattr(view, "queryset", None)
        return queryset if queryset is not None else super()._queryset(view)


class CursorPagination(pagination.CursorPagination):
    """Keyset paging: constant cost on any page, no COUNT(*). Honours the FilterSet's ``ordering``."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("id",)

    def decode_cursor(self, request: Request):
        """A cursor that is not strict base64 is refused (404 "Invalid cursor"), never read as page one."""
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is not None:
            try:
                base64.b64decode(encoded.encode("ascii"), validate=True)
            except (binascii.Error, UnicodeEncodeError, ValueError):
                raise NotFound(self.invalid_cursor_message) from None
        return super().decode_cursor(request)

    def get_ordering(self, request: Request, queryset: QuerySet, view) -> tuple[str, ...]:
        chosen = tuple(str(o) for o in queryset.query.order_by if isinstance(o, str))
        if not chosen:
            return self.ordering
        if _may_be_null(queryset.model, chosen[0].lstrip("-"), queryset.query.annotations):
            # A keyset position cannot step over NULLs: rows would silently go missing between pages.
            raise DRFValidationError({"ordering": [f"'{chosen[0]}' can be empty, so it cannot order cursor pages."]})
        if not any(o.lstrip("-") in {"id", "pk"} for o in chosen):
            chosen += ("-id",) if chosen[0].startswith("-") else ("id",)
        return chosen

    def _get_position_from_instance(self, instance: Any, ordering: tuple[str, ...]) -> str:
        """The position of a row for any ordering path, including related ones (``organisation__name``)."""
        value: Any = instance
        for part in ordering[0].lstrip("-").split("__"):
            value = value[part] if isinstance(value, dict) else getattr(value, part)
        return str(value)


def _may_be_null(model: Any, path: str, annotations: Any = ()) -> bool:
    """Whether the value at ``path`` (through relations) can be NULL for some row. Computed values (the
    queryset's annotations) count as possibly NULL."""
    for part in path.split("__"):
        if part in annotations:
            return True
        try:
            field = model._meta.get_field("id" if part == "pk" else part)
        except FieldDoesNotExist:
            return True
        if getattr(field, "null", False) or (field.is_relation and not field.concrete):
            return True
        model = field.related_model if field.is_relation else model
    return False


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since you read it."
    default_code = "stale"


class PreconditionRequired(APIException):
    """An action that must be based on a version the client read was sent without one (RFC 6585)."""

    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send If-Match with the ETag of the version you read."
    default_code = "precondition_required"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "protected"


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Model and service validation errors become 400s with field messages; stale edits 412."""
    if isinstance(exc, StaleVersion):
        exc = PreconditionFailed(detail=exc.messages[0])
    elif isinstance(exc, DjangoValidationError):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        detail = (
            {("non_field_errors" if k == "__all__" else k): v for k, v in detail.items()}
            if isinstance(detail, dict)
            else detail
        )
        exc = DRFValidationError(detail=detail)
    elif isinstance(exc, ProtectedError):
        from .models import describe_blockers

        request = context.get("request")
        blocking = describe_blockers(getattr(request, "user", None), exc.protected_objects)
        exc = Conflict(detail=f"Other records still refer to this one: {blocking}; remove or reassign them first.")
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)


IF_MATCH = re.compile(r'(?:W/)?"([0-9]{1,18})"', re.ASCII)


def parse_if_match(request: Request) -> int | None:
    """``If-Match: "3"`` (or ``W/"3"``) → 3; ``*`` (any version) → None; anything else is a 400, never ignored."""
    raw = request.headers.get("If-Match")
    if raw is None:
        return None
    raw = raw.strip()
    if raw == "*":
        return None
    match = IF_MATCH.fullmatch(raw)
    if match is None:
        raise DRFValidationError({"If-Match": ['Expected the ETag of the record, e.g. "3".']})
    return int(match.group(1))


IF_MATCH_REQUIRED_MESSAGE = 'Send the ETag of the version you read, e.g. "3": this action must be based on it (not *).'


def require_if_match(request: Request) -> int:
    """The version an action must be based on, from ``If-Match: "3"``. Missing, or ``*`` (any version), answers
    428 with the message under ``If-Match``; a malformed header 400 (``parse_if_match``)."""
    version = parse_if_match(request)  # None for a missing header and for *
    if version is None:
        raise PreconditionRequired(detail={"If-Match": [IF_MATCH_REQUIRED_MESSAGE]})
    return version

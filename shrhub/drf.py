"""DRF settings' classes (permissions, errors, body parsers): kept apart from the viewsets to avoid import cycles.
Paging is ``shrhub.paging.CursorPagination``."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, QuerySet
from django.db.models.signals import m2m_changed, post_delete
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, permissions, status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from shrhub.types import AnyUser

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


def load_permissions(user: AnyUser) -> None:
    """Fill ModelBackend's caches on ``user`` (``_user_perm_cache``, ``_group_perm_cache``, ``_perm_cache``)
    from the shared cache, or from the database once and then into the shared cache. ``has_perm`` answers as
    before, without queries."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or hasattr(user, "_perm_cache"):
        return
    key = f"shrhub:permissions:{user.pk}:{user.date_joined.timestamp()}"  # a re-used id is another user
    found = cache.get_many([PERMISSIONS_VERSION, key])
    version, entry = found.get(PERMISSIONS_VERSION), found.get(key)
    if version is not None and entry is not None and entry[0] == version:
        # The caches Django's ModelBackend keeps on the user object (it reads them back; no stub declares them).
        user._user_perm_cache, user._group_perm_cache = entry[1], entry[2]  # type: ignore[attr-defined]
        user._perm_cache = entry[1] | entry[2]  # type: ignore[attr-defined]
        return
    backend = ModelBackend()
    user_perms, group_perms = backend.get_user_permissions(user), backend.get_group_permissions(user)
    user._perm_cache = user_perms | group_perms  # type: ignore[attr-defined]  # as above
    if version is None:
        version = _new_permissions_version()
    cache.set(key, (version, user_perms, group_perms), PERMISSIONS_TTL)


def _new_permissions_version(**kwargs: Any) -> str:
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

    def has_permission(self, request: Request, view: Any) -> bool:
        from .models import ApiToken

        token = request.auth
        if isinstance(token, ApiToken) and not token.can_write and request.method not in permissions.SAFE_METHODS:
            return False
        load_permissions(request.user)
        return super().has_permission(request, view)

    def _queryset(self, view: Any) -> QuerySet:
        """The model is all the check needs: take it from ``queryset`` (``Model.objects.none()``) rather than
        build the view's whole selector once more."""
        queryset = getattr(view, "queryset", None)
        return queryset if queryset is not None else super()._queryset(view)


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The record changed since you read it.")
    default_code = "stale"


class PreconditionRequired(APIException):
    """An action that must be based on a version the client read was sent without one (RFC 6585)."""

    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _("Send If-Match with the ETag of the version you read.")
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
        exc = Conflict(
            detail=gettext("Other records still refer to this one: %(blockers)s; remove or reassign them first.")
            % {"blockers": blocking}
        )
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)


# Request bodies ------------------------------------------------------------------------------------------------

MAX_JSON_DEPTH = 32  # no body the API takes nests deeper than a list in a record: 32 leaves room and bounds the rest
JSON_TOO_DEEP_MESSAGE = format_lazy(
    _("JSON parse error - the body nests arrays or objects more than {depth} levels deep."), depth=MAX_JSON_DEPTH
)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing (400, ``ParseError``) a body nested deeper than ``MAX_JSON_DEPTH``.

    Python's decoder recurses once per level: a body of a few kilobytes (``[[[[…``) exhausts the recursion limit
    there or in any later walk of the data (validation, the audit trail), which answered 500. Every body this
    parser cannot read answers 400 with a message in ``detail``; nothing deeper than the limit reaches a view."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(JSON_TOO_DEEP_MESSAGE) from None
        if json_depth(data) > MAX_JSON_DEPTH:
            raise ParseError(JSON_TOO_DEEP_MESSAGE)
        return data


MULTIPART_EMPTY_MESSAGE = _("Multipart form parse error - the body holds no readable part.")


class MultiPartParser(parsers.MultiPartParser):
    """DRF's multipart parser, refusing (400) a body that is not empty yet holds no part it can read: Django's
    parser skips what it cannot read, so a garbled upload would otherwise arrive as an empty edit and succeed."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        request = (parser_context or {}).get("request")
        length = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
        if length and not parsed.data and not parsed.files:
            raise ParseError(MULTIPART_EMPTY_MESSAGE)
        return parsed


def json_depth(data: Any) -> int:
    """How deeply ``data`` nests lists and objects (a scalar: 0), without recursion; stops past the limit."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children: Iterable[Any]
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest

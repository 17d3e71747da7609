"""The OpenAPI schema class: every operation documents the errors it can really answer, with their bodies.

drf-spectacular documents only the success response of each operation; clients (and the schemathesis fuzz
test, ``tests/api/test_fuzz.py``) need the refusals too. Which ones apply follows from what the shared layers
do (``shrhub.drf``, ``shrhub.api``): authentication and role permissions on every operation, throttling per
token, validation of bodies and query parameters, 404 for hidden or missing records and for unreadable
cursors or pages, 409 when other records still refer to a deleted one, 412 for a stale ``If-Match``, 428 when
a write that must be based on a version the client read comes without one: every update and delete of a
versioned record, and the actions a view names in ``if_match_required_actions`` (``DomainViewSet.requires_if_match``).
"""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiParameter
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny

ERROR = ResolvedComponent(
    name="Error",
    type=ResolvedComponent.SCHEMA,
    object="Error",
    schema={
        "type": "object",
        "description": "A refusal with a human-readable reason.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
)
VALIDATION_ERROR = ResolvedComponent(
    name="ValidationError",
    type=ResolvedComponent.SCHEMA,
    object="ValidationError",
    schema={
        "type": "object",
        "description": (
            "Messages per field (query parameter, body field, or header such as `If-Match`); `non_field_errors` "
            "for the record as a whole; `detail` alone when the body could not be read at all."
        ),
        "additionalProperties": {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
                {"type": "object", "additionalProperties": {}},
            ]
        },
    },
)

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    pattern=r'^(\*|(W/)?"[0-9]+")$',
    description=(
        'The ETag (version) the change is based on, e.g. `"3"`, as the record\'s `ETag` header and `version` '
        "field give it; a stale one answers 412. Without it the change is not checked against a version."
    ),
)
IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    pattern=r'^(W/)?"[0-9]+"$',
    description=(
        'The ETag (version) of the record the change is based on, e.g. `"3"`, as the record\'s `ETag` header and '
        "`version` field give it. Required: without it, or with `*`, the request answers 428; a stale one 412."
    ),
)

DESCRIPTIONS = {
    "400": "Invalid request: unknown or malformed query parameter, invalid body or `If-Match` header.",
    "401": "No credentials, or an unknown, expired or revoked token.",
    "403": "The role (or a read-only token) does not allow this.",
    "404": "No such record, or one the user may not see; or an unreadable cursor or page number.",
    "409": "Other records still refer to this one.",
    "412": "The record changed since the version given in `If-Match`.",
    "428": "`If-Match` is required here (the ETag of the version read; `*` is not accepted): see the `If-Match` "
    "field's message.",
    "410": "The key names a calendar feed that was revoked or has expired, or whose owner may no longer read it.",
    "415": "Unsupported request body media type.",
    "429": "Too many requests for this token; retry after the number of seconds in `Retry-After`.",
}
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema plus the error responses each operation can answer."""

    def get_operation(
        self, path: str, path_regex: str, path_prefix: str, method: str, registry: Any
    ) -> dict[str, Any] | None:
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "query":
                self._tighten_query_parameter(parameter)
        responses = operation.setdefault("responses", {})
        for code in self.error_codes(operation):
            if code in responses:
                continue  # the view documents this answer itself
            component = VALIDATION_ERROR if code in {"400", "428"} else ERROR
            self.registry.register_on_missing(component)
            responses[code] = {
                "content": {"application/json": {"schema": component.ref}},
                "description": DESCRIPTIONS[code],
            }
        return operation

    def _tighten_query_parameter(self, parameter: dict[str, Any]) -> None:
        """Say in the schema what ``DomainViewSet.reject_unknown_params`` and the paginators enforce."""
        from .api.validation import blank_allowed  # not at import time: DRF imports this module while defining views
        from .paging import CursorPagination, pageable

        name, schema = parameter["name"], parameter.get("schema", {})
        paginator = self._get_paginator()
        if paginator is not None and name == getattr(paginator, "page_size_query_param", None):
            parameter["schema"] = {**schema, "minimum": 1, "maximum": paginator.max_page_size}
            return
        if isinstance(paginator, PageNumberPagination) and name == paginator.page_query_param:
            parameter["schema"] = {**schema, "minimum": 1}
            return
        filterset_class = getattr(self.view, "filterset_class", None)
        filter_ = filterset_class.base_filters.get(name) if filterset_class is not None else None
        if filter_ is None:
            return
        if isinstance(filter_, django_filters.BooleanFilter):
            parameter["schema"] = {"type": "boolean"}
        elif schema.get("type") == "string" and not blank_allowed(filter_, name):
            parameter["schema"] = {**schema, "minLength": 1}
        elif (
            isinstance(filter_, django_filters.OrderingFilter)
            and isinstance(paginator, CursorPagination)
            and filterset_class is not None
        ):
            # Keyset pages cannot follow a to-many relation: such keys are refused, so not offered.
            model = filterset_class._meta.model
            items = schema.get("items", {})
            if "enum" in items:
                offered = [
                    choice
                    for choice in items["enum"]
                    if pageable(model, filter_.param_map.get(choice.lstrip("-"), choice.lstrip("-")))
                ]
                parameter["schema"] = {**schema, "items": {**items, "enum": offered}}
                if "description" in parameter:  # drf-spectacular lists the choices as "* `key` - Label" lines
                    parameter["description"] = "\n".join(
                        line
                        for line in parameter["description"].split("\n")
                        if not line.startswith("* `") or line[3:].split("`", 1)[0] in offered
                    )

    def get_override_parameters(self) -> list:
        parameters = list(super().get_override_parameters())
        if self._requires_if_match():
            parameters.append(IF_MATCH_REQUIRED)
        elif self._honours_if_match():
            parameters.append(IF_MATCH)
        return parameters

    def error_codes(self, operation: dict[str, Any]) -> list[str]:
        """The refusals this operation can answer, from the view's configuration and the operation's shape."""
        codes: set[str] = set()
        view = self.view
        query = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
        query -= self._query_credentials()  # a wrong key is a 401, not a 400
        if not any(isinstance(p, AllowAny) for p in view.get_permissions()):
            codes |= {"401", "403"}
        if view.get_throttles():
            codes.add("429")
        if self.method in BODY_METHODS or query or self._honours_if_match() or self._requires_if_match():
            codes.add("400")
        if "requestBody" in operation:
            codes.add("415")
        if "{" in self.path or self._get_paginator() is not None:
            codes.add("404")
        if self._query_credentials():  # a feed key: for another feed 404; revoked, expired or its owner gone 410
            codes |= {"404", "410"}
        if self.method == "DELETE":
            codes.add("409")
        if self._honours_if_match() or self._requires_if_match():
            codes.add("412")
        if self._requires_if_match():
            codes.add("428")
        return sorted(codes)

    def _honours_if_match(self) -> bool:
        """Actions that read ``If-Match`` when sent (``shrhub.api.validation.parse_if_match``): a view's
        ``if_match_actions``."""
        return getattr(self.view, "action", None) in getattr(self.view, "if_match_actions", ())

    def _requires_if_match(self) -> bool:
        """Actions that must be based on a version read: updates and deletes of versioned records, and a view's
        ``if_match_required_actions`` (``DomainViewSet.requires_if_match``)."""
        requires = getattr(self.view, "requires_if_match", None)
        if requires is not None:
            return requires()
        return getattr(self.view, "action", None) in getattr(self.view, "if_match_required_actions", ())

    def _query_credentials(self) -> set[str]:
        """Query parameters that carry credentials (the calendar feeds' ``key``)."""
        names = set()
        for authenticator in self.view.get_authenticators():
            extension = OpenApiAuthenticationExtension.get_match(authenticator)
            if extension is None:
                continue
            definition = extension.get_security_definition(self)
            for item in definition if isinstance(definition, list) else [definition]:
                if item.get("in") == "query":
                    names.add(item["name"])
        return names

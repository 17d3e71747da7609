"""The API fuzzed against its own OpenAPI schema with schemathesis: no 500s, every answer as documented.

What runs: the schema drf-spectacular generates (the same one ``/api/v1/schema/`` serves) is loaded in-process
and EVERY operation in it becomes one test (``test_operation[GET /api/v1/...]``). Each request goes through
Django's real WSGI handler under the test settings (middleware, authentication, throttling, exception handler
included), authenticated with a write-enabled token of an administrator, so writes are really attempted; a
small world made with the factories (one record of every kind) gives the operations ids that exist, and
schema-valid cases on ``/{id}/`` paths use those ids (schema-invalid ones keep theirs).

Checks: all of schemathesis' checks (``not_a_server_error``, ``status_code_conformance``,
``content_type_conformance``, ``response_headers_conformance``, ``response_schema_conformance``,
``negative_data_rejection``, ``positive_data_acceptance``, ``missing_required_header``, ``ignored_auth``,
``unsupported_method``, ``allow_header_conformance`` …), over positive and negative data, in the examples,
coverage and fuzzing phases. One adjustment, with its reason: ``positive_data_acceptance`` also accepts 400
and 412 for writes, because the schema types references as plain integers and cannot say which ids exist,
nor state the cross-field rules the services enforce (dates in order, one answer per question…), and 412 is a
stale version, not bad data. ``missing_required_header`` also accepts 428, which is what RFC 6585 names for a
missing required ``If-Match`` (approving minutes), and ``negative_data_rejection`` also accepts 412 (a stale
``If-Match`` is refused before the body is read). Reads get the stricter ``schema_valid_reads_are_answered``
below: a schema-valid GET may be refused only for naming a record that does not exist.

Budget (CI runs this file on one of its 2 cores, beside the rest of the suite): hypothesis ``max_examples=25``
per operation in the fuzzing phase (positive and negative cases, every media type the API parses), plus the
examples phase and the coverage phase, which is deterministic and systematic (every parameter's boundary and
wrong-type values, missing required fields...) but sends its bodies as JSON only: the form and multipart
encodings of the same bodies reach the same serializers, and the fuzzing phase still sends them. That is about
13,000 requests for the ~160 operations; ``deadline=None`` and ``derandomize=True`` with a fixed seed, so a run
is reproducible and a failure replays exactly. Measured for the whole file on the 2-core machine while other
heavy jobs shared it (load average 5-10): 7 minutes on PostgreSQL, 10 on SQLite; it then got roughly a quarter
of a core, so an idle core should take a few minutes (an estimate, not measured). ``FUZZ_MAX_EXAMPLES=200``
gives a deeper (non-CI) run.

Excluded operations: none.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import schemathesis
import werkzeug.test
from django import forms
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import TestPhase

from shrhub.roles import Role
from shrhub.tokens import issue_token
from tests.documents.factories import AttachmentFactory

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "25"))
COVERED_MEDIA_TYPES = {None, "application/json"}  # the coverage phase's bodies, see the module docstring
SEED = 20261101

POSITIVE_WRITE_REFUSALS = ["400", "412"]  # see the module docstring
# schemathesis' defaults, plus 428 Precondition Required: the answer (RFC 6585) when a required If-Match is missing
MISSING_HEADER_REFUSALS = ["400", "401", "403", "406", "415", "422", "428"]
# schemathesis' defaults, plus 412: a stale If-Match is refused before the body is read, so a bad body sent with
# an out-of-date version is refused as stale (either refusal changes nothing)
NEGATIVE_DATA_REFUSALS = ["400", "401", "403", "404", "405", "406", "409", "412", "415", "422", "428", "429", "5xx"]


def _reference_refusals() -> list[re.Pattern]:
    """How a filter refuses a value that names no record or choice, in every language the API answers in."""
    patterns = []
    for code, _name in django_settings.LANGUAGES:
        with translation.override(code):
            for field in (forms.ModelChoiceField, forms.ChoiceField):
                text = str(field.default_error_messages["invalid_choice"])
                patterns.append(re.compile(re.escape(text).replace(re.escape("%(value)s"), ".*")))
    return patterns


REFERENCE_REFUSALS = _reference_refusals()

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        "phases": {"stateful": {"enabled": False}},  # drf-spectacular declares no links to follow
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "429", *POSITIVE_WRITE_REFUSALS]
            },
            "missing_required_header": {"expected-statuses": MISSING_HEADER_REFUSALS},
            "negative_data_rejection": {"expected-statuses": NEGATIVE_DATA_REFUSALS},
        },
    }
)


APP = WSGIHandler()  # what config.wsgi serves, built under the test settings
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True), config=CONFIG)
schema.app = APP


@schemathesis.check
def schema_valid_reads_are_answered(ctx, response, case) -> bool | None:
    """A schema-valid GET is answered, or refused (400) only because a filter names a record that does not exist."""
    meta = case.meta
    if case.method.upper() != "GET" or meta is None or not meta.generation.mode.is_positive:
        return None
    if response.status_code != 400:
        return None
    body = response.json()
    unexplained = {
        name: messages
        for name, messages in body.items()
        if not (isinstance(messages, list) and all(any(p.fullmatch(m) for p in REFERENCE_REFUSALS) for m in messages))
    }
    assert not unexplained, f"a schema-valid read was refused: {unexplained}"
    return None


@pytest.fixture
def wsgi_connections() -> Iterator[None]:
    """Keep the test's database connection open across requests (as Django's test client does): the handler
    would otherwise close it at the end of every request, inside the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@dataclass
class World:
    headers: dict[str, str]
    lookups: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def existing(self, path: str, name: str) -> str | None:
        """The ``name`` (id or key) of the first record the operation's own list shows the administrator."""
        list_path = path.split("{", 1)[0]  # /api/v1/meetings/{id}/amendments/ → /api/v1/meetings/
        if (list_path, name) not in self.lookups:
            response = werkzeug.test.Client(APP).get(list_path, headers=self.headers)
            assert response.status_code == 200, (list_path, response.status_code)
            data = response.json
            rows = data["results"] if isinstance(data, dict) else data
            self.lookups[list_path, name] = str(rows[0][name]) if rows else None
        return self.lookups[list_path, name]


@pytest.fixture
def world(make_user, wsgi_connections) -> World:
    """One record of every kind the API serves, and an administrator's write-enabled token."""
    from stakeholders.models import MappingAnswer
    from tests.practices import factories as practices
    from tests.shrhub import factories as shared
    from tests.stakeholders import factories as registry
    from tests.workinggroups import factories as groups

    admin = make_user(Role.ADMINISTRATOR)
    _, key = issue_token(user=admin, name="fuzz", can_write=True)

    shared.LocalityFactory()
    organisation = registry.OrganisationFactory()
    person = registry.PersonFactory()
    registry.TenureFactory(position=registry.PositionFactory(organisation=organisation), holder=person)
    registry.AssessmentFactory(stakeholder=organisation)
    registry.AssessmentFactory(stakeholder=person, stance="spoiler")
    registry.RelationshipFactory(source=organisation, target=person)
    registry.EngagementFactory(stakeholders=[organisation, person])
    mapping_round = registry.MappingRoundFactory()
    question = practices.MappingQuestionFactory()
    MappingAnswer.objects.create(mapping_round=mapping_round, question=question, answer="The governor.")
    practices.AdoptionFactory(practice=practices.PracticeFactory())

    meeting = groups.HeldMeetingFactory()
    groups.AgendaItemFactory(meeting=meeting)
    groups.AttendanceFactory(meeting=meeting)
    groups.GuestFactory(meeting=meeting)
    groups.KeyIssueFactory(meeting=meeting)
    groups.ActionProgressFactory(action=groups.ActionItemFactory(meeting=meeting))
    groups.MeetingFactory(group=meeting.group)  # a planned one, for the calendars
    groups.MinutesAmendmentFactory()
    groups.StaffMembershipFactory(group=meeting.group)
    AttachmentFactory()  # a document with its file, for the download
    return World(headers={"Authorization": f"Token {key}"})


@pytest.mark.django_db
@schema.parametrize()
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_operation(case, world):
    meta = case.meta
    if case.path_parameters and meta is not None and not meta.is_negative_at(ParameterLocation.PATH):
        for name in case.path_parameters:
            value = world.existing(case.path, name)
            if value is not None:
                case.path_parameters[name] = value
    if meta is not None and meta.phase.name == TestPhase.COVERAGE and case.media_type not in COVERED_MEDIA_TYPES:
        return  # budget: see the module docstring
    case.call_and_validate(headers=world.headers)


JSON = "application/json"
ABUSE = {
    # name: (method, path, query, body, content type)
    "oversized body": ("POST", "/api/v1/stakeholders/", None, '{"name": "' + "x" * 20_000 + '"}', JSON),
    "NUL byte in a body": ("POST", "/api/v1/jurisdictions/", None, '{"name": "a\\u0000b", "code": "x"}', JSON),
    "NUL byte in a filter": ("GET", "/api/v1/stakeholders/", {"q": "a\x00b"}, None, None),
    "NUL byte in a key": ("GET", "/api/v1/practices/{key}/", None, None, None),
    "unknown filter": ("GET", "/api/v1/stakeholders/", {"secter": "police"}, None, None),
    "blank typed filter": ("GET", "/api/v1/stakeholders/", {"updated_since": ""}, None, None),
    "boolean not true/false": ("GET", "/api/v1/positions/", {"vacant": "yes"}, None, None),
    "page size out of range": ("GET", "/api/v1/stakeholders/", {"page_size": "100000"}, None, None),
    "malformed cursor": ("GET", "/api/v1/stakeholders/", {"cursor": "%%%"}, None, None),
    "cursor of another shape": ("GET", "/api/v1/stakeholders/", {"cursor": "bz1hYmM="}, None, None),
    "malformed page": ("GET", "/api/v1/adoptions/", {"page": "x"}, None, None),
    "number for a string": ("POST", "/api/v1/jurisdictions/", None, '{"name": "A", "code": 0}', JSON),
    "string for a number": ("PATCH", "/api/v1/assessments/{id}/", None, '{"influence": "3"}', JSON),
    "malformed If-Match": ("PATCH", "/api/v1/jurisdictions/{id}/", None, "{}", JSON),
    "malformed JSON": ("POST", "/api/v1/stakeholders/", None, "{not json", JSON),
    "deeply nested JSON": ("POST", "/api/v1/stakeholders/", None, '{"name": ' + "[" * 1000 + "]" * 1000 + "}", JSON),
    "unroutable id": ("GET", "/api/v1/stakeholders/{0.5}/", None, None, None),
}
# The one right answer to each: 400 for input refused, 404 for what names nothing (a key, a cursor, a page, an id).
ABUSE_STATUS = {
    "oversized body": 400,  # Django's RequestDataTooBig is a SuspiciousOperation: 400, not 413
    "NUL byte in a body": 400,
    "NUL byte in a filter": 400,
    "NUL byte in a key": 404,
    "unknown filter": 400,
    "blank typed filter": 400,
    "boolean not true/false": 400,
    "page size out of range": 400,
    "malformed cursor": 404,
    "cursor of another shape": 404,
    "malformed page": 404,
    "number for a string": 400,
    "string for a number": 400,
    "malformed If-Match": 400,
    "malformed JSON": 400,
    "deeply nested JSON": 400,
    "unroutable id": 404,
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(ABUSE))
def test_abuse_answers_a_documented_4xx(name, world, settings):
    """The abuse cases the security requirements name answer their 4xx, in JSON, as the schema documents them."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    method, path, query, body, content_type = ABUSE[name]
    template = path.replace("{0.5}", "{id}")
    path = path.replace("{0.5}", "0.5").replace("{key}", "a%00b")
    if "{id}" in path:
        path = path.replace("{id}", world.existing(path, "id"))
    headers = dict(world.headers)
    if name == "malformed If-Match":
        headers["If-Match"] = "3"
    elif name == "string for a number":
        headers["If-Match"] = '"1"'  # the world's record as made: the update reaches the field's type check
    client = werkzeug.test.Client(APP)
    response = client.open(
        path, method=method, query_string=query, data=body, content_type=content_type, headers=headers
    )
    assert response.status_code == ABUSE_STATUS[name], (response.status_code, response.get_data(as_text=True)[:300])
    assert response.mimetype == "application/json"
    schema[template][method].validate_response(response)

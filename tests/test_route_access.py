"""Every route, anonymous and every role, against one expected-access table (issue 6, "Confidentiality").

The routes are not listed by hand: ``walk()`` goes through ``django.urls.get_resolver()`` recursively
(namespaces included) and collects every named route, the API router's included (its format-suffix twins
``foo.json`` are grouped under their route's name). Only Django's own admin site is left out (it has its own
gate, checked by ``test_admin_site``) and static files. A route the walk finds without an entry in
``EXPECTED`` fails, naming it; so does an entry whose route no longer exists, and an entry that disagrees
with the methods the route offers (a view that gains a ``post`` needs a ``write`` entry, and the reverse).

``EXPECTED`` is the independent statement of who may use what. Its role sets are written out below from
the README's role table (and ``shrhub/roles.py`` read by a person), never computed from ``shrhub.roles``:
a wrong edit of the role table must fail here. Per route and method class:

* pages (``Page``): ``read`` is GET, ``write`` is POST (and PUT, which Django's form views take like POST);
* API (``Api``): ``read`` is GET, ``write`` is every write method the router maps for the route (POST on
  lists, PUT/PATCH/DELETE on details, the extra actions' own), less those the viewset does not offer.

``None`` means the method class is not offered at all: everyone signed in gets 403 or 405, and nothing
changes. What each answer must be:

* anonymous, where not open to them: pages 302 to the login page, the API 401;
* a role not allowed: 403 (404 only where the entry names the role in ``hidden``);
* an allowed role: GET 200 (302, not to the login page, where the entry says ``redirect``); a write passes
  the gate: 200/201/204, 302 (not to the login page), 400 for the empty or minimal body sent, 409 when
  the record is still referred to, or 428 where the write must name the version it is based on (approving
  minutes through the API without ``If-Match``); never 401, 403, 404, 405 or 500.

A refused write must also change nothing: no audit (history) row, no row added or removed for the route's
model, the target row identical.

URL parameters are filled with real records: the demo country (``seed_demo``) and the catalogue
(``load_catalogue``) are loaded once for the module, committed, and flushed at its end (the post_migrate
handlers bring the roles and vocabularies back for the next tests of the same worker). For each route the
test picks an internal record of the route's model that every role allowed on it may see.

Writes by allowed roles go to the seeded record itself, not to a throwaway copy: each test runs inside the
transaction pytest-django rolls back at its end, so a DELETE or an erasure by an allowed role is undone
before the next test. The other entries still find their records, and the gate is tried on a real,
referenced record (which may answer 409) rather than on a bare one made for the occasion.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from shrhub.tokens import issue_token

pytestmark = [pytest.mark.dates, pytest.mark.crawl]  # the demo country is seeded relative to today

# Who is who: the five roles of the README's table, and anonymous visitors. ------------------------------------

ANONYMOUS = "anonymous"
SECURITY = "security"
COMMUNITY = "community"
EXTERNAL = "external"
MANAGER = "manager"
INTEGRATION = "integration"
ADMINISTRATOR = "administrator"

ROLES = (SECURITY, COMMUNITY, EXTERNAL, MANAGER, INTEGRATION, ADMINISTRATOR)
EVERYONE = frozenset({ANONYMOUS, *ROLES})  # the login page and the health check
SIGNED_IN = frozenset(ROLES)
PAGE_USERS = frozenset({SECURITY, COMMUNITY, EXTERNAL, MANAGER, ADMINISTRATOR})  # integration is API-only
API_READERS = frozenset({SECURITY, COMMUNITY, EXTERNAL, MANAGER, INTEGRATION, ADMINISTRATOR})  # all read every model
REGISTRY_WRITERS = frozenset({SECURITY, ADMINISTRATOR})  # stakeholders, positions, tenures, assessments, …
# Every corporate function logs its engagements (and edits them) and records assessments; security staff and
# administrators alone correct or delete assessments and delete engagements.
CONTRIBUTORS = frozenset({SECURITY, COMMUNITY, EXTERNAL, ADMINISTRATOR})
ROUND_WRITERS = frozenset({SECURITY, MANAGER, ADMINISTRATOR})  # mapping rounds and their answers
JURISDICTION_WRITERS = frozenset({MANAGER, ADMINISTRATOR})
ADOPTION_WRITERS = frozenset({MANAGER, ADMINISTRATOR})
GROUP_WRITERS = frozenset({COMMUNITY, ADMINISTRATOR})  # working groups, members, meetings, minutes, actions
MANAGER_VIEWS = frozenset({MANAGER, ADMINISTRATOR})  # manager views (insights) and the access log
ADMINISTRATORS = frozenset({ADMINISTRATOR})  # API tokens, personal-data export and erasure

NOBODY = frozenset()


@dataclasses.dataclass(frozen=True)
class Access:
    """Who may use a route: ``read`` (GET) and ``write`` (POST on pages; the API's write methods).

    ``model`` ("app_label.model") names the model of the URL's record when it is not the view's own;
    ``where`` narrows the records to pick from (a person, a meeting not yet approved…); ``kwargs`` gives
    URL parameters that are not a record's attribute; ``redirect`` lists roles whose allowed GET answers
    302 (not to the login page); ``hidden`` lists roles to whom the record may be hidden (404);
    ``ends_session`` says an allowed write is expected to end on the login page (logging out); ``delete`` names
    who may DELETE where fewer roles delete than write (a contributor keeps a record up to date but does not
    delete it; defaults to ``write``).
    """

    read: frozenset[str] | None = None
    write: frozenset[str] | None = None
    delete: frozenset[str] | None = None
    model: str | None = None
    where: dict[str, Any] = dataclasses.field(default_factory=dict)
    kwargs: dict[str, Any] = dataclasses.field(default_factory=dict)
    redirect: frozenset[str] = NOBODY
    hidden: frozenset[str] = NOBODY
    ends_session: bool = False

    def allowed(self, method: str) -> frozenset[str] | None:
        """Who may send ``method`` (``None``: the method class is not offered)."""
        if method in READ_METHODS:
            return self.read
        if method == "delete" and self.delete is not None:
            return self.delete
        return self.write


class Page(Access):
    """A web page: anonymous visitors are sent to the login page."""


class Api(Access):
    """An API endpoint: anonymous requests answer 401."""


PERSON = {"kind": "person"}
DRAFT = {"approved_at__isnull": True}  # a meeting whose minutes are not approved yet
APPROVED = {"approved_at__isnull": False}
CSV = {"name": "data", "fmt": "csv"}  # every manager view has a "data" table

EXPECTED: dict[str, Access] = {
    # Accounts, tokens, audit ----------------------------------------------------------------------------------
    "home": Page(read=PAGE_USERS, write=PAGE_USERS),  # a plain function: answers POST like GET
    "manager_warnings": Page(read=MANAGER_VIEWS, write=MANAGER_VIEWS),  # a plain function: POST as GET
    "health": Page(read=EVERYONE, write=EVERYONE),  # a plain function, open: answers POST like GET
    "login": Page(read=EVERYONE, write=EVERYONE, redirect=SIGNED_IN),  # signed-in users are sent on
    "logout": Page(write=SIGNED_IN, ends_session=True),  # POST only; the API-only role may log out too
    "password_change": Page(read=PAGE_USERS, write=PAGE_USERS),
    "password_change_done": Page(read=PAGE_USERS),
    # Two-factor: no role requires it in test settings and these users have no device, so nobody is pending:
    # the code step sends a verified-or-exempt session on, removal without a device goes back to the status page.
    "two_factor": Page(read=PAGE_USERS, write=PAGE_USERS),  # a plain function: answers POST like GET
    "two_factor_verify": Page(read=PAGE_USERS, write=PAGE_USERS, redirect=PAGE_USERS),
    "two_factor_enrol": Page(read=PAGE_USERS, write=PAGE_USERS),  # an empty code: 400
    "two_factor_recovery_codes": Page(write=PAGE_USERS),  # POST only; without a device: back to the status page
    "two_factor_remove": Page(read=PAGE_USERS, write=PAGE_USERS, redirect=PAGE_USERS),
    "two_factor_users": Page(read=ADMINISTRATORS, write=ADMINISTRATORS),  # a plain function: POST as GET
    "two_factor_reset": Page(read=ADMINISTRATORS, write=ADMINISTRATORS, model="auth.user"),  # no reason: 400
    "preferences": Page(read=PAGE_USERS, write=PAGE_USERS),
    # Each user's own notifications, digest settings and follow-ups: the records are theirs, no role is refused.
    "notifications:list": Page(read=PAGE_USERS, write=PAGE_USERS),  # a plain function: answers POST like GET
    "notifications:bell": Page(read=PAGE_USERS, write=PAGE_USERS),  # a plain function: answers POST like GET
    "notifications:mark_read": Page(write=PAGE_USERS),  # POST only
    "notifications:settings": Page(read=PAGE_USERS, write=PAGE_USERS),
    "notifications:my_follow_ups": Page(read=PAGE_USERS, write=PAGE_USERS),  # a plain function: POST as GET
    "my-follow-ups": Api(read=API_READERS),
    "my-notifications": Api(read=API_READERS),
    "switch_language": Page(write=EVERYONE),  # POST only; open like the login page it serves (no language: 400)
    "token_list": Page(read=ADMINISTRATORS, write=ADMINISTRATORS),
    "token_revoke": Page(write=ADMINISTRATORS, model="shrhub.apitoken"),
    "access_log": Page(read=MANAGER_VIEWS),
    # Documents: every page user files them on records they see (integration reads through nothing: no API yet);
    # security staff and administrators delete them. Downloads are the pages' own.
    "documents:attachment_list": Page(read=PAGE_USERS),
    "documents:attachment_detail": Page(read=PAGE_USERS),
    "documents:attachment_add": Page(read=PAGE_USERS, write=PAGE_USERS),
    "documents:attachment_edit": Page(read=PAGE_USERS, write=PAGE_USERS),
    "documents:attachment_delete": Page(read=REGISTRY_WRITERS, write=REGISTRY_WRITERS),
    "documents:attachment_history": Page(read=PAGE_USERS),
    "documents:attachment_download": Page(read=PAGE_USERS),
    "attachment-list": Api(read=API_READERS),  # read-only: documents are filed from the records' pages
    "attachment-detail": Api(read=API_READERS),
    "attachment-history": Api(read=API_READERS),
    "attachment-download": Api(read=API_READERS),
    # A long list's export, written by the worker, is its user's alone (every page user reads their own): the
    # record tried is an administrator's, so the other roles do not find it (404).
    "export_job": Page(
        read=ADMINISTRATORS, model="shrhub.exportjob", hidden=frozenset({SECURITY, COMMUNITY, EXTERNAL, MANAGER})
    ),
    "export_job_download": Page(
        read=ADMINISTRATORS, model="shrhub.exportjob", hidden=frozenset({SECURITY, COMMUNITY, EXTERNAL, MANAGER})
    ),
    # Imports: whoever adds or changes an importable kind (stakeholders and their offices for security staff,
    # engagements and assessments for every contributor); a batch is its uploader's alone (the record tried is an
    # administrator's, so the other roles do not find it).
    "imports": Page(read=CONTRIBUTORS, write=CONTRIBUTORS),
    "import_batch": Page(
        read=ADMINISTRATORS,
        write=ADMINISTRATORS,
        model="shrhub.importbatch",
        hidden=frozenset({SECURITY, COMMUNITY, EXTERNAL, MANAGER}),
    ),
    "import_template": Page(read=CONTRIBUTORS, kwargs={"model": "stakeholders.engagement", "fmt": "csv"}),
    # Any list's rows as a spreadsheet: whoever reads the list (the crawl tries one; tests/shrhub/test_list_exports.py
    # every model; the canary every model's export).
    "list_export": Page(read=PAGE_USERS, kwargs={"model": "stakeholders.stakeholder", "fmt": "csv"}),
    # Calendar feeds: every page user manages their own; administrators anyone's. The record tried is an
    # administrator's feed, so the other roles do not find it (404).
    "workinggroups:calendarfeed_list": Page(read=PAGE_USERS, write=PAGE_USERS),
    "workinggroups:calendarfeed_revoke": Page(
        write=ADMINISTRATORS,
        model="workinggroups.calendarfeedtoken",
        hidden=frozenset({SECURITY, COMMUNITY, EXTERNAL, MANAGER}),
    ),
    # Jurisdictions -------------------------------------------------------------------------------------------
    "shrhub:jurisdiction_list": Page(read=PAGE_USERS),
    "shrhub:jurisdiction_detail": Page(read=PAGE_USERS),
    "shrhub:jurisdiction_add": Page(read=JURISDICTION_WRITERS, write=JURISDICTION_WRITERS),
    "shrhub:jurisdiction_edit": Page(read=JURISDICTION_WRITERS, write=JURISDICTION_WRITERS),
    "shrhub:jurisdiction_delete": Page(read=JURISDICTION_WRITERS, write=JURISDICTION_WRITERS),
    "shrhub:jurisdiction_history": Page(read=PAGE_USERS),
    # Registry ------------------------------------------------------------------------------------------------
    "stakeholders:stakeholder_list": Page(read=PAGE_USERS),
    "stakeholders:stakeholder_detail": Page(read=PAGE_USERS),
    "stakeholders:stakeholder_add": Page(read=REGISTRY_WRITERS, write=REGISTRY_WRITERS),
    "stakeholders:stakeholder_edit": Page(read=REGISTRY_WRITERS, write=REGISTRY_WRITERS),
    "stakeholders:stakeholder_delete": Page(read=REGISTRY_WRITERS, write=REGISTRY_WRITERS),
    "stakeholders:stakeholder_history": Page(read=PAGE_USERS),
    "stakeholders:person_export": Page(read=ADMINISTRATORS, model="stakeholders.stakeholder", where=PERSON),
    "stakeholders:person_erase": Page(
        read=ADMINISTRATORS, write=ADMINISTRATORS, model="stakeholders.stakeholder", where=PERSON
    ),
    # the person's own row: nothing to redact there (erasure clears it), the page and its POST still answer
    "stakeholders:person_redact": Page(
        read=ADMINISTRATORS,
        write=ADMINISTRATORS,
        model="stakeholders.stakeholder",
        where=PERSON,
        kwargs={"label": "stakeholders.stakeholder"},
    ),
    "stakeholders:position_list": Page(read=PAGE_USERS),
    "stakeholders:position_detail": Page(read=PAGE_USERS),
    "stakeholders:position_add": Page(read=REGISTRY_WRITERS, write=REGISTRY_WRITERS),
    "stakeholders:position_edit": Page(read=REGISTRY_WRITERS, write=REGISTRY_WRITERS),
    "stakeholders:position_delete": Page(read=REGISTRY_WRITERS, write=REGISTRY_WRITERS),
    "stakeholders:position_history": Page(read=PAGE_USERS),
    "stakeholders:tenure_list": Page(read=PAGE_USERS),
    "stakeholders:tenure_detail": Page(read=PAGE_USERS),
    "stakeholders:tenure_add": Page(read=REGISTRY_WRITERS, write=REGISTRY_WRITERS),
    "stakeholders:tenure_edit": Page(read=REGISTRY_WRITERS, write=REGISTRY_WRITERS),
    "stakeholders:tenure_delete": Page(read=REGISTRY_WRITERS, write=REGISTRY_WRITERS),
    "stakeholders:tenure_history": Page(read=PAGE_USERS),
    "stakeholders:assessment_list": Page(read=PAGE_USERS),
    "stakeholders:assessment_detail": Page(read=PAGE_USERS),
    "stakeholders:assessment_add": Page(read=CONTRIBUTORS, write=CONTRIBUTORS),
    "stakeholders:assessment_edit": Page(read=REGISTRY_WRITERS, write=REGISTRY_WRITERS),
    "stakeholders:assessment_delete": Page(read=REGISTRY_WRITERS, write=REGISTRY_WRITERS),
    "stakeholders:assessment_history": Page(read=PAGE_USERS),
    "stakeholders:mappinground_list": Page(read=PAGE_USERS),
    "stakeholders:mappinground_detail": Page(read=PAGE_USERS),
    "stakeholders:mappinground_add": Page(read=ROUND_WRITERS, write=ROUND_WRITERS),
    "stakeholders:mappinground_edit": Page(read=ROUND_WRITERS, write=ROUND_WRITERS),
    "stakeholders:mappinground_delete": Page(read=ROUND_WRITERS, write=ROUND_WRITERS),
    "stakeholders:mappinground_history": Page(read=PAGE_USERS),
    "stakeholders:relationship_list": Page(read=PAGE_USERS),
    "stakeholders:relationship_detail": Page(read=PAGE_USERS),
    "stakeholders:relationship_add": Page(read=REGISTRY_WRITERS, write=REGISTRY_WRITERS),
    "stakeholders:relationship_edit": Page(read=REGISTRY_WRITERS, write=REGISTRY_WRITERS),
    "stakeholders:relationship_delete": Page(read=REGISTRY_WRITERS, write=REGISTRY_WRITERS),
    "stakeholders:relationship_history": Page(read=PAGE_USERS),
    "stakeholders:engagement_list": Page(read=PAGE_USERS),
    "stakeholders:engagement_detail": Page(read=PAGE_USERS),
    "stakeholders:engagement_add": Page(read=CONTRIBUTORS, write=CONTRIBUTORS),
    "stakeholders:engagement_edit": Page(read=CONTRIBUTORS, write=CONTRIBUTORS),
    "stakeholders:engagement_delete": Page(read=REGISTRY_WRITERS, write=REGISTRY_WRITERS),
    "stakeholders:engagement_history": Page(read=PAGE_USERS),
    # Manager views -------------------------------------------------------------------------------------------
    "stakeholders:insights_map": Page(read=MANAGER_VIEWS),
    "stakeholders:insights_map_export": Page(read=MANAGER_VIEWS, kwargs=CSV),
    "stakeholders:insights_changes": Page(read=MANAGER_VIEWS),
    "stakeholders:insights_changes_export": Page(read=MANAGER_VIEWS, kwargs=CSV),
    "stakeholders:insights_network": Page(read=MANAGER_VIEWS),
    "stakeholders:insights_network_export": Page(read=MANAGER_VIEWS, kwargs=CSV),
    "stakeholders:insights_coordination": Page(read=MANAGER_VIEWS),
    "stakeholders:insights_coordination_export": Page(read=MANAGER_VIEWS, kwargs=CSV),
    "stakeholders:insights_coverage": Page(read=MANAGER_VIEWS),
    "stakeholders:insights_coverage_export": Page(read=MANAGER_VIEWS, kwargs=CSV),
    # Catalogue, adoptions, progress --------------------------------------------------------------------------
    "practices:catalogue": Page(read=PAGE_USERS),
    "practices:challenge_detail": Page(read=PAGE_USERS, model="practices.challenge"),
    "practices:practice_list": Page(read=PAGE_USERS),
    "practices:practice_detail": Page(read=PAGE_USERS),
    "practices:case_study_list": Page(read=PAGE_USERS),
    "practices:method_list": Page(read=PAGE_USERS),
    "practices:method_detail": Page(read=PAGE_USERS),
    "practices:reference_list": Page(read=PAGE_USERS),
    "practices:reference_detail": Page(read=PAGE_USERS),
    "practices:adoption_list": Page(read=PAGE_USERS),
    "practices:adoption_detail": Page(read=PAGE_USERS),
    "practices:adoption_add": Page(read=ADOPTION_WRITERS, write=ADOPTION_WRITERS),
    "practices:adoption_edit": Page(read=ADOPTION_WRITERS, write=ADOPTION_WRITERS),
    "practices:adoption_delete": Page(read=ADOPTION_WRITERS, write=ADOPTION_WRITERS),
    "practices:adoption_history": Page(read=PAGE_USERS),
    "practices:adoption_review": Page(write=ADOPTION_WRITERS),
    "practices:progress_index": Page(read=PAGE_USERS),
    "practices:progress_detail": Page(read=PAGE_USERS, model="shrhub.jurisdiction"),
    # Working groups ------------------------------------------------------------------------------------------
    "workinggroups:workinggroup_list": Page(read=PAGE_USERS),
    "workinggroups:workinggroup_detail": Page(read=PAGE_USERS),
    "workinggroups:workinggroup_add": Page(read=GROUP_WRITERS, write=GROUP_WRITERS),
    "workinggroups:workinggroup_edit": Page(read=GROUP_WRITERS, write=GROUP_WRITERS),
    "workinggroups:workinggroup_delete": Page(read=GROUP_WRITERS, write=GROUP_WRITERS),
    "workinggroups:workinggroup_history": Page(read=PAGE_USERS),
    "workinggroups:membership_list": Page(read=PAGE_USERS),
    "workinggroups:membership_detail": Page(read=PAGE_USERS),
    "workinggroups:membership_add": Page(read=GROUP_WRITERS, write=GROUP_WRITERS),
    "workinggroups:membership_edit": Page(read=GROUP_WRITERS, write=GROUP_WRITERS),
    "workinggroups:membership_delete": Page(read=GROUP_WRITERS, write=GROUP_WRITERS),
    "workinggroups:membership_history": Page(read=PAGE_USERS),
    "workinggroups:membership_end": Page(read=GROUP_WRITERS, write=GROUP_WRITERS),
    "workinggroups:meeting_list": Page(read=PAGE_USERS),
    "workinggroups:meeting_detail": Page(read=PAGE_USERS),
    "workinggroups:meeting_add": Page(read=GROUP_WRITERS, write=GROUP_WRITERS),
    "workinggroups:meeting_edit": Page(read=GROUP_WRITERS, write=GROUP_WRITERS),
    "workinggroups:meeting_delete": Page(read=GROUP_WRITERS, write=GROUP_WRITERS),
    "workinggroups:meeting_history": Page(read=PAGE_USERS),
    "workinggroups:meeting_attendance": Page(read=GROUP_WRITERS, write=GROUP_WRITERS, where=DRAFT),
    "workinggroups:meeting_minutes": Page(read=GROUP_WRITERS, write=GROUP_WRITERS, where=DRAFT),
    "workinggroups:minutes_preview": Page(write=PAGE_USERS),  # renders the posted Markdown; stores nothing
    "workinggroups:meeting_approve": Page(read=GROUP_WRITERS, write=GROUP_WRITERS, where=DRAFT),
    "workinggroups:meeting_amend": Page(read=GROUP_WRITERS, write=GROUP_WRITERS, where=APPROVED),
    "workinggroups:meeting_print": Page(read=PAGE_USERS),
    "workinggroups:keyissue_list": Page(read=PAGE_USERS),
    "workinggroups:keyissue_detail": Page(read=PAGE_USERS),
    "workinggroups:keyissue_add": Page(read=GROUP_WRITERS, write=GROUP_WRITERS),
    "workinggroups:keyissue_edit": Page(read=GROUP_WRITERS, write=GROUP_WRITERS),
    "workinggroups:keyissue_delete": Page(read=GROUP_WRITERS, write=GROUP_WRITERS),
    "workinggroups:keyissue_history": Page(read=PAGE_USERS),
    "workinggroups:actionitem_list": Page(read=PAGE_USERS),
    "workinggroups:actionitem_detail": Page(read=PAGE_USERS),
    "workinggroups:actionitem_add": Page(read=GROUP_WRITERS, write=GROUP_WRITERS),
    "workinggroups:actionitem_edit": Page(read=GROUP_WRITERS, write=GROUP_WRITERS),
    "workinggroups:actionitem_delete": Page(read=GROUP_WRITERS, write=GROUP_WRITERS),
    "workinggroups:actionitem_history": Page(read=PAGE_USERS),
    "workinggroups:actionitem_progress": Page(write=GROUP_WRITERS, model="workinggroups.actionitem"),
    # API: manager views ---------------------------------------------------------------------------------------
    "insights-map": Api(read=MANAGER_VIEWS),
    "insights-changes": Api(read=MANAGER_VIEWS),
    "insights-network": Api(read=MANAGER_VIEWS),
    "insights-coordination": Api(read=MANAGER_VIEWS),
    "insights-coverage": Api(read=MANAGER_VIEWS),
    "insights-warnings": Api(read=MANAGER_VIEWS),
    # API: jurisdictions, catalogue, adoptions -----------------------------------------------------------------
    "jurisdiction-list": Api(read=API_READERS, write=JURISDICTION_WRITERS),
    "jurisdiction-detail": Api(read=API_READERS, write=JURISDICTION_WRITERS),
    "jurisdiction-history": Api(read=API_READERS),
    "edition-list": Api(read=API_READERS),
    "edition-detail": Api(read=API_READERS),
    "challenge-list": Api(read=API_READERS),
    "challenge-detail": Api(read=API_READERS),
    "practice-list": Api(read=API_READERS),
    "practice-detail": Api(read=API_READERS),
    "reference-list": Api(read=API_READERS),
    "reference-detail": Api(read=API_READERS),
    "method-list": Api(read=API_READERS),
    "method-detail": Api(read=API_READERS),
    "mappingquestion-list": Api(read=API_READERS),
    "mappingquestion-detail": Api(read=API_READERS),
    "adoption-list": Api(read=API_READERS, write=ADOPTION_WRITERS),
    "adoption-detail": Api(read=API_READERS, write=ADOPTION_WRITERS),
    "adoption-history": Api(read=API_READERS),
    "adoption-review": Api(write=ADOPTION_WRITERS),
    # API: registry --------------------------------------------------------------------------------------------
    "stakeholder-list": Api(read=API_READERS, write=REGISTRY_WRITERS),
    "stakeholder-detail": Api(read=API_READERS, write=REGISTRY_WRITERS),
    "stakeholder-history": Api(read=API_READERS),
    "position-list": Api(read=API_READERS, write=REGISTRY_WRITERS),
    "position-detail": Api(read=API_READERS, write=REGISTRY_WRITERS),
    "position-history": Api(read=API_READERS),
    "tenure-list": Api(read=API_READERS, write=REGISTRY_WRITERS),
    "tenure-detail": Api(read=API_READERS, write=REGISTRY_WRITERS),
    "tenure-history": Api(read=API_READERS),
    "assessment-list": Api(read=API_READERS, write=CONTRIBUTORS),
    "assessment-detail": Api(read=API_READERS, write=REGISTRY_WRITERS),
    "assessment-history": Api(read=API_READERS),
    "mappinground-list": Api(read=API_READERS, write=ROUND_WRITERS),
    "mappinground-detail": Api(read=API_READERS, write=ROUND_WRITERS),
    "mappinground-history": Api(read=API_READERS),
    "mappinganswer-list": Api(read=API_READERS, write=ROUND_WRITERS),
    "mappinganswer-detail": Api(read=API_READERS, write=ROUND_WRITERS),
    "mappinganswer-history": Api(read=API_READERS),
    "relationship-list": Api(read=API_READERS, write=REGISTRY_WRITERS),
    "relationship-detail": Api(read=API_READERS, write=REGISTRY_WRITERS),
    "relationship-history": Api(read=API_READERS),
    "engagement-list": Api(read=API_READERS, write=CONTRIBUTORS),
    "engagement-detail": Api(read=API_READERS, write=CONTRIBUTORS, delete=REGISTRY_WRITERS),
    "engagement-history": Api(read=API_READERS),
    # API: working groups --------------------------------------------------------------------------------------
    "workinggroup-list": Api(read=API_READERS, write=GROUP_WRITERS),
    "workinggroup-detail": Api(read=API_READERS, write=GROUP_WRITERS),
    "workinggroup-calendar": Api(read=API_READERS),
    "workinggroup-history": Api(read=API_READERS),
    "membership-list": Api(read=API_READERS, write=GROUP_WRITERS),
    "membership-detail": Api(read=API_READERS, write=GROUP_WRITERS),
    "membership-history": Api(read=API_READERS),
    "meeting-list": Api(read=API_READERS, write=GROUP_WRITERS),
    "meeting-calendar": Api(read=API_READERS),
    "meeting-detail": Api(read=API_READERS, write=GROUP_WRITERS),
    "meeting-amendments": Api(read=API_READERS, write=GROUP_WRITERS, where=APPROVED),
    "meeting-approve": Api(write=GROUP_WRITERS, where=DRAFT),
    "meeting-history": Api(read=API_READERS),
    "agendaitem-list": Api(read=API_READERS, write=GROUP_WRITERS),
    "agendaitem-detail": Api(read=API_READERS, write=GROUP_WRITERS),
    "agendaitem-history": Api(read=API_READERS),
    "attendance-list": Api(read=API_READERS, write=GROUP_WRITERS),
    "attendance-detail": Api(read=API_READERS, write=GROUP_WRITERS),
    "attendance-history": Api(read=API_READERS),
    "guest-list": Api(read=API_READERS, write=GROUP_WRITERS),
    "guest-detail": Api(read=API_READERS, write=GROUP_WRITERS),
    "guest-history": Api(read=API_READERS),
    "keyissue-list": Api(read=API_READERS, write=GROUP_WRITERS),
    "keyissue-detail": Api(read=API_READERS, write=GROUP_WRITERS),
    "keyissue-history": Api(read=API_READERS),
    "minutesamendment-list": Api(read=API_READERS),  # read-only here: amend through meetings/{id}/amendments/
    "minutesamendment-detail": Api(read=API_READERS),
    "minutesamendment-history": Api(read=API_READERS),
    "actionitem-list": Api(read=API_READERS, write=GROUP_WRITERS),
    "actionitem-detail": Api(read=API_READERS, write=GROUP_WRITERS),
    "actionitem-history": Api(read=API_READERS),
    "actionprogress-list": Api(read=API_READERS, write=GROUP_WRITERS),
    "actionprogress-detail": Api(read=API_READERS),  # progress notes are appended, never edited
    "actionprogress-history": Api(read=API_READERS),
    # API: root, schema and its documentation pages -------------------------------------------------------------
    "api-root": Api(read=API_READERS),
    "api-schema": Api(read=API_READERS),
    "api-docs": Page(read=PAGE_USERS),  # browsable pages: the login middleware treats them as pages
}

# Agreements, their obligations and roll-out: every page role keeps them up to date (the external-affairs role
# too); only security staff and administrators delete them; the API-only role reads. --------------------------
COMMITMENT_WRITERS = frozenset({SECURITY, COMMUNITY, EXTERNAL, MANAGER, ADMINISTRATOR})
COMMITMENT_DELETERS = frozenset({SECURITY, ADMINISTRATOR})
EXPECTED.update(
    {
        "commitments:agreement_list": Page(read=PAGE_USERS),
        "commitments:agreement_detail": Page(read=PAGE_USERS),
        "commitments:agreement_add": Page(read=COMMITMENT_WRITERS, write=COMMITMENT_WRITERS),
        "commitments:agreement_edit": Page(read=COMMITMENT_WRITERS, write=COMMITMENT_WRITERS),
        "commitments:agreement_delete": Page(read=COMMITMENT_DELETERS, write=COMMITMENT_DELETERS),
        "commitments:agreement_history": Page(read=PAGE_USERS),
        # POST only: adds the bodies the registry suggests to the agreement's roll-out (the URL names the agreement)
        "commitments:rollout_suggest": Page(write=COMMITMENT_WRITERS, model="commitments.agreement"),
        "commitments:obligation_list": Page(read=PAGE_USERS),
        "commitments:obligation_detail": Page(read=PAGE_USERS),
        "commitments:obligation_add": Page(read=COMMITMENT_WRITERS, write=COMMITMENT_WRITERS),
        "commitments:obligation_edit": Page(read=COMMITMENT_WRITERS, write=COMMITMENT_WRITERS),
        "commitments:obligation_delete": Page(read=COMMITMENT_DELETERS, write=COMMITMENT_DELETERS),
        "commitments:obligation_history": Page(read=PAGE_USERS),
        "commitments:obligation_progress": Page(write=COMMITMENT_WRITERS, model="commitments.obligation"),
        "commitments:rollout_list": Page(read=PAGE_USERS),
        "commitments:rollout_detail": Page(read=PAGE_USERS),
        "commitments:rollout_add": Page(read=COMMITMENT_WRITERS, write=COMMITMENT_WRITERS),
        "commitments:rollout_edit": Page(read=COMMITMENT_WRITERS, write=COMMITMENT_WRITERS),
        "commitments:rollout_delete": Page(read=COMMITMENT_DELETERS, write=COMMITMENT_DELETERS),
        "commitments:rollout_history": Page(read=PAGE_USERS),
        "agreement-list": Api(read=API_READERS, write=COMMITMENT_WRITERS),
        "agreement-detail": Api(read=API_READERS, write=COMMITMENT_WRITERS, delete=COMMITMENT_DELETERS),
        "agreement-history": Api(read=API_READERS),
        "obligation-list": Api(read=API_READERS, write=COMMITMENT_WRITERS),
        "obligation-detail": Api(read=API_READERS, write=COMMITMENT_WRITERS, delete=COMMITMENT_DELETERS),
        "obligation-history": Api(read=API_READERS),
        "obligationprogress-list": Api(read=API_READERS, write=COMMITMENT_WRITERS),
        "obligationprogress-detail": Api(read=API_READERS),  # progress notes are appended, never edited
        "obligationprogress-history": Api(read=API_READERS),
        "rollout-list": Api(read=API_READERS, write=COMMITMENT_WRITERS),
        "rollout-detail": Api(read=API_READERS, write=COMMITMENT_WRITERS, delete=COMMITMENT_DELETERS),
        "rollout-history": Api(read=API_READERS),
    }
)

# The case for the VPs: standards raised and commitment assessments are kept up to date by every page role, deleted
# by security staff and administrators; the benefit arguments (the team's vocabulary) by security staff, managers and
# administrators; readiness by level is a manager view. ------------------------------------------------------------
ARGUMENT_WRITERS = frozenset({SECURITY, MANAGER, ADMINISTRATOR})
EXPECTED.update(
    {
        "commitments:benefitargument_list": Page(read=PAGE_USERS),
        "commitments:benefitargument_detail": Page(read=PAGE_USERS),
        "commitments:benefitargument_add": Page(read=ARGUMENT_WRITERS, write=ARGUMENT_WRITERS),
        "commitments:benefitargument_edit": Page(read=ARGUMENT_WRITERS, write=ARGUMENT_WRITERS),
        "commitments:benefitargument_delete": Page(read=ARGUMENT_WRITERS, write=ARGUMENT_WRITERS),
        "commitments:benefitargument_history": Page(read=PAGE_USERS),
        "commitments:advocacy_list": Page(read=PAGE_USERS),
        "commitments:advocacy_detail": Page(read=PAGE_USERS),
        "commitments:advocacy_add": Page(read=COMMITMENT_WRITERS, write=COMMITMENT_WRITERS),
        "commitments:advocacy_edit": Page(read=COMMITMENT_WRITERS, write=COMMITMENT_WRITERS),
        "commitments:advocacy_delete": Page(read=COMMITMENT_DELETERS, write=COMMITMENT_DELETERS),
        "commitments:advocacy_history": Page(read=PAGE_USERS),
        "commitments:commitmentassessment_list": Page(read=PAGE_USERS),
        "commitments:commitmentassessment_detail": Page(read=PAGE_USERS),
        "commitments:commitmentassessment_add": Page(read=COMMITMENT_WRITERS, write=COMMITMENT_WRITERS),
        "commitments:commitmentassessment_edit": Page(read=COMMITMENT_WRITERS, write=COMMITMENT_WRITERS),
        "commitments:commitmentassessment_delete": Page(read=COMMITMENT_DELETERS, write=COMMITMENT_DELETERS),
        "commitments:commitmentassessment_history": Page(read=PAGE_USERS),
        "commitments:readiness": Page(read=MANAGER_VIEWS),
        "benefitargument-list": Api(read=API_READERS, write=ARGUMENT_WRITERS),
        "benefitargument-detail": Api(read=API_READERS, write=ARGUMENT_WRITERS),
        "benefitargument-history": Api(read=API_READERS),
        "advocacy-list": Api(read=API_READERS, write=COMMITMENT_WRITERS),
        "advocacy-detail": Api(read=API_READERS, write=COMMITMENT_WRITERS, delete=COMMITMENT_DELETERS),
        "advocacy-history": Api(read=API_READERS),
        "commitmentassessment-list": Api(read=API_READERS, write=COMMITMENT_WRITERS),
        "commitmentassessment-detail": Api(read=API_READERS, write=COMMITMENT_WRITERS, delete=COMMITMENT_DELETERS),
        "commitmentassessment-history": Api(read=API_READERS),
        "readiness": Api(read=MANAGER_VIEWS),
    }
)

# Who is kept informed of each process: like agreements (every page role keeps it up to date, security staff and
# administrators delete, the API-only role reads). ------------------------------------------------------------
EXPECTED.update(
    {
        "commitments:audience_list": Page(read=PAGE_USERS),
        "commitments:audience_detail": Page(read=PAGE_USERS),
        "commitments:audience_add": Page(read=COMMITMENT_WRITERS, write=COMMITMENT_WRITERS),
        "commitments:audience_edit": Page(read=COMMITMENT_WRITERS, write=COMMITMENT_WRITERS),
        "commitments:audience_delete": Page(read=COMMITMENT_DELETERS, write=COMMITMENT_DELETERS),
        "commitments:audience_history": Page(read=PAGE_USERS),
        # The map's proposals for a process (the first country's by default); a POST adds them all
        "commitments:audience_proposed": Page(read=PAGE_USERS, write=COMMITMENT_WRITERS),
        "audience-list": Api(read=API_READERS, write=COMMITMENT_WRITERS),
        "audience-detail": Api(read=API_READERS, write=COMMITMENT_WRITERS, delete=COMMITMENT_DELETERS),
        "audience-history": Api(read=API_READERS),
    }
)

# Follow-ups of engagements: every page role keeps them up to date (the external-affairs role too); only security
# staff and administrators delete them. ------------------------------------------------------------------------
FOLLOWUP_WRITERS = frozenset({SECURITY, COMMUNITY, EXTERNAL, MANAGER, ADMINISTRATOR})
FOLLOWUP_DELETERS = frozenset({SECURITY, ADMINISTRATOR})
EXPECTED.update(
    {
        "followups:followup_list": Page(read=PAGE_USERS),
        "followups:followup_detail": Page(read=PAGE_USERS),
        "followups:followup_add": Page(read=FOLLOWUP_WRITERS, write=FOLLOWUP_WRITERS),
        "followups:followup_edit": Page(read=FOLLOWUP_WRITERS, write=FOLLOWUP_WRITERS),
        "followups:followup_delete": Page(read=FOLLOWUP_DELETERS, write=FOLLOWUP_DELETERS),
        "followups:followup_history": Page(read=PAGE_USERS),
        "followups:followup_progress": Page(write=FOLLOWUP_WRITERS, model="followups.followup"),
        "followup-list": Api(read=API_READERS, write=FOLLOWUP_WRITERS),
        "followup-detail": Api(read=API_READERS, write=FOLLOWUP_WRITERS, delete=FOLLOWUP_DELETERS),
        "followup-history": Api(read=API_READERS),
        "followupprogress-list": Api(read=API_READERS, write=FOLLOWUP_WRITERS),
        "followupprogress-detail": Api(read=API_READERS),  # progress notes are appended, never edited
        "followupprogress-history": Api(read=API_READERS),
    }
)

# Situation analyses and the coordination risk register (``analysis``): security staff, managers and administrators
# write the analyses and keep the register; community relations and external affairs read them, record risks,
# keep mitigations up to date and note their progress; managers and administrators approve an edition and review
# the computed coordination findings (everyone who uses pages sees the findings to review). -----------------------
ANALYSIS_WRITERS = frozenset({SECURITY, MANAGER, ADMINISTRATOR})
RISK_RECORDERS = frozenset({SECURITY, COMMUNITY, EXTERNAL, MANAGER, ADMINISTRATOR})  # add risks and mitigations
ANALYSIS_APPROVERS = frozenset({MANAGER, ADMINISTRATOR})
FINDING_REVIEWERS = frozenset({MANAGER, ADMINISTRATOR})
DRAFT_EDITION = {"status": "draft"}
REVISED_EDITION = {"previous__isnull": False}  # an edition with one before it to compare with
EXPECTED.update(
    {
        "analysis:situationanalysis_list": Page(read=PAGE_USERS),
        "analysis:situationanalysis_detail": Page(read=PAGE_USERS),
        "analysis:situationanalysis_add": Page(read=ANALYSIS_WRITERS, write=ANALYSIS_WRITERS),
        "analysis:situationanalysis_edit": Page(read=ANALYSIS_WRITERS, write=ANALYSIS_WRITERS),
        "analysis:situationanalysis_delete": Page(read=ANALYSIS_WRITERS, write=ANALYSIS_WRITERS),
        "analysis:situationanalysis_history": Page(read=PAGE_USERS),
        "analysis:situationanalysis_approve": Page(write=ANALYSIS_APPROVERS, where=DRAFT_EDITION),
        "analysis:situationanalysis_revise": Page(write=ANALYSIS_WRITERS),  # the latest: no later edition yet
        "analysis:situationanalysis_compare": Page(read=PAGE_USERS, where=REVISED_EDITION),
        "analysis:finding_list": Page(read=PAGE_USERS),
        "analysis:finding_detail": Page(read=PAGE_USERS, redirect=PAGE_USERS),  # to its place in the analysis
        "analysis:finding_add": Page(read=ANALYSIS_WRITERS, write=ANALYSIS_WRITERS),
        "analysis:finding_edit": Page(read=ANALYSIS_WRITERS, write=ANALYSIS_WRITERS),
        "analysis:finding_delete": Page(read=ANALYSIS_WRITERS, write=ANALYSIS_WRITERS),
        "analysis:finding_history": Page(read=PAGE_USERS),
        "analysis:coordinationrisk_list": Page(read=PAGE_USERS),
        "analysis:coordinationrisk_detail": Page(read=PAGE_USERS),
        "analysis:coordinationrisk_add": Page(read=RISK_RECORDERS, write=RISK_RECORDERS),
        "analysis:coordinationrisk_edit": Page(read=ANALYSIS_WRITERS, write=ANALYSIS_WRITERS),
        "analysis:coordinationrisk_delete": Page(read=ANALYSIS_WRITERS, write=ANALYSIS_WRITERS),
        "analysis:coordinationrisk_history": Page(read=PAGE_USERS),
        "analysis:risk_register_export": Page(read=PAGE_USERS, kwargs={"fmt": "csv"}),
        "analysis:mitigation_list": Page(read=PAGE_USERS),
        "analysis:mitigation_detail": Page(read=PAGE_USERS),
        "analysis:mitigation_add": Page(read=RISK_RECORDERS, write=RISK_RECORDERS),
        "analysis:mitigation_edit": Page(read=RISK_RECORDERS, write=RISK_RECORDERS),
        "analysis:mitigation_delete": Page(read=ANALYSIS_WRITERS, write=ANALYSIS_WRITERS),
        "analysis:mitigation_history": Page(read=PAGE_USERS),
        "analysis:mitigation_progress": Page(write=RISK_RECORDERS, model="analysis.mitigation"),
        "analysis:proposal_list": Page(read=PAGE_USERS),
        # Without a finding's key (or with one no longer proposed) a review leads back to the list.
        "analysis:proposal_register": Page(read=FINDING_REVIEWERS, write=FINDING_REVIEWERS, redirect=FINDING_REVIEWERS),
        "analysis:proposal_dismiss": Page(write=FINDING_REVIEWERS),  # POST only
        "situationanalysis-list": Api(read=API_READERS, write=ANALYSIS_WRITERS),
        "situationanalysis-detail": Api(read=API_READERS, write=ANALYSIS_WRITERS),
        "situationanalysis-history": Api(read=API_READERS),
        "finding-list": Api(read=API_READERS, write=ANALYSIS_WRITERS),
        "finding-detail": Api(read=API_READERS, write=ANALYSIS_WRITERS),
        "finding-history": Api(read=API_READERS),
        "coordinationrisk-list": Api(read=API_READERS, write=RISK_RECORDERS),
        "coordinationrisk-detail": Api(read=API_READERS, write=ANALYSIS_WRITERS),
        "coordinationrisk-history": Api(read=API_READERS),
        "mitigation-list": Api(read=API_READERS, write=RISK_RECORDERS),
        "mitigation-detail": Api(read=API_READERS, write=RISK_RECORDERS, delete=ANALYSIS_WRITERS),
        "mitigation-history": Api(read=API_READERS),
        "mitigationprogress-list": Api(read=API_READERS, write=RISK_RECORDERS),
        "mitigationprogress-detail": Api(read=API_READERS),  # progress notes are appended, never edited
        "mitigationprogress-history": Api(read=API_READERS),
    }
)


# The legal framework (``analysis``): every page role prepares and updates entries (community relations and external
# affairs for their legal and external-affairs colleagues); security staff, managers and administrators delete them;
# the API-only role reads. Instruments are reference data: read by everyone, written by nobody through the API. The
# country pages name a national jurisdiction. ---------------------------------------------------------------------
LEGAL_WRITERS = frozenset({SECURITY, COMMUNITY, EXTERNAL, MANAGER, ADMINISTRATOR})
LEGAL_DELETERS = frozenset({SECURITY, MANAGER, ADMINISTRATOR})
COUNTRY = {"level": "national"}
EXPECTED.update(
    {
        "analysis:legal_countries": Page(read=PAGE_USERS),
        "analysis:legal_framework": Page(read=PAGE_USERS, model="shrhub.jurisdiction", where=COUNTRY),
        "analysis:legal_report": Page(read=PAGE_USERS, model="shrhub.jurisdiction", where=COUNTRY),
        "instrument-list": Api(read=API_READERS),
        "instrument-detail": Api(read=API_READERS),
    }
)
for _name in ("nationallaw", "instrumentstatus", "ihlassessment", "actionplan", "initiativecommitment"):
    EXPECTED.update(
        {
            f"analysis:{_name}_list": Page(read=PAGE_USERS),
            f"analysis:{_name}_detail": Page(read=PAGE_USERS),
            f"analysis:{_name}_add": Page(read=LEGAL_WRITERS, write=LEGAL_WRITERS),
            f"analysis:{_name}_edit": Page(read=LEGAL_WRITERS, write=LEGAL_WRITERS),
            f"analysis:{_name}_delete": Page(read=LEGAL_DELETERS, write=LEGAL_DELETERS),
            f"analysis:{_name}_history": Page(read=PAGE_USERS),
            f"{_name}-list": Api(read=API_READERS, write=LEGAL_WRITERS),
            f"{_name}-detail": Api(read=API_READERS, write=LEGAL_WRITERS, delete=LEGAL_DELETERS),
            f"{_name}-history": Api(read=API_READERS),
        }
    )


# The walk ------------------------------------------------------------------------------------------------------

READ_METHODS = ("get",)
WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclasses.dataclass
class Route:
    name: str
    path: str  # the canonical pattern, for messages
    callback: Callable[..., Any]
    params: tuple[str, ...]  # URL parameters (the format suffix left out)
    suffixed: bool = False  # a format-suffix variant (``.json``) of a route
    twins: list[str] = dataclasses.field(default_factory=list)  # its format-suffix variants

    @property
    def view(self) -> tuple[Any, Any]:
        return self.view_class or self.callback, self.router_actions

    @property
    def view_class(self) -> type | None:
        return getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)

    @property
    def router_actions(self) -> dict[str, str] | None:
        """The router's method → action mapping, for a viewset."""
        return getattr(self.callback, "actions", None)

    def mapped_methods(self) -> tuple[str, ...]:
        """The methods a request can be sent with: the router's mapping for viewsets (offered or not), the
        view's handlers for other classes, GET and POST for plain functions (which cannot be read)."""
        if self.router_actions is not None:
            return tuple(m for m in self.router_actions if m in (*READ_METHODS, *WRITE_METHODS))
        cls = self.view_class
        if cls is None:
            return ("get", "post")
        return tuple(m for m in (*READ_METHODS, *WRITE_METHODS) if m in cls.http_method_names and hasattr(cls, m))

    def offered(self) -> frozenset[str] | None:
        """The methods the view really serves (``None`` for a plain function: unknown)."""
        cls = self.view_class
        if cls is None:
            return None
        return frozenset(m for m in self.mapped_methods() if m in cls.http_method_names)

    def model(self, access: Access) -> type[models.Model] | None:
        if access.model:
            return apps.get_model(access.model)
        cls = self.view_class
        model = getattr(cls, "model", None)
        if model is None and getattr(cls, "queryset", None) is not None:
            model = cls.queryset.model
        return model


def _is_django_admin(resolver: URLResolver) -> bool:
    return resolver.namespace == admin.site.name and resolver.app_name == "admin"


def walk(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "", params=()) -> Iterator[Route]:
    """Every named route of the URLconf, recursively, with its namespaced name."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        path = prefix + str(entry.pattern)
        found = (*params, *entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            if _is_django_admin(entry):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, path, inner, found)
        elif isinstance(entry, URLPattern):
            if path.lstrip("^").startswith(settings.STATIC_URL.lstrip("/")):
                continue
            name = f"{namespace}{entry.name}" if entry.name else f"<unnamed {path}>"
            kwargs = tuple(p for p in found if p != "format")
            yield Route(name, path, entry.callback, kwargs, suffixed="format" in found)


def collect_routes() -> tuple[dict[str, Route], list[str]]:
    """Routes by name; format-suffix twins grouped under their name. Also the names used twice otherwise."""
    routes: dict[str, Route] = {}
    clashes = []
    for route in walk():
        known = routes.get(route.name)
        if known is None:
            routes[route.name] = route
        elif route.suffixed and route.params == known.params and route.view == known.view:
            known.twins.append(route.path)
        else:
            clashes.append(f"{route.name}: {known.path} and {route.path}")
    return routes, clashes


ROUTES, CLASHES = collect_routes()


# The seeded world ----------------------------------------------------------------------------------------------


@dataclasses.dataclass
class World:
    users: dict[str, Any]
    keys: dict[str, str]
    picked: dict[str, models.Model | None] = dataclasses.field(default_factory=dict)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """The demo country, the catalogue and one user (with a write-enabled API token) per role, committed
    once for the module; flushed at its end."""
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("load_catalogue", stdout=out)
        call_command("seed_demo", stdout=out)
        users, keys = {}, {}
        for role in ROLES:
            user = get_user_model().objects.create_user(username=f"route-{role}", is_staff=role == ADMINISTRATOR)
            user.groups.add(Group.objects.get(name=role))
            users[role] = user
            keys[role] = issue_token(user=user, name="route access", can_write=True)[1]
        add_missing_records(users)
    try:
        yield World(users, keys)
    finally:
        with django_db_blocker.unblock():
            call_command("flush", "--no-input", verbosity=0)


def add_obligation_progress(users: dict[str, Any]) -> None:
    """A progress note on a demo obligation every role may see (the demo agreements have none)."""
    from commitments.models import Obligation
    from commitments.services import obligationprogress_create

    obligations = Obligation.objects.all()
    for role in ROLES:
        obligations = obligations.filter(pk__in=Obligation.objects.visible_to(users[role]).values("pk"))
    obligation = obligations.order_by("pk").first()
    assert obligation is not None, "the demo holds no obligation that every role may see"
    obligationprogress_create(actor=users[ADMINISTRATOR], obligation=obligation, note="Training plan shared")


def add_export_job(user: Any) -> None:
    """A long list's export the worker has written for ``user``."""
    from django.core.files.base import ContentFile

    from shrhub.models import ExportJob

    job = ExportJob(user=user, model="stakeholders.stakeholder", fmt="csv", status="done", file_name="export.csv")
    job.file.save("export.csv", ContentFile(b"id,name\n"), save=True)


def add_import_batch(user: Any) -> None:
    """A checked import of ``user``'s: a two-row file, one row to add and one refused."""
    from django.core.files.base import ContentFile

    from shrhub.models import ImportBatch

    batch = ImportBatch(
        user=user,
        model="stakeholders.stakeholder",
        fmt="csv",
        file_name="registry.csv",
        headers=["name", "level"],
        mapping={"name": "name", "level": "level"},
        status="checked",
        rows_total=2,
        rows_done=2,
        report=[
            {"line": 2, "action": "create", "label": "District office"},
            {"line": 3, "action": "refused", "label": "", "errors": {"name": ["—"]}},
        ],
        counts={"create": 1, "refused": 1},
    )
    batch.file.save("import.csv", ContentFile(b"name,level\nDistrict office,local\n,local\n"), save=True)


def add_missing_records(users: dict[str, Any]) -> None:
    """Records some routes need that the demo country does not hold (it has no meeting guests, no calendar
    feeds)."""
    from workinggroups.calendar import issue_feed_token
    from workinggroups.models import Meeting
    from workinggroups.services import guest_create

    issue_feed_token(user=users[ADMINISTRATOR])
    add_export_job(users[ADMINISTRATOR])
    add_import_batch(users[ADMINISTRATOR])
    add_obligation_progress(users)

    # Which demo meetings are restricted depends on the date the demo was seeded on: take an unapproved one
    # every role may see, never simply the first.
    meetings = Meeting.objects.filter(approved_at__isnull=True, confidentiality="internal")
    for role in ROLES:
        meetings = meetings.filter(pk__in=Meeting.objects.visible_to(users[role]).values("pk"))
    meeting = meetings.order_by("pk").first()
    assert meeting is not None, "the demo holds no unapproved meeting that every role may see"
    guest_create(actor=users[ADMINISTRATOR], meeting=meeting, name="Dr Ada Visitor", organisation="Varantia Institute")
    add_follow_up(users)
    add_mitigation_progress(users)


def add_follow_up(users: dict[str, Any]) -> None:
    """A follow-up with a progress note, on an internal engagement every role may see (the demo has none)."""
    from followups.services import followup_create, followupprogress_create
    from stakeholders.models import Engagement

    engagements = Engagement.objects.filter(confidentiality="internal")
    for role in ROLES:
        engagements = engagements.filter(pk__in=Engagement.objects.visible_to(users[role]).values("pk"))
    engagement = engagements.order_by("pk").first()
    assert engagement is not None, "the demo holds no engagement that every role may see"
    item = followup_create(
        actor=users[ADMINISTRATOR],
        engagement=engagement,
        description="Send the meeting notes to the council",
        owner=users[COMMUNITY],
        due_on=engagement.occurred_on,
    )
    followupprogress_create(actor=users[ADMINISTRATOR], follow_up=item, note="Notes drafted")


def add_mitigation_progress(users: dict[str, Any]) -> None:
    """A progress note on a demo mitigation every role may see (the demo notes no progress)."""
    from analysis.models import Mitigation
    from analysis.services import mitigationprogress_create

    mitigations = Mitigation.objects.all()
    for role in ROLES:
        mitigations = mitigations.filter(pk__in=Mitigation.objects.visible_to(users[role]).values("pk"))
    mitigation = mitigations.order_by("pk").first()
    assert mitigation is not None, "the demo holds no mitigation that every role may see"
    mitigationprogress_create(actor=users[ADMINISTRATOR], mitigation=mitigation, note="Met the provincial prosecutor")


def pick(world: World, route: Route, access: Access) -> models.Model | None:
    """An internal record of the route's model that every role allowed on the route may see."""
    if route.name in world.picked:
        return world.picked[route.name]
    model = route.model(access)
    manager = model._default_manager
    records = manager.filter(**access.where)
    if hasattr(records, "visible_to"):
        for role in ((access.read or NOBODY) | (access.write or NOBODY)) - {ANONYMOUS} - access.hidden:
            records = records.filter(pk__in=manager.visible_to(world.users[role]).values("pk"))
    if any(f.name == "confidentiality" for f in model._meta.fields):
        records = records.filter(confidentiality="internal")
    obj = records.order_by("pk").first()
    assert obj is not None, f"{route.name}: no {model._meta.label} {access.where or ''} for the allowed roles to see"
    world.picked[route.name] = obj
    return obj


def url_of(world: World, route: Route, access: Access) -> tuple[str, models.Model | None]:
    kwargs = dict(access.kwargs)
    obj = None
    missing = [p for p in route.params if p not in kwargs]
    if missing:
        obj = pick(world, route, access)
        kwargs.update({p: getattr(obj, p) for p in missing})
    return reverse(route.name, kwargs=kwargs), obj


HISTORY_TABLES = sorted(
    m._meta.db_table for m in apps.get_models() if m.__name__.startswith("Historical") and hasattr(m, "history_id")
)


def snapshot(route: Route, access: Access, obj: models.Model | None) -> tuple:
    """What a refused write must not change: the audit trail, the model's rows, the target row."""
    quote = connection.ops.quote_name
    audit = " + ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in HISTORY_TABLES)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {audit}")  # table names from the models
        audited = cursor.fetchone()[0]
    model = route.model(access)
    counts = (model._base_manager.count(),) if model is not None else ()
    row = type(obj)._base_manager.filter(pk=obj.pk).values().first() if obj is not None else None
    return audited, counts, row


# Expectations --------------------------------------------------------------------------------------------------

WRITE_PASSED = {200, 201, 204, 302, 400, 409, 428}


def _to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def verdict(access: Access, role: str, method: str, offered: bool, response) -> str | None:
    """Why the answer is wrong (``None`` when it is right)."""
    allowed = access.allowed(method) if offered else None
    status = response.status_code
    if role == ANONYMOUS and not (allowed and ANONYMOUS in allowed):
        open_route = ANONYMOUS in (access.read or NOBODY) | (access.write or NOBODY)
        if open_route and allowed is None:  # an open route (the language switcher) answers a method it lacks: 405
            return None if status == 405 else "open route, method not offered: expected 405"
        if isinstance(access, Page):
            return None if _to_login(response) else "expected 302 to the login page"
        return None if status == 401 else "expected 401"
    if allowed is None:
        if status in {403, 405}:
            return None
        return f"{'no entry for it' if offered else 'not offered by the view'}: expected 403 or 405"
    if role in allowed:
        if method in READ_METHODS:
            if status == 200 or (status == 302 and role in access.redirect and not _to_login(response)):
                return None
            return "allowed: expected 200"
        if status in WRITE_PASSED and (access.ends_session or not _to_login(response)):
            return None
        return f"allowed: expected one of {sorted(WRITE_PASSED)} (the gate passed)"
    if status == 403 or (status == 404 and role in access.hidden):
        return None
    return "refused: expected 403"


def client_for(world: World, role: str, access: Access) -> Client:
    if isinstance(access, Api):
        client = APIClient()
        if role != ANONYMOUS:
            client.credentials(HTTP_AUTHORIZATION=f"Token {world.keys[role]}")
        return client
    client = Client()
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    return client


def send(client: Client, access: Access, method: str, url: str):
    if method == "get":
        return client.get(url)
    if isinstance(access, Api):
        return getattr(client, method)(url, {}, format="json")
    return getattr(client, method)(url, {})


# The tests -----------------------------------------------------------------------------------------------------

ACTORS = (ANONYMOUS, *ROLES)


def test_the_walk_finds_the_routes():
    from config.api_urls import router

    assert not CLASHES, "names used by two different routes:\n" + "\n".join(CLASHES)
    assert {"home", "stakeholders:stakeholder_list", "workinggroups:meeting_minutes", "api-root"} <= set(ROUTES)
    registered = {basename for _, _, basename in router.registry}
    assert registered, "the API router has viewsets"
    walked = {name.rsplit("-", 1)[0] for name, route in ROUTES.items() if route.router_actions is not None}
    assert registered == walked, "every viewset of the router is reached through the URLconf"
    assert ROUTES["stakeholder-list"].twins, "the router's format-suffix twins are grouped under the name"


def test_every_route_has_an_entry():
    missing = [f"{name} ({route.path})" for name, route in ROUTES.items() if name not in EXPECTED]
    assert not missing, "routes without an entry in EXPECTED (say who may use them):\n" + "\n".join(missing)


def test_every_entry_names_a_route():
    stale = sorted(set(EXPECTED) - set(ROUTES))
    assert not stale, "entries in EXPECTED for routes that no longer exist:\n" + "\n".join(stale)


def test_entries_match_the_methods_offered():
    """A view that starts (or stops) serving GET or a write method must have its entry updated."""
    problems = []
    for name, route in ROUTES.items():
        access, offered = EXPECTED.get(name), route.offered()
        if access is None or offered is None:
            continue
        reads, writes = offered & set(READ_METHODS), offered & set(WRITE_METHODS)
        if bool(reads) != (access.read is not None):
            problems.append(f"{name}: offers {sorted(reads) or 'no GET'}, the entry says read={access.read}")
        if bool(writes) != (access.write is not None):
            problems.append(f"{name}: offers {sorted(writes) or 'no write'}, the entry says write={access.write}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ACTORS)
@pytest.mark.parametrize("name", list(ROUTES))
def test_route_access(world, name, role):
    route, access = ROUTES[name], EXPECTED.get(name)
    if access is None:
        pytest.fail(f"{name} ({route.path}) has no entry in EXPECTED")
    url, obj = url_of(world, route, access)
    offered = route.offered()
    methods = list(route.mapped_methods())
    for method in ("get", "post"):  # a method class the route does not map is still tried: 403/405
        if method not in methods:
            methods.append(method)
    problems = []
    client = client_for(world, role, access)
    for method in methods:
        if access.ends_session:
            client = client_for(world, role, access)
        here = offered is None or method in offered
        allowed = access.allowed(method) if here else None
        refused = method in WRITE_METHODS and not (allowed and role in allowed)
        before = snapshot(route, access, obj) if refused else None
        response = send(client, access, method, url)
        problem = verdict(access, role, method, here, response)
        if problem:
            problems.append(f"{method.upper()} {url} as {role}: {response.status_code}, {problem}")
        elif refused and snapshot(route, access, obj) != before:
            problems.append(f"{method.upper()} {url} as {role}: refused ({response.status_code}) but data changed")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ACTORS)
def test_admin_site(world, role):
    """Django's admin: anonymous visitors go to the login page, the API-only role is refused like on every
    page, other roles (not staff) are sent to the admin's own login; administrators are let in."""
    client = client_for(world, role, Page())
    response = client.get(reverse("admin:index"))
    if role == ANONYMOUS:
        assert _to_login(response)
    elif role == INTEGRATION:
        assert response.status_code == 403
    elif role == ADMINISTRATOR:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))

"""Who may do what: the one table of role permissions.

Each role is a Django group created by a migration; its permissions are re-synced from
``ROLE_PERMISSIONS`` after every ``migrate`` so that the table below is the only source of truth.
Keys are ``"<app_label>.<model>"`` or ``"<app_label>.*"`` (every model of the app); values are the
actions allowed (``view``, ``add``, ``change``, ``delete``). Custom permissions are listed by
codename under ``EXTRA_PERMISSIONS``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from shrhub.types import AnyUser

ALL = frozenset({"view", "add", "change", "delete"})
READ = frozenset({"view"})
CONTRIBUTE = frozenset({"view", "add", "change"})  # log and keep up to date, but not delete
RECORD = frozenset({"view", "add"})  # add dated judgements; security staff correct and delete them


# The legal framework's entries (``analysis``): security staff and managers keep them, community relations and
# external affairs prepare them, integrations read them. Instruments are reference data everyone reads.
LEGAL_MODELS = ("nationallaw", "instrumentstatus", "ihlassessment", "actionplan", "initiativecommitment")


class Role(models.TextChoices):
    SECURITY = "security", _("Security staff")
    COMMUNITY = "community", _("Community relations")
    EXTERNAL = "external", _("Government and external affairs")
    MANAGER = "manager", _("Manager")
    INTEGRATION = "integration", _("Integration")
    ADMINISTRATOR = "administrator", _("Administrator")


ROLE_PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    Role.SECURITY: {
        "shrhub.jurisdiction": READ,
        "practices.*": READ,
        "stakeholders.*": ALL,
        "stakeholders.mappinground": ALL,
        "workinggroups.*": READ,
        "followups.*": ALL,
        "commitments.*": ALL,
        "analysis.*": ALL,
        "analysis.findingreview": READ,
        "analysis.instrument": READ,  # reference data: seeded, added by administrators only
        "documents.*": ALL,
    },
    Role.COMMUNITY: {
        "shrhub.jurisdiction": READ,
        "practices.*": READ,
        "stakeholders.*": READ,
        "stakeholders.engagement": CONTRIBUTE,
        "stakeholders.assessment": RECORD,
        "workinggroups.*": ALL,
        "followups.*": CONTRIBUTE,
        "commitments.*": CONTRIBUTE,
        "commitments.benefitargument": READ,  # the team's vocabulary: security staff and managers keep it
        "analysis.*": READ,
        "analysis.coordinationrisk": RECORD,  # they propose risks; security staff and managers keep them
        "analysis.mitigation": CONTRIBUTE,
        "analysis.mitigationprogress": RECORD,
        # The legal framework: their legal and external-affairs colleagues prepare and update entries.
        **{f"analysis.{model}": CONTRIBUTE for model in LEGAL_MODELS},
        "analysis.instrument": READ,
        "documents.*": CONTRIBUTE,  # they file documents on what they see; security staff delete them
    },
    Role.EXTERNAL: {
        "shrhub.jurisdiction": READ,
        "practices.*": READ,
        "stakeholders.*": READ,
        "stakeholders.engagement": CONTRIBUTE,
        "stakeholders.assessment": RECORD,
        "workinggroups.*": READ,
        "followups.*": CONTRIBUTE,
        "commitments.*": CONTRIBUTE,
        "commitments.benefitargument": READ,
        "analysis.*": READ,
        "analysis.coordinationrisk": RECORD,
        "analysis.mitigation": CONTRIBUTE,
        "analysis.mitigationprogress": RECORD,
        # The legal framework: their legal and external-affairs colleagues prepare and update entries.
        **{f"analysis.{model}": CONTRIBUTE for model in LEGAL_MODELS},
        "analysis.instrument": READ,
        "documents.*": CONTRIBUTE,
    },
    Role.MANAGER: {
        "shrhub.jurisdiction": ALL,
        "practices.*": READ,
        "practices.adoption": ALL,
        "stakeholders.*": READ,
        "stakeholders.mappinground": ALL,
        "stakeholders.mappinganswer": ALL,
        "workinggroups.*": READ,
        "followups.*": CONTRIBUTE,
        "commitments.*": CONTRIBUTE,
        "commitments.benefitargument": ALL,
        "analysis.*": ALL,
        "analysis.instrument": READ,
        "documents.*": CONTRIBUTE,
    },
    Role.INTEGRATION: {
        "shrhub.jurisdiction": READ,
        "practices.*": READ,
        "stakeholders.*": READ,
        "workinggroups.*": READ,
        "followups.*": READ,
        "commitments.*": READ,
        "analysis.*": READ,
        "documents.*": READ,
    },
    Role.ADMINISTRATOR: {
        "shrhub.*": ALL,
        "practices.*": ALL,
        "stakeholders.*": ALL,
        "workinggroups.*": ALL,
        "followups.*": ALL,
        "auth.user": ALL,
        "auth.group": READ,
        "commitments.*": ALL,
        "analysis.*": ALL,
        "documents.*": ALL,
    },
}

# Permissions that are not add/change/delete/view of one model: "<app_label>.<codename>".
# Confidentiality: restricted records are seen by security staff, managers and administrators (plus named
# users); confidential ones by administrators (plus named users). Stance labels and personal contact details
# are restricted fields: only roles holding view_stance / view_contact_details receive them, in HTML or JSON.
EXTRA_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.SECURITY: frozenset(
        {"shrhub.view_restricted", "stakeholders.view_stance", "stakeholders.view_contact_details"}
    ),
    Role.COMMUNITY: frozenset({"stakeholders.view_contact_details"}),
    Role.EXTERNAL: frozenset({"stakeholders.view_contact_details"}),
    Role.MANAGER: frozenset(
        {
            "analysis.approve_situationanalysis",
            "shrhub.view_manager_views",
            "shrhub.view_audit_log",
            "shrhub.view_restricted",
            "stakeholders.view_stance",
            "stakeholders.view_contact_details",
        }
    ),
    Role.ADMINISTRATOR: frozenset(
        {
            "analysis.approve_situationanalysis",
            "shrhub.view_manager_views",
            "shrhub.view_audit_log",
            "shrhub.view_restricted",
            "shrhub.view_confidential",
            "shrhub.erase_personal_data",
            "stakeholders.view_stance",
            "stakeholders.view_contact_details",
        }
    ),
}

# Roles that may use the web pages; the integration role is API-only.
PAGE_ROLES = frozenset({Role.SECURITY, Role.COMMUNITY, Role.EXTERNAL, Role.MANAGER, Role.ADMINISTRATOR})


class CorporateFunction(models.TextChoices):
    """The corporate functions whose staff contribute to the map (codes of the seeded information sources)."""

    SECURITY = "security", _("Security")
    COMMUNITY_RELATIONS = "community-relations", _("Community relations")
    GOVERNMENT_AFFAIRS = "government-affairs", _("Governmental / external affairs")
    ENVIRONMENT = "environment", _("Environment")
    LEGAL = "legal", _("Legal")


# The corporate function each role speaks for: an assessment records its author's function among its sources
# (``stakeholders.services.assessment_create``), so the coverage view shows who the map rests on. Codes of
# the seeded information sources; roles that are not a corporate function (managers, integrations,
# administrators) add none.
ROLE_FUNCTIONS: dict[str, str] = {
    Role.SECURITY.value: CorporateFunction.SECURITY.value,
    Role.COMMUNITY.value: CorporateFunction.COMMUNITY_RELATIONS.value,
    Role.EXTERNAL.value: CorporateFunction.GOVERNMENT_AFFAIRS.value,
}


def functions_of(user: AnyUser) -> list[str]:
    """The information-source codes of the corporate functions ``user`` works in: the one they chose in their
    preferences (environment or legal staff working under another role's rights), else their roles'."""
    from .models import Preferences

    if not user.is_authenticated:
        return []
    chosen = Preferences.objects.filter(user_id=user.pk or 0).values_list("function", flat=True).first()
    if chosen:
        return [chosen]
    return [ROLE_FUNCTIONS[role] for role in role_of(user) if role in ROLE_FUNCTIONS]


def role_of(user: AnyUser) -> list[str]:
    """The role names a user holds (group names that are roles)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_shrhub_roles", None)
    if cached is None:
        names = set(Role.values)
        cached = [g.name for g in user.groups.all() if g.name in names]
        user._shrhub_roles = cached  # type: ignore[attr-defined]  # a cache on this request's user
    return cached


def can_use_pages(user: AnyUser) -> bool:
    """API-only users (integration without another role) are kept off the web pages."""
    if user.is_superuser:
        return True
    return any(role in PAGE_ROLES for role in role_of(user))


def expand(role: str, model_labels: list[str]) -> set[str]:
    """Every ``app_label.action_model`` permission string a role is granted, for the given models."""
    table = ROLE_PERMISSIONS.get(role, {})
    granted: set[str] = set(EXTRA_PERMISSIONS.get(role, frozenset()))
    for label in model_labels:
        app_label, model = label.split(".")
        actions = table.get(label, table.get(f"{app_label}.*", frozenset()))
        granted.update(f"{app_label}.{action}_{model}" for action in actions)
    return granted

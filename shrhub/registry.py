"""What apps contribute to shared pages without ``shrhub`` importing them.

An app registers a panel provider in its ``AppConfig.ready()``; the home page asks each provider for
its panels (a title, a template and its context). Warnings for the manager views register the same way
(``register_warning_provider``): the manager home page lists them all, most severe first. A record's detail page
shows the sections other apps register for its model (``register_detail_sections``), so that an app can add to
another's page without that app importing it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext as _

from shrhub.types import AnyUser

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


PanelProvider = Callable[[HttpRequest], list[Panel]]
_home_providers: list[PanelProvider] = []


def register_home_panels(provider: PanelProvider) -> None:
    if provider not in _home_providers:
        _home_providers.append(provider)


def home_panels(request: HttpRequest) -> list[Panel]:
    panels = [panel for provider in _home_providers for panel in provider(request)]
    return sorted(panels, key=lambda panel: panel.order)


# Detail sections: an app adds cards to another app's detail page (the follow-ups of an engagement on its page).
SectionProvider = Callable[[HttpRequest, Any], list[Panel]]  # (request, the page's record)
_detail_sections: dict[str, list[SectionProvider]] = {}


def register_detail_sections(model_label: str, provider: SectionProvider) -> None:
    """Add ``provider(request, obj) -> list[Panel]`` to the detail page of ``model_label``'s records
    ("stakeholders.engagement"). Call it from ``AppConfig.ready()``; registering the same function twice has no
    effect. A provider reads only what ``visible_to(request.user)`` allows, returns nothing for a user who may not
    see its records, and costs a fixed number of queries. The page renders each panel's ``template`` with the
    panel's context as ``section``; the template draws its whole card."""
    providers = _detail_sections.setdefault(model_label.lower(), [])
    if provider not in providers:
        providers.append(provider)


def detail_sections(request: HttpRequest, obj: Model) -> list[Panel]:
    """The sections registered for ``obj``'s model, in their ``order``."""
    providers = _detail_sections.get(obj._meta.label_lower, [])
    sections = [section for provider in providers for section in provider(request, obj)]
    return sorted(sections, key=lambda section: section.order)


# Pages that are not one record's (a manager view) take sections the same way, keyed by the page's name
# ("insights.coordination"); the provider receives the page's own context values it needs (its scope).
PageSectionProvider = Callable[..., list[Panel]]
_page_sections: dict[str, list[PageSectionProvider]] = {}


def register_page_sections(page: str, provider: PageSectionProvider) -> None:
    """Add ``provider(request, **context) -> list[Panel]`` to the page named ``page``; the same rules as
    ``register_detail_sections`` (visible records only, a fixed number of queries)."""
    providers = _page_sections.setdefault(page, [])
    if provider not in providers:
        providers.append(provider)


def page_sections(request: HttpRequest, page: str, **context: Any) -> list[Panel]:
    sections = [section for provider in _page_sections.get(page, []) for section in provider(request, **context)]
    return sorted(sections, key=lambda section: section.order)


# Demo data: each app seeds its part; ``manage.py seed_demo`` runs them in order with one random source.
DemoSeeder = Callable[..., dict[str, int]]
_demo_seeders: dict[str, tuple[int, DemoSeeder]] = {}


def register_demo_seeder(name: str, seeder: DemoSeeder, *, order: int = 100) -> None:
    """``seeder(*, scale: int, rng: random.Random, stdout) -> {label: count}`` adds its app's demo rows."""
    _demo_seeders[name] = (order, seeder)


def demo_seeders() -> list[tuple[str, DemoSeeder]]:
    return [(name, seeder) for name, (_, seeder) in sorted(_demo_seeders.items(), key=lambda item: item[1][0])]


# Manager warnings: each app registers a provider; the manager home page lists what they all return.
SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Warning:  # the domain word (shadows the builtin only where imported); alias: ManagerWarning
    """One thing a manager should act on, with a link to the page where they can act.

    ``severity`` is ``"high"``, ``"medium"`` or ``"low"``; ``title`` is one short sentence with the figure
    ("3 key positions are vacant"); ``detail`` says which records and why it matters; ``url`` is the Hub page
    where to act (a path such as ``/insights/coverage/?level=local``); ``source`` names the view or app that
    raised it ("Coverage and bias", "Working groups").
    """

    severity: str
    title: StrOrPromise
    detail: StrOrPromise
    url: str
    source: StrOrPromise

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    @property
    def rank(self) -> int:
        return SEVERITIES.index(self.severity)


ManagerWarning = Warning
WarningProvider = Callable[[Any, Mapping[str, Any]], list[Warning]]
_warning_providers: list[WarningProvider] = []


def register_warning_provider(provider: WarningProvider) -> None:
    """Add ``provider(user, filters) -> list[Warning]`` to the manager home page's warnings.

    Call it from your app's ``AppConfig.ready()``; registering the same function twice has no effect.
    ``user`` is the requesting user (the provider reads only what ``visible_to(user)`` allows); ``filters``
    is a mapping like ``request.GET`` that may hold ``jurisdiction`` (an id), ``level``, ``sector`` and
    ``mapping_round``: apply those you understand, ignore the rest (the home page passes an empty one: all).
    A provider must cost a fixed number of queries, whatever the number of rows.

    Example (``workinggroups/apps.py``)::

        from shrhub.registry import Warning, register_warning_provider

        def group_warnings(user, filters):
            overdue = overdue_groups(user=user)
            if not overdue:
                return []
            return [Warning("medium", f"{len(overdue)} working groups have not met on time",
                            ", ".join(g.name for g in overdue[:5]), "/working-groups/?overdue=true",
                            "Working groups")]

        register_warning_provider(group_warnings)
    """
    if provider not in _warning_providers:
        _warning_providers.append(provider)


def manager_warnings(user: AnyUser, filters: Mapping[str, Any] | None = None) -> list[Warning]:
    """Every registered provider's warnings, most severe first (then by source and title).

    A provider that fails does not take the page down: its failure is logged and shown as a high warning
    naming the provider, so that nobody mistakes a broken check for a clean bill of health.
    """
    filters = filters if filters is not None else {}
    found: list[Warning] = []
    for provider in _warning_providers:
        try:
            found.extend(provider(user, filters))
        except Exception:
            name = getattr(provider, "__qualname__", repr(provider))
            logger.exception("Warning provider %s failed", name)
            found.append(
                Warning(
                    "high",
                    _("Some warnings could not be computed"),
                    _("The check %(name)s failed; its warnings are missing from this list. The error is logged.")
                    % {"name": name},
                    "",
                    str(getattr(provider, "__module__", "SHR Hub")).split(".")[0],
                )
            )
    return sorted(found, key=lambda warning: (warning.rank, warning.source, warning.title))


# Personal data: each app that holds data about a person (a Stakeholder of kind person) declares it once, in its
# ``AppConfig.ready()``; ``shrhub.personal_data`` and the person erasure in ``stakeholders`` run what is declared.


@dataclass(frozen=True)
class TextSource:
    """Free-text fields of ``model`` (and of its django-simple-history table) that may name a person.

    A machine cannot rewrite such text safely, so erasure lists every row (live or historical) whose fields
    name the person, for an administrator to redact. ``handled(person) -> Q`` selects the rows whose
    ``fields`` the app's own ``erase`` scrubs itself (the person's own notes, say): those are not listed.
    The ``Q`` must also work on the model's historical table (it names fields the history keeps).
    """

    model: Any
    fields: tuple[str, ...]
    handled: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class PersonalDataHandler:
    """What one app holds about a person.

    ``export(person) -> dict`` gives the app's part of the data-subject export (JSON-ready);
    ``erase(person, *, actor) -> {label: count}`` scrubs the app's structured data about the person, history
    rows included, inside the erasure's transaction, and says how many rows it changed; ``summary(person) ->
    {label: count}`` says what the app holds, for the erasure page; ``texts`` are its free-text fields.
    Handlers run in ``order`` (then name): the one that renames the person row runs last.
    """

    name: str
    export: Callable[[Any], dict[str, Any]] | None = None
    erase: Callable[..., dict[str, int]] | None = None
    summary: Callable[[Any], dict[str, int]] | None = None
    texts: tuple[TextSource, ...] = ()
    order: int = 100


_personal_data: dict[str, PersonalDataHandler] = {}


def register_personal_data(
    name: str,
    *,
    export: Callable[[Any], dict[str, Any]] | None = None,
    erase: Callable[..., dict[str, int]] | None = None,
    summary: Callable[[Any], dict[str, int]] | None = None,
    texts: tuple[TextSource, ...] | list[TextSource] = (),
    order: int = 100,
) -> None:
    """Declare what the app ``name`` holds about a person (see ``PersonalDataHandler``); registering the same
    name again replaces the earlier declaration."""
    _personal_data[name] = PersonalDataHandler(name, export, erase, summary, tuple(texts), order)


def personal_data_handlers() -> list[PersonalDataHandler]:
    """Every declared handler, in the order erasure runs them."""
    return sorted(_personal_data.values(), key=lambda handler: (handler.order, handler.name))


# Reviews of computed findings: an app that keeps managers' decisions on them (``analysis``) registers a function
# that, given ``{key: evidence}``, returns the keys already reviewed on that same evidence; the coordination view
# and its warnings then leave those out ("3 new findings", not the same list forever).
FindingReviews = Callable[[Mapping[str, str]], set[str]]
_finding_reviews: list[FindingReviews] = []


def register_finding_reviews(reviewed: FindingReviews) -> None:
    if reviewed not in _finding_reviews:
        _finding_reviews.append(reviewed)


def reviewed_findings(evidence: Mapping[str, str]) -> set[str]:
    """The keys of ``evidence`` (key → fingerprint) a registered review already covers."""
    found: set[str] = set()
    for reviewed in _finding_reviews:
        found |= reviewed(evidence)
    return found

"""Every filter of every API list has its own test (NetBox's ``test_missing_filters``, turned to what matters here).

NetBox fails when a model field has no filter; here a field without a filter is often deliberate (personal data,
restricted values), so the check runs the other way: each FilterSet an endpoint of the API router uses is tested
by a ``FilterCase`` of ``tests/<app>/test_filtersets.py`` for the same endpoint, with a ``test_<filter>`` for each
of its filters (``q`` and ``updated_since`` come with ``FilterCase``; sorting is not a filter). A new filter, or a
new endpoint, without a test fails here, naming it.
"""

from __future__ import annotations

import importlib

from config.api_urls import router
from tests.helpers.filters import FilterCase

MODULES = (
    "tests.shrhub.test_filtersets",
    "tests.practices.test_filtersets",
    "tests.stakeholders.test_filtersets",
    "tests.workinggroups.test_filtersets",
    "tests.followups.test_filtersets",
    "tests.commitments.test_filtersets",
    "tests.commitments.test_advocacy_filtersets",
    "tests.analysis.test_filtersets",
    "tests.analysis.test_legal_filtersets",
    "tests.documents.test_filtersets",
)


def filter_cases() -> dict[str, type[FilterCase]]:
    """The test classes by the endpoint they read."""
    cases: dict[str, type[FilterCase]] = {}
    for module in MODULES:
        for value in vars(importlib.import_module(module)).values():
            if isinstance(value, type) and issubclass(value, FilterCase) and getattr(value, "basename", None):
                assert value.basename not in cases, f"two filter tests for {value.basename}"
                cases[value.basename] = value
    return cases


def test_every_filter_of_every_api_list_has_a_test():
    cases = filter_cases()
    missing = []
    for _prefix, viewset, basename in router.registry:
        filterset = getattr(viewset, "filterset_class", None)
        if filterset is None:
            continue
        case = cases.get(basename)
        if case is None or case.filterset is not filterset:
            missing.append(f"{basename}: no FilterCase with filterset = {filterset.__name__}")
            continue
        for name in filterset.base_filters:
            if name != "ordering" and not callable(getattr(case, f"test_{name}", None)):
                missing.append(f"{basename}: {filterset.__name__}.{name} has no test_{name} in {case.__name__}")
    assert not missing, "filters without a test:\n" + "\n".join(missing)

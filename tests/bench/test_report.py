"""The benchmark's judging and reporting (``bench/run.py``), without serving or timing anything: a verdict
never passes an endpoint that answered nothing, the mix follows the weights, and a run replaces only its own
section of ``docs/benchmarks.md``."""

from __future__ import annotations

from collections import Counter

import pytest

from bench import run


def result(rps: float = 100.0, p95: float = 50.0, requests: int = 1000) -> dict:
    return {"rps": rps, "p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95 * 2, "requests": requests, "errors": 0}


API = {"rps": 300, "p95_ms": 100, "ratio": 0.4}


@pytest.mark.parametrize(
    ("measured", "baseline", "expected"),
    [
        (result(rps=320, p95=80), 500, "✅"),
        (result(rps=250, p95=80), 500, "❌ < 300 req/s"),
        (result(rps=320, p95=120), 500, "❌ p95 > 100 ms"),
        (result(rps=320, p95=80), 1000, "❌ < 40% of baseline"),
        (result(rps=100, p95=150), 1000, "❌ < 300 req/s, p95 > 100 ms, < 40% of baseline"),
        # Nothing answered within the timeout: p95 reads 0, which must not pass.
        (result(rps=0, p95=0, requests=0), 500, "❌ no request answered within the 10s timeout"),
    ],
)
def test_verdict(measured, baseline, expected):
    endpoint = run.Endpoint("api_list", "API list", [], target=API)
    assert run.verdict(measured, endpoint, baseline) == expected


def test_an_endpoint_without_target_has_no_verdict():
    assert run.verdict(result(), run.Endpoint("baseline", "Baseline", []), 100) == "—"
    assert run.describe_target({}) == "—"
    assert run.describe_target(API) == "≥ 300 req/s, p95 ≤ 100 ms, ≥ 40% of baseline"


def test_the_mix_follows_the_weights():
    def requests(name: str, n: int) -> list[tuple[str, str, str, dict[str, str]]]:
        return [("GET", f"/{name}/{i}/", "", {}) for i in range(n)]

    found = [
        run.Endpoint("heavy", "", requests("heavy", 50), weight=3),
        run.Endpoint("light", "", requests("light", 2), weight=1),
        run.Endpoint("unweighted", "", requests("unweighted", 5)),
    ]
    mix = run.mixed_requests(found, lines_per_weight=10)
    shares = Counter(path.split("/")[1] for _, path, _, _ in mix)
    assert shares == {"heavy": 30, "light": 10}


def test_a_run_replaces_only_its_own_section(tmp_path):
    report = tmp_path / "benchmarks.md"
    report.write_text("# Benchmarks\n\nIntroduction.\n\n<!-- bench:results -->\n\n## Analysis\n")
    run.write_report(report, "scale=1", "first run\n")
    run.write_report(report, "scale=1,connections=2", "no queueing\n")
    run.write_report(report, "scale=1", "second run\n")
    text = report.read_text()
    assert "first run" not in text
    assert text.count("second run") == 1
    assert text.count("no queueing") == 1
    assert text.index("Introduction.") < text.index("second run") < text.index("## Analysis")


def test_report_sections_are_keyed_by_scale_and_unusual_connections():
    assert run.report_key(run.parse_args(["--scale", "0.1"])) == "scale=0.1"
    assert run.report_key(run.parse_args(["--connections", "2"])) == "scale=1,connections=2"

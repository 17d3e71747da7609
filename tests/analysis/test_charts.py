"""The risk matrix: likelihood (rows, most likely on top) against impact, each cell shaded by its rating, each risk
a numbered mark linking to its page; a cell with more risks than fit says how many more and links to them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from analysis.charts import BAND_FILL, MARK, risk_matrix_svg
from analysis.choices import Rating
from analysis.selectors import coordinationrisk_list, risk_matrix

from .factories import CoordinationRiskFactory

pytestmark = pytest.mark.django_db


def svg_of(user) -> str:
    return risk_matrix_svg(risk_matrix(list(coordinationrisk_list(user=user))))


def test_the_matrix_places_risks_by_likelihood_and_impact(users):
    risks = [CoordinationRiskFactory(likelihood=5, impact=1), CoordinationRiskFactory(likelihood=1, impact=5)]
    matrix = risk_matrix(list(coordinationrisk_list(user=users["manager"])))
    assert [cell.likelihood for cell in matrix[0]] == [5] * 5  # most likely on top
    assert [cell.impact for cell in matrix[0]] == [1, 2, 3, 4, 5]
    assert matrix[0][0].risks == (risks[0],) and matrix[4][4].risks == (risks[1],)
    assert sum(len(cell.risks) for row in matrix for cell in row) == 2


def test_every_mark_links_to_its_risk(users):
    risks = [CoordinationRiskFactory(likelihood=1 + n % 5, impact=1 + (n * 3) % 5) for n in range(8)]
    svg = svg_of(users["manager"])
    assert svg.startswith("<svg") and "8 risks placed by likelihood and impact." in svg
    links = re.findall(r'<a href="([^"]+)"', svg)
    assert sorted(links) == sorted(risk.get_absolute_url() for risk in risks)
    for risk in risks:
        assert escape(risk.title) in svg  # each mark's title names its risk


def test_cells_are_shaded_by_rating_band(users):
    svg = svg_of(users["manager"])
    for band in (Rating.LOW, Rating.MEDIUM, Rating.HIGH, Rating.CRITICAL):
        assert BAND_FILL[band] in svg
    CoordinationRiskFactory(likelihood=5, impact=5)
    assert MARK[Rating.CRITICAL] in svg_of(users["manager"])


def test_a_crowded_cell_says_how_many_more_and_links_to_them(users):
    crowded = [CoordinationRiskFactory(likelihood=4, impact=4) for _ in range(8)]
    svg = svg_of(users["manager"])
    assert ">+2<" in svg
    more = reverse("analysis:coordinationrisk_list") + "?likelihood=4&amp;impact=4"
    assert more in svg
    shown = re.findall(r'<a href="(/analysis/risks/\d+/)"', svg)
    assert len(shown) == 6 and set(shown) <= {risk.get_absolute_url() for risk in crowded}


def test_the_matrix_holds_only_what_its_reader_may_see(users):
    shown = CoordinationRiskFactory(title="District risk")
    hidden = CoordinationRiskFactory(title="Restricted militia risk", confidentiality="restricted")
    svg = svg_of(users["community"])
    assert shown.get_absolute_url() in svg
    assert hidden.get_absolute_url() not in svg and "Restricted militia risk" not in svg

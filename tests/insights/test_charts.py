"""The SVG charts, one test (or a few) per chart module: hand-built figures for what the test world does not reach
(overflowing cells, draw limits, flags), and the test world for the words: every one goes through translation
when the chart is drawn."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.utils import translation

from shrhub.models import JurisdictionLevel
from stakeholders.choices import Sector, Stance
from stakeholders.insights.charts import (
    changes_svg,
    coordination_svg,
    coverage_svg,
    grid_svg,
    network_svg,
    stance_map_svg,
)
from stakeholders.insights.charts.canvas import STANCE_COLOURS, Canvas, num, stance_label, truncate
from stakeholders.insights.charts.coordination import HIERARCHY_DRAW_LIMIT, org_rows
from stakeholders.insights.charts.network import NETWORK_DRAW_LIMIT, network_layout
from stakeholders.insights.figures.champion_map import Bucket, ChampionMap, MapPoint
from stakeholders.insights.figures.coordination import Coordination, OrgNode
from stakeholders.insights.figures.coverage import Coverage
from stakeholders.insights.figures.network import Network, NetworkEdge, NetworkNode
from stakeholders.insights.figures.records import Actor, RoundRef, Share
from stakeholders.insights.figures.round_changes import Move, RoundChanges
from stakeholders.insights.figures.rules import GRID, QUADRANTS, grid_cell_of, quadrant_of
from stakeholders.insights.filters import resolve_scope
from stakeholders.insights.manager_views import MANAGER_VIEWS
from stakeholders.models import InformationSource, MappingRound, Stakeholder, VulnerableGroup

DAY = datetime.date(2026, 1, 1)
SCORE = {"spoiler": -2, "sceptic": -1, "neutral": 0, "supporter": 1, "champion": 2, "unknown": None}


def actor(pk: int, level: str = "national", name: str = "") -> Actor:
    return Actor(pk, name or f"Org {pk}", f"/stakeholders/{pk}/", "organisation", level, "police")


def point(pk: int, stance: str, influence: int, interest: int, level: str = "national") -> MapPoint:
    score = SCORE[stance]
    return MapPoint(
        actor(pk, level),
        stance,
        score,
        influence,
        interest,
        DAY,
        quadrant_of(score, influence),
        grid_cell_of(influence, interest),
    )


def champion_map(points: list[MapPoint]) -> ChampionMap:
    quadrants = [
        Bucket(key, label, action, sum(p.quadrant == key for p in points)) for key, (label, action) in QUADRANTS.items()
    ]
    grid = [
        Bucket(key, label, action, sum(p.grid_cell == key for p in points)) for key, (label, action) in GRID.items()
    ]
    return ChampionMap(None, len(points), len(points), 0, 0, quadrants, grid, [], points)


def links(svg: str) -> list[tuple[str, str]]:
    """(href, aria-label) of every mark."""
    return [
        (unescape(href), unescape(label)) for href, label in re.findall(r'<a href="([^"]*)" aria-label="([^"]*)"', svg)
    ]


def more_url(**filters: object) -> str:
    return "/stakeholders/?" + "&".join(f"{key}={value}" for key, value in sorted(filters.items()))


# canvas ----------------------------------------------------------------------------------------------------------


def test_canvas_escapes_and_sizes_its_document():
    canvas = Canvas("k", 100.0, 50.5, 'A <b>"title"</b>', "a & b")
    canvas.add(canvas.link("/x/?a=1&b=2", "<name>", canvas.text(1, 2, "<name>")))
    svg = canvas.render()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50.5" role="img"')
    assert 'width="100" height="50.5"' in svg
    assert '<title id="k-title">A &lt;b&gt;&quot;title&quot;&lt;/b&gt;</title>' in svg
    assert '<a href="/x/?a=1&amp;b=2" aria-label="&lt;name&gt;">' in svg
    assert "<name>" not in svg
    assert "width=" not in canvas.render(inline=True).split(">", 1)[0]


def test_numbers_texts_and_stance_labels():
    assert (num(2.0), num(2.25), num(-0.04)) == ("2", "2.2", "-0")
    assert (truncate("abcdef", 6), truncate("abcdefg", 6)) == ("abcdef", "abcde…")
    assert stance_label(Stance.CHAMPION, "—") == Stance.CHAMPION.label
    assert stance_label(None, "not assessed") == "not assessed"


# stance map and grid ---------------------------------------------------------------------------------------------


def crowded_stance_map() -> ChampionMap:
    """41 influential spoilers in a cell of 8 x 5 dots, and one champion of little influence."""
    return champion_map([*(point(pk, "spoiler", 5, 3) for pk in range(1, 42)), point(99, "champion", 1, 2, "local")])


def crowded_grid() -> ChampionMap:
    """25 supporters and a spoiler in a cell of 6 x 4 dots."""
    return champion_map([*(point(pk, "supporter", 4, 4) for pk in range(1, 26)), point(99, "spoiler", 4, 4)])


def test_stance_map_draws_a_dot_per_point_and_sends_a_crowded_cell_to_the_list():
    svg = stance_map_svg(crowded_stance_map(), more_url=more_url).render()
    marks = links(svg)
    assert len(marks) == 39 + 1 + 1
    assert ("/stakeholders/99/", "Org 99: Champion, influence 1, interest 2, Local") in marks
    assert (
        "/stakeholders/?influence_min=5&ordering=influence&stance=spoiler",
        "2 more stakeholders in this cell",
    ) in marks
    assert ">+2</text>" in svg
    assert "Influential spoilers — engage (41)" in svg
    assert "42 assessed stakeholders of 42 in scope. Influential spoilers: 41; Influential champions: 0;" in svg


def test_grid_colours_by_stance_and_sends_a_crowded_cell_to_the_list():
    svg = grid_svg(crowded_grid(), more_url=more_url).render()
    marks = links(svg)
    assert marks[0] == ("/stakeholders/99/", "Org 99: Spoiler, influence 4, interest 4, National")  # spoilers first
    assert ("/stakeholders/?influence_min=4&ordering=-influence", "3 more stakeholders in this cell") in marks
    assert f'fill="{STANCE_COLOURS["spoiler"]}"' in svg
    assert "Manage closely (26)" in svg


# changes ---------------------------------------------------------------------------------------------------------


def move(pk: int, before: str | None, after: str | None, direction: str) -> Move:
    return Move(actor(pk), direction, before, after, 3, 3, None, None)


ROUNDS = [RoundRef(pk, f"Round {pk}", DAY, "Nation", f"/rounds/{pk}/") for pk in (1, 2)]


def many_changes() -> RoundChanges:
    """61 moves towards spoiler and one unclear."""
    down = [move(pk, "champion", "spoiler", "down") for pk in range(1, 62)]
    return RoundChanges(*ROUNDS, moved_down=down, unclear=[move(99, None, "neutral", "unclear")])


def test_changes_draw_at_most_sixty_rows_and_name_missing_stances():
    svg = changes_svg(many_changes()).render()
    assert len(links(svg)) == 60
    assert "Showing the 60 largest moves of 62; the table and CSV list all." in svg
    assert "0 moved towards champion, 61 towards spoiler, 1 unclear, 0 unchanged, 0 new, 0 not reassessed" in svg
    assert '<title id="changes-title">Change between Round 1 and Round 2</title>' in svg
    unclear_only = changes_svg(RoundChanges(*ROUNDS, unclear=[move(99, None, "neutral", "unclear")])).render()
    assert links(unclear_only) == [("/stakeholders/99/", "Org 99: — → Neutral")]
    assert "Nobody&#x27;s stance moved" in changes_svg(RoundChanges(None, None)).render()


# network ---------------------------------------------------------------------------------------------------------


def node(pk: int, level: str, degree: int = 1, brokerage: float = 0.0, stance: str | None = "neutral") -> NetworkNode:
    return NetworkNode(actor(pk, level), stance, degree, brokerage)


def test_network_layout_places_each_band_under_its_neighbours():
    west, east = node(1, "national"), node(2, "national")
    under_east, under_west = node(3, "local"), node(4, "local")
    edges = [NetworkEdge(2, 3, "allied_with"), NetworkEdge(1, 4, "allied_with")]
    layout = network_layout([west, east, under_east, under_west], edges)
    assert layout.x_of[1] < layout.x_of[2]  # the national band by name
    assert layout.x_of[4] < layout.x_of[3]  # each band below by where its neighbours sit
    assert layout.y_of[1] == layout.y_of[2] < layout.y_of[3] == layout.y_of[4]
    assert [n.actor.id for n in layout.bands["regional"]] == []


def big_network() -> Network:
    """One more node than the chart draws; the best-ranked not assessed, tied to the second and to the last."""
    nodes = [node(pk, "local", 2 if pk == 1 else 1, 1.0 / pk) for pk in range(1, NETWORK_DRAW_LIMIT + 2)]
    nodes[0].stance = None
    edges = [NetworkEdge(1, 2, "opposed_to"), NetworkEdge(1, NETWORK_DRAW_LIMIT + 1, "allied_with")]
    return Network(len(nodes), 0, 1, nodes, edges, brokers=nodes[:1], cut_off=[])


def test_network_draws_the_best_ranked_nodes_and_only_their_ties():
    svg = network_svg(big_network()).render()
    marks = links(svg)
    assert len(marks) == NETWORK_DRAW_LIMIT
    assert marks[0][1] == "Org 1 (Local, not assessed): brokerage 1, 2 ties"
    assert marks[1][1] == "Org 2 (Local, Neutral): brokerage 0.5, 1 tie"
    assert svg.count("<path") == 1  # the tie to the node left out is left out
    assert 'stroke-dasharray="4 3"' in svg  # opposition dashed
    assert ">Org 1</text>" in svg  # the broker is named
    assert "151 connected stakeholders, 2 ties, 1 broker between national and local actors" in svg
    assert f"Showing the {NETWORK_DRAW_LIMIT} best-ranked of 151 connected stakeholders" in svg


# coordination ----------------------------------------------------------------------------------------------------


def org(
    pk: int, level: str, *children: OrgNode, flags: tuple[str, ...] = (), stance: str | None = "neutral"
) -> OrgNode:
    return OrgNode(actor(pk, level), stance, None, list(children), list(flags))


def coordination(trees: list[OrgNode]) -> Coordination:
    return Coordination(DAY, 90, trees, sum(tree.size() for tree in trees), [], [], [])


def flagged_trees() -> list[OrgNode]:
    """A chain without flags, one with both flags, one with a gap, and an organisation on its own."""
    return [
        org(1, "national", org(2, "regional")),
        org(3, "national", org(4, "local", flags=("divergence", "engagement gap"), stance=None)),
        org(5, "national", org(6, "national", flags=("engagement gap",))),
        org(7, "national"),
    ]


def test_coordination_draws_flagged_chains_first_outlined_by_their_flags():
    quiet, flagged, gap, alone = flagged_trees()
    assert [(n.actor.id, parent, indent) for n, parent, indent in org_rows([quiet, flagged, gap])] == [
        (3, None, 0),
        (4, 0, 0),
        (5, None, 0),
        (6, 2, 1),  # same level as its parent: indented under it
        (1, None, 0),
        (2, 4, 0),
    ]
    svg = coordination_svg(coordination([quiet, flagged, gap, alone])).render()
    marks = links(svg)
    assert [href for href, _ in marks] == [f"/stakeholders/{pk}/" for pk in (3, 4, 5, 6, 1, 2)]
    assert ("/stakeholders/4/", "Org 4: not assessed — divergence, engagement gap") in marks
    box = re.search(r'aria-label="Org 4[^"]*">.*?<rect ([^>]*)/>', svg).group(1)
    assert f'stroke="{STANCE_COLOURS["spoiler"]}" stroke-width="2"' in box
    assert 'stroke="#e16f24"' in re.search(r'aria-label="Org 6[^"]*">.*?<rect ([^>]*)/>', svg).group(1)
    assert "3 chains of organisations; 0 stance divergences; 0 national engagements" in svg
    assert "No organisation in scope" in coordination_svg(coordination([alone])).render()


def long_chains() -> list[OrgNode]:
    return [org(pk, "national", org(1000 + pk, "local")) for pk in range(1, HIERARCHY_DRAW_LIMIT)]


def test_coordination_draws_at_most_its_limit_of_rows():
    svg = coordination_svg(coordination(long_chains())).render()
    assert len(links(svg)) == HIERARCHY_DRAW_LIMIT
    assert f"Showing {HIERARCHY_DRAW_LIMIT} of {2 * (HIERARCHY_DRAW_LIMIT - 1)} organisations in chains" in svg


# coverage --------------------------------------------------------------------------------------------------------


def small_coverage() -> Coverage:
    """A sector, a stance and a source (the only corporate source of two assessments)."""
    security = Share("security", "Security", 3, 4, "/assessments/?source=1")
    return Coverage(
        in_scope=4,
        assessed=4,
        local_actors=0,
        includes_local=False,
        sectors=[Share("police", "Police", 1, 4, "/stakeholders/?sector=police")],
        levels=[],
        stances=[Share("spoiler", "Spoiler", 2, 4, "/stakeholders/?stance=spoiler")],
        sources=[security],
        sole_sources=[Share("security", "Security", 2, 4, security.url)],
        vulnerable_groups=[],
        representing_any=0,
        review_due=[],
        key_positions=[],
        days=90,
    )


def test_coverage_bars_link_to_their_records_and_darken_sole_sources():
    svg = coverage_svg(small_coverage()).render()
    assert links(svg) == [
        ("/stakeholders/?sector=police", "Sectors: Police: 1 of 4"),
        ("/stakeholders/?stance=spoiler", "Stances: Spoiler: 2 of 4"),
        ("/assessments/?source=1", "Information sources: Security: 3 of 4"),
    ]
    # Bars 380 wide for the panel's largest total (4): 3 of 4 is 285 wide; the sole source's 2 of 4, 190, darker.
    assert '<rect x="270" y="214" width="285" height="13" fill="#54aeff"/>' in svg
    assert '<rect x="270" y="214" width="190" height="13" fill="#0550ae"/>' in svg
    assert f'<rect x="270" y="162" width="190" height="13" fill="{STANCE_COLOURS["spoiler"]}"/>' in svg
    assert ">3 (75%)</text>" in svg


# every word translated when drawn ------------------------------------------------------------------------------


def _pseudo(message: str) -> str:
    """The message in a pseudo-language that brackets each of its words (not its placeholders)."""
    return re.sub(r"%\(\w+\)[sd]|([^\W\d_]+)", lambda m: f"⟦{m[1]}⟧" if m[1] else m[0], message)


def _bracketed(monkeypatch) -> None:
    """Translation into the pseudo-language: the words a chart does not translate (or translated when its module
    was imported) come out bare, and so do the values put into a translated message."""
    monkeypatch.setattr(translation._trans, "gettext", _pseudo)
    monkeypatch.setattr(translation._trans, "ngettext", lambda one, many, n: _pseudo(one if n == 1 else many))
    monkeypatch.setattr(translation._trans, "pgettext", lambda context, message: _pseudo(message))


def _bare_words(svg: str, data: set[str], names: str = r"$^") -> list[str]:
    """The words of the chart's texts, titles and labels outside brackets, once data (``data``, and names that
    match ``names``) are taken out."""
    texts = re.findall(r">([^<>]+)</(?:text|title|desc)>", svg) + re.findall(r'aria-label="([^"]*)"', svg)
    bare = []
    for text in map(unescape, texts):
        text = re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
        text = re.sub(r"⟦[^⟦⟧]*…", " ", text)  # a translated word cut short by the label's length limit
        for name in sorted(data, key=len, reverse=True):
            text = text.replace(name, " ")
        text = re.sub(names, " ", text)
        bare += re.findall(r"[^\W\d_]+", text)
    return bare


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("view", "chart"),
    [(view, chart) for view in MANAGER_VIEWS for chart in view.charts],
    ids=lambda each: getattr(each, "key", each),
)
def test_every_word_of_a_chart_is_translated_when_drawn(world, manager, monkeypatch, view, chart):
    scope = resolve_scope(user=manager, data={}, filterset_class=view.filterset_class)
    figure = view.figure(scope)  # in English: a page builds the figure and draws it in the reader's language
    english_labels = {str(label) for choices in (Stance, JurisdictionLevel, Sector) for label in choices.labels}
    _bracketed(monkeypatch)
    svg = view.charts[chart][1](figure, scope, lambda url: url).render()
    # Data, and the choices' labels the figure holds (in the language it was built in).
    data = {
        *Stakeholder.objects.values_list("name", flat=True),
        *MappingRound.objects.values_list("name", flat=True),
        *InformationSource.objects.values_list("name", flat=True),
        *VulnerableGroup.objects.values_list("name", flat=True),
        *english_labels,
        "Not assessed",  # the coverage figure's own share, as the page's table names it
    }
    data |= {truncate(name, limit) for name in set(data) for limit in range(12, 48)}
    assert "⟦" in svg
    assert _bare_words(svg, data) == []


HAND_BUILT = {
    "stance map": lambda: stance_map_svg(crowded_stance_map(), more_url=more_url),
    "grid": lambda: grid_svg(crowded_grid(), more_url=more_url),
    "changes": lambda: changes_svg(many_changes()),
    "no changes": lambda: changes_svg(RoundChanges(*ROUNDS)),
    "network": lambda: network_svg(big_network()),
    "coordination": lambda: coordination_svg(coordination(flagged_trees())),
    "long chains": lambda: coordination_svg(coordination(long_chains())),
    "no chains": lambda: coordination_svg(coordination([])),
    "coverage": lambda: coverage_svg(small_coverage()),
}


@pytest.mark.parametrize("chart", HAND_BUILT)
def test_every_word_of_the_overflows_and_flags_is_translated_when_drawn(monkeypatch, chart):
    choices = {str(label) for choices in (Stance, JurisdictionLevel, Sector) for label in choices.labels}
    choices |= {truncate(label, limit) for label in set(choices) for limit in (26, 30, 38, 40)}
    _bracketed(monkeypatch)
    svg = HAND_BUILT[chart]().render()
    assert _bare_words(svg, {*choices, "Police", "Security", "Round 1", "Round 2"}, r"Org \d+") == []

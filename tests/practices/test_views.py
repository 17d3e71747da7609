"""Every catalogue and adoption page as every role; adoption forms, bad input, evidence, progress and
query counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from practices.catalogue import load_catalogue
from practices.choices import AdoptionStatus
from practices.models import Adoption, Practice
from shrhub import clock
from shrhub.roles import Role
from tests.helpers.queries import assert_constant_queries
from tests.helpers.suites import PageSuite
from tests.shrhub.factories import LocalityFactory, NationalFactory, RegionFactory
from tests.stakeholders.factories import EngagementFactory, MappingRoundFactory

from .factories import AdoptionFactory, PracticeFactory
from .suite_data import AdoptionData


@pytest.fixture
def catalogue(db):
    return load_catalogue()


def catalogue_urls() -> list[str]:
    return [
        reverse("practices:catalogue"),
        reverse("practices:challenge_detail", args=["1.1.a"]),
        reverse("practices:challenge_detail", args=["1.1.b"]),
        reverse("practices:challenge_detail", args=["1.1.c"]),
        reverse("practices:practice_list"),
        reverse("practices:practice_list") + "?q=spoilers",
        reverse("practices:practice_detail", args=["2016-a-stakeholder-mapping-exercise"]),
        reverse("practices:practice_detail", args=["hub-a-key-resource"]),
        reverse("practices:practice_detail", args=["2016-b-colombia-cme"]),
        reverse("practices:case_study_list"),
        reverse("practices:method_list"),
        reverse("practices:method_detail", args=["2016-pestles"]),
        reverse("practices:method_detail", args=["2016-mapping-questions"]),
        reverse("practices:reference_list"),
        reverse("practices:reference_detail", args=["igts"]),
        reverse("practices:progress_index"),
    ]


# The catalogue pages render ------------------------------------------------------------------------------------
# (who may reach them, anonymous and every role, is the route table's: tests/test_route_access.py)


def test_every_catalogue_page_renders_for_a_reader(catalogue, client_for):
    client = client_for(Role.COMMUNITY)
    for url in catalogue_urls():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


def test_progress_page_renders_for_a_reader(catalogue, client_for):
    region = RegionFactory()
    response = client_for(Role.SECURITY).get(reverse("practices:progress_detail", args=[region.pk]))
    assert response.status_code == 200
    assert response.context["progress"].total.adoptions == 0


def test_unknown_rows_answer_404(catalogue, client_for):
    client = client_for(Role.SECURITY)
    assert client.get(reverse("practices:challenge_detail", args=["9.9.z"])).status_code == 404
    assert client.get(reverse("practices:practice_detail", args=["no-such-practice"])).status_code == 404
    assert client.get(reverse("practices:method_detail", args=["no-such-method"])).status_code == 404
    assert client.get(reverse("practices:progress_detail", args=[999999])).status_code == 404


def test_review_is_a_post_only_action(client_for):
    adoption = AdoptionFactory()
    url = reverse("practices:adoption_review", args=[adoption.pk])
    assert client_for(Role.MANAGER).get(url).status_code == 405
    adoption.refresh_from_db()
    assert adoption.last_reviewed_on is None


# What the catalogue pages show ------------------------------------------------------------------------------


def test_challenge_page_shows_both_editions_side_by_side(catalogue, client_for):
    response = client_for(Role.COMMUNITY).get(reverse("practices:challenge_detail", args=["1.1.a"]))
    html = response.content.decode()
    assert [c.code for c in response.context["columns"]] == ["1.1.a", "A"]
    assert "Challenge 1.1.a / A" in html
    assert "The identification of key interlocutors within the host government may be challenging" in html
    assert "Host government interlocutors: dealing with staff turn-over" in html
    assert "Consider co-chairing of meetings" in html  # 2016
    assert "Consider co-chairing meetings" in html  # Hub
    assert html.index("Toolkit 2016") < html.index("Hub edition")
    # The six 2016 questions and the five Hub items are shown under the practice they are printed under.
    assert "Who has the necessary influence to foster change?" in html
    assert "interests of key actors?Who has the necessary influence" in html
    # Citations link to their source.
    igts = reverse("practices:reference_detail", args=["igts"])
    assert f'<a class="citation" href="{igts}"' in html


def test_practice_page_shows_steps_citations_methods_and_what_refers_to_it(catalogue, client_for, users):
    practice = Practice.objects.get(key="2016-a-stakeholder-mapping-exercise")
    national = NationalFactory()
    engagement = EngagementFactory(title="Roundtable with the interior ministry", jurisdiction=national)
    engagement.practices.add(practice)
    mapping_round = MappingRoundFactory(name="Spring mapping 2026", jurisdiction=national)
    mapping_round.practices.add(practice)
    AdoptionFactory(practice=practice, jurisdiction=national, status=AdoptionStatus.PLANNED)
    response = client_for(Role.MANAGER).get(practice.get_absolute_url())
    html = response.content.decode()
    assert practice.heading in html
    assert "Repeat the stakeholder mapping exercise regularly" in html
    assert f'href="{reverse("practices:reference_detail", args=["igts"])}"' in html
    assert "Stakeholder mapping questions" in html
    assert "Roundtable with the interior ministry" in html
    assert "Spring mapping 2026" in html
    assert "Planned" in html
    assert "Record an adoption" in html
    assert "Source: Toolkit 2016, Working with Host Governments, 1.1 Engagement and Coordination" in html
    # Security may read it all but not record adoptions.
    html = client_for(Role.SECURITY).get(practice.get_absolute_url()).content.decode()
    assert "Roundtable with the interior ministry" in html
    assert "Record an adoption" not in html


def test_heading_only_items_say_so(catalogue, client_for):
    html = client_for(Role.SECURITY).get(reverse("practices:practice_detail", args=["hub-a-key-resource"])).content
    assert b"The source gives only this heading." in html


def test_case_study_page_shows_the_success_factors(catalogue, client_for):
    html = client_for(Role.SECURITY).get(reverse("practices:case_study_list")).content.decode()
    assert "CASE STUDY: COLOMBIA MINING AND ENERGY COMMITTEE (CME)[1]" in html
    assert "In 2003, an in-country multi-stakeholder process was initiated in Colombia" in html
    assert '<li value="9"' in html
    assert "The presence of a “champion” for the VPs within the Colombian Government." in html


def test_method_pages(catalogue, client_for):
    client = client_for(Role.COMMUNITY)
    html = client.get(reverse("practices:method_detail", args=["2016-pestles"])).content.decode()
    assert "PESTLES (Political, Economic, Social, Technological, Legal, Environmental and Security) Analysis" in html
    assert "macro-level assessment tool" in html
    html = client.get(reverse("practices:method_detail", args=["2016-mapping-questions"])).content.decode()
    assert html.count("asked in every mapping round") == 6
    html = client.get(reverse("practices:method_detail", args=["hub-mapping-questions"])).content.decode()
    assert "asked in every mapping round" not in html


def test_references_list_and_detail(catalogue, client_for):
    client = client_for(Role.SECURITY)
    html = client.get(reverse("practices:reference_list")).content.decode()
    assert "Voluntary Principles on Security and Human Rights: Implementation Guidance Tools" in html
    assert "CSBP, Flashpoint Issue 1" in html
    detail = client.get(reverse("practices:reference_detail", args=["miga"]))
    assert [c.locator for c in detail.context["object"].citations.all()] == ["VI-4", "II-14"]
    assert b"the full title is not recorded" in detail.content


def test_catalogue_home_lists_challenges_methods_case_studies_and_sources(catalogue, client_for):
    response = client_for(Role.SECURITY).get(reverse("practices:catalogue"))
    assert [row.ref for row in response.context["rows"]] == ["1.1.a", "1.1.b", "1.1.c"]
    html = response.content.decode()
    assert "Challenge 1.1.b / B" in html
    assert "PESTLES" in html
    assert "CASE STUDY: COLOMBIA" in html


def test_navigation_has_the_catalogue_section(catalogue, client_for):
    html = client_for(Role.SECURITY).get("/").content.decode()
    assert "Catalogue" in html
    assert reverse("practices:practice_list") in html


def test_home_panel_counts_overdue_and_unowned(client_for):
    AdoptionFactory(target_date=datetime.date(2020, 1, 1), owner=None)
    AdoptionFactory(status=AdoptionStatus.IMPLEMENTED, target_date=datetime.date(2020, 1, 1))
    response = client_for(Role.MANAGER).get("/")
    panels = {panel.title: panel for panel in response.context["panels"]}
    panel = panels["Good-practice adoption"]
    assert (panel.context["total"], panel.context["overdue"], panel.context["unowned"]) == (2, 1, 1)
    assert b"1</strong> overdue" in response.content


# Adoptions: the generic page suite --------------------------------------------------------------------------


class TestAdoptionPages(AdoptionData, PageSuite):
    url_prefix = "practices:adoption"

    def valid_form_data(self):
        return {
            "practice": PracticeFactory().pk,
            "jurisdiction": NationalFactory().pk,
            "status": AdoptionStatus.PLANNED,
            "target_date": "2027-06-30",
            "notes": "Start with the northern region.",
        }

    def invalid_form_data(self):
        return {
            "practice": PracticeFactory().pk,
            "jurisdiction": NationalFactory().pk,
            "status": AdoptionStatus.NOT_APPLICABLE,
            "not_applicable_reason": "  ",
        }, "not_applicable_reason"

    def edit_changes(self, obj, form):
        return {"status": AdoptionStatus.IMPLEMENTED, "notes": "Done in March."}


# Adoption forms: bad input --------------------------------------------------------------------------------


@pytest.mark.django_db
class TestAdoptionFormInput:
    def post(self, client_for, data, pk=None):
        url = reverse("practices:adoption_edit", args=[pk]) if pk else reverse("practices:adoption_add")
        return client_for(Role.MANAGER).post(url, data)

    def test_duplicate_practice_and_jurisdiction_is_refused_on_the_jurisdiction_field(self, client_for):
        existing = AdoptionFactory()
        response = self.post(
            client_for,
            {"practice": existing.practice.pk, "jurisdiction": existing.jurisdiction.pk, "status": "planned"},
        )
        assert response.status_code == 400
        assert response.context["form"].errors["jurisdiction"] == [
            "This practice already has an adoption for this jurisdiction."
        ]
        assert Adoption.objects.count() == 1

    def test_not_applicable_needs_a_reason(self, client_for):
        practice, national = PracticeFactory(), NationalFactory()
        response = self.post(
            client_for, {"practice": practice.pk, "jurisdiction": national.pk, "status": "not_applicable"}
        )
        assert response.status_code == 400
        assert "Say why the practice is not applicable." in response.context["form"].errors["not_applicable_reason"]
        response = self.post(
            client_for,
            {
                "practice": practice.pk,
                "jurisdiction": national.pk,
                "status": "not_applicable",
                "not_applicable_reason": "No public security forces operate in this area.",
            },
        )
        assert response.status_code == 302
        assert Adoption.objects.get().get_status_display() == "Not applicable"

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            ({"status": "finished"}, "status"),
            ({"target_date": "2027-13-45"}, "target_date"),
            ({"last_reviewed_on": "2999-01-01"}, "last_reviewed_on"),
            ({"practice": ""}, "practice"),
            ({"jurisdiction": "999999"}, "jurisdiction"),
            ({"owner": "999999"}, "owner"),
        ],
    )
    def test_bad_values_are_reported_beside_their_field(self, client_for, data, field):
        base = {"practice": PracticeFactory().pk, "jurisdiction": NationalFactory().pk, "status": "planned"}
        response = self.post(client_for, {**base, **data})
        assert response.status_code == 400
        assert field in response.context["form"].errors
        assert f'id="id_{field}_errors"'.encode() in response.content
        assert not Adoption.objects.exists()

    def test_a_withdrawn_practice_cannot_be_adopted_anew(self, client_for):
        practice = PracticeFactory(withdrawn=True)
        response = self.post(
            client_for, {"practice": practice.pk, "jurisdiction": NationalFactory().pk, "status": "planned"}
        )
        assert response.status_code == 400
        assert response.context["form"].errors["practice"] == ["This practice is no longer in the catalogue."]

    def test_add_form_takes_the_practice_from_the_link(self, catalogue, client_for):
        practice = Practice.objects.get(key="hub-a-practical-tools")
        response = client_for(Role.MANAGER).get(reverse("practices:adoption_add") + f"?practice={practice.pk}")
        assert response.context["form"].initial["practice"] == str(practice.pk)
        assert "A · Practical Tools: Support local or in-country working groups" in response.content.decode()

    def test_mark_reviewed(self, client_for):
        adoption = AdoptionFactory()
        response = client_for(Role.MANAGER).post(
            reverse("practices:adoption_review", args=[adoption.pk]), {"version": adoption.version}
        )
        assert response.status_code == 302
        adoption.refresh_from_db()
        assert adoption.last_reviewed_on == clock.today()
        assert adoption.history.first().history_change_reason == "Reviewed"

    def test_mark_reviewed_with_a_stale_version_changes_nothing(self, client_for):
        adoption = AdoptionFactory()
        response = client_for(Role.MANAGER).post(
            reverse("practices:adoption_review", args=[adoption.pk]), {"version": adoption.version + 3}, follow=True
        )
        assert b"Someone else changed this adoption" in response.content
        adoption.refresh_from_db()
        assert adoption.last_reviewed_on is None

    @pytest.mark.parametrize("version", [None, "", "x"])
    def test_mark_reviewed_without_the_version_read_changes_nothing(self, client_for, version):
        adoption = AdoptionFactory()
        data = {} if version is None else {"version": version}
        response = client_for(Role.MANAGER).post(
            reverse("practices:adoption_review", args=[adoption.pk]), data, follow=True
        )
        assert b"did not say which version" in response.content
        adoption.refresh_from_db()
        assert adoption.last_reviewed_on is None
        assert adoption.version == 1


# Adoption list filters, evidence and progress -------------------------------------------------------------------


def test_adoption_list_filters(client_for):
    region = RegionFactory()
    locality = LocalityFactory(parent=region)
    elsewhere = RegionFactory()
    overdue = AdoptionFactory(jurisdiction=locality, target_date=datetime.date(2020, 1, 1))
    done = AdoptionFactory(jurisdiction=region, status=AdoptionStatus.IMPLEMENTED, owner=None)
    other = AdoptionFactory(jurisdiction=elsewhere, last_reviewed_on=clock.today())
    client = client_for(Role.SECURITY)

    def listed(query: str) -> set[int]:
        return {a.pk for a in client.get(reverse("practices:adoption_list") + query).context["object_list"]}

    assert listed(f"?jurisdiction={region.pk}") == {overdue.pk, done.pk}
    assert listed("?overdue=true") == {overdue.pk}
    assert listed("?unowned=true") == {overdue.pk, other.pk}
    assert listed("?status=implemented") == {done.pk}
    assert listed(f"?practice={other.practice.key}") == {other.pk}


def test_adoption_evidence_is_what_is_tagged_in_its_jurisdiction_subtree(client_for):
    region = RegionFactory()
    locality = LocalityFactory(parent=region)
    adoption = AdoptionFactory(jurisdiction=region)
    inside = EngagementFactory(title="Town hall in the locality", jurisdiction=locality)
    inside.practices.add(adoption.practice)
    outside = EngagementFactory(title="Workshop in another region", jurisdiction=RegionFactory())
    outside.practices.add(adoption.practice)
    untagged = EngagementFactory(title="Untagged meeting", jurisdiction=region)
    mapping_round = MappingRoundFactory(name="Regional mapping round", jurisdiction=region)
    mapping_round.practices.add(adoption.practice)
    response = client_for(Role.COMMUNITY).get(adoption.get_absolute_url())
    groups = {group.label: group for group in response.context["evidence"]}
    assert [e.pk for e in groups["Engagements"].items] == [inside.pk]
    assert [r.pk for r in groups["Mapping rounds"].items] == [mapping_round.pk]
    html = response.content.decode()
    assert inside.title in html
    assert outside.title not in html
    assert untagged.title not in html


def test_progress_page_counts_per_challenge(catalogue, client_for, users):
    region = RegionFactory()
    locality = LocalityFactory(parent=region)
    today = clock.today()
    a_practices = list(Practice.objects.filter(challenge__ref="1.1.a").order_by("id"))
    AdoptionFactory(
        practice=a_practices[0], jurisdiction=region, status=AdoptionStatus.IMPLEMENTED, owner=users["manager"]
    )
    AdoptionFactory(
        practice=a_practices[1],
        jurisdiction=locality,
        status=AdoptionStatus.IN_PROGRESS,
        owner=users["manager"],
        target_date=today - datetime.timedelta(days=1),
        last_reviewed_on=today,
    )
    AdoptionFactory(practice=a_practices[1], jurisdiction=region, status=AdoptionStatus.PLANNED, owner=None)
    stale = AdoptionFactory(
        practice=Practice.objects.get(key="hub-c-good-practices"),
        jurisdiction=region,
        owner=users["manager"],
        last_reviewed_on=today - datetime.timedelta(days=400),
    )
    AdoptionFactory(practice=a_practices[2], jurisdiction=RegionFactory())  # elsewhere: not counted
    response = client_for(Role.MANAGER).get(reverse("practices:progress_detail", args=[region.pk]))
    progress = response.context["progress"]
    rows = {row.ref: row for row in progress.rows}
    a, c = rows["1.1.a"], rows["1.1.c"]
    assert a.codes == "1.1.a / A"
    assert a.catalogue == 9
    assert (a.adoptions, a.adopted_practices, a.implemented, a.in_progress) == (3, 2, 1, 1)
    assert (a.overdue, a.unowned) == (1, 1)
    assert c.needs_review == 1
    assert progress.total.adoptions == 4
    assert [x.pk for x in progress.needs_review] == [stale.pk]
    assert response.content.decode().count('class="badge text-bg-danger"') >= 1
    index = client_for(Role.MANAGER).get(reverse("practices:progress_index"))
    line = next(line for line in index.context["lines"] if line.jurisdiction == region)
    assert (line.adoptions, line.implemented, line.overdue) == (4, 1, 1)


# Query counts -----------------------------------------------------------------------------------------------


def test_practice_list_page_query_count_is_constant(client_for):
    client = client_for(Role.SECURITY)
    url = reverse("practices:practice_list")
    assert_constant_queries(lambda n: PracticeFactory.create_batch(n), lambda: client.get(url), few=2, many=20)


def test_practice_search_page_query_count_is_constant(client_for):
    client = client_for(Role.SECURITY)
    url = reverse("practices:practice_list") + "?q=experts"
    assert_constant_queries(lambda n: PracticeFactory.create_batch(n), lambda: client.get(url), few=2, many=20)


def test_adoption_list_page_query_count_is_constant_with_20_rows(client_for, users):
    client = client_for(Role.MANAGER)

    def rows(n):
        for _ in range(n):
            AdoptionFactory(jurisdiction=LocalityFactory(), owner=users["manager"])

    assert_constant_queries(rows, lambda: client.get(reverse("practices:adoption_list")), few=2, many=20)


def test_progress_pages_query_count_is_constant(client_for):
    region = RegionFactory()
    client = client_for(Role.MANAGER)

    def rows(n):
        for _ in range(n):
            AdoptionFactory(jurisdiction=LocalityFactory(parent=region), target_date=datetime.date(2020, 1, 1))

    assert_constant_queries(rows, lambda: client.get(reverse("practices:progress_detail", args=[region.pk])), 2, 20)
    assert_constant_queries(rows, lambda: client.get(reverse("practices:progress_index")), 2, 20)


def test_manager_warnings_name_overdue_unowned_and_unreviewed_adoptions(users):
    from practices.panels import adoption_warnings
    from shrhub.registry import manager_warnings

    region = RegionFactory()
    AdoptionFactory(jurisdiction=LocalityFactory(parent=region), target_date=datetime.date(2020, 1, 1))
    AdoptionFactory(owner=users[Role.MANAGER], last_reviewed_on=datetime.date(2020, 1, 1))
    warnings = {w.severity: w for w in adoption_warnings(users[Role.MANAGER], {})}
    assert warnings["high"].title == "1 adopted practice is overdue"
    assert warnings["high"].url == reverse("practices:adoption_list") + "?overdue=true"
    assert warnings["medium"].title == "1 open adoption has no owner"
    assert warnings["low"].title == "1 adoption has not been reviewed for 6 months"
    scoped = adoption_warnings(users[Role.MANAGER], {"jurisdiction": str(region.pk)})
    assert [w.severity for w in scoped] == ["high", "medium"]
    assert scoped[0].url.endswith(f"&jurisdiction={region.pk}")
    assert any(w.source == "Good-practice adoption" for w in manager_warnings(users[Role.MANAGER], {}))
    assert adoption_warnings(users[Role.MANAGER], {"jurisdiction": str(RegionFactory().pk)}) == []


def test_meetings_are_evidence_through_their_working_groups_jurisdiction(client_for):
    from tests.workinggroups.factories import MeetingFactory, WorkingGroupFactory

    region = RegionFactory()
    adoption = AdoptionFactory(jurisdiction=region)
    inside = MeetingFactory(
        title="Security working group, third meeting",
        group=WorkingGroupFactory(jurisdiction=LocalityFactory(parent=region)),
    )
    inside.practices.add(adoption.practice)
    outside = MeetingFactory(
        title="Elsewhere working group meeting", group=WorkingGroupFactory(jurisdiction=RegionFactory())
    )
    outside.practices.add(adoption.practice)
    response = client_for(Role.MANAGER).get(adoption.get_absolute_url())
    groups = {group.label: group for group in response.context["evidence"]}
    assert [item.pk for item in groups["Meetings"].items] == [inside.pk]
    assert groups["Meetings"].items[0].jurisdiction == inside.group.jurisdiction
    html = response.content.decode()
    assert "Security working group, third meeting" in html
    assert "Elsewhere working group meeting" not in html


def test_withdrawn_items_leave_browsing_but_keep_their_page(catalogue, client_for):
    practice = Practice.objects.get(key="2016-b-right-person")
    Practice.objects.filter(pk=practice.pk).update(withdrawn=True)
    client = client_for(Role.MANAGER)
    listed = client.get(reverse("practices:practice_list"), {"challenge": "1.1.b"}).context["object_list"]
    assert practice.pk not in {p.pk for p in listed}
    columns = client.get(reverse("practices:challenge_detail", args=["1.1.b"])).context["columns"]
    assert practice.pk not in {p.pk for c in columns for p in c.practices.all()}
    response = client.get(practice.get_absolute_url())
    assert response.status_code == 200
    assert b"no longer in the catalogue file" in response.content
    assert b"Record an adoption" not in response.content
    form = client.get(reverse("practices:adoption_add")).context["form"]
    offered = [choice.instance for choice, _ in list(form.fields["practice"].choices)[1:]]
    assert practice not in offered  # not offered; chosen anyway, the service says why not (beside the field)


def test_an_adoption_cannot_be_moved_onto_a_withdrawn_practice(client_for):
    adoption = AdoptionFactory()
    withdrawn = PracticeFactory(withdrawn=True)
    client = client_for(Role.MANAGER)
    form = client.get(reverse("practices:adoption_edit", args=[adoption.pk])).context["form"]
    assert withdrawn not in [choice.instance for choice, _ in list(form.fields["practice"].choices)[1:]]
    response = client.post(
        reverse("practices:adoption_edit", args=[adoption.pk]),
        {
            "practice": withdrawn.pk,
            "jurisdiction": adoption.jurisdiction.pk,
            "status": "planned",
            "version": adoption.version,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["practice"] == ["This practice is no longer in the catalogue."]
    assert b'id="id_practice_errors"' in response.content
    adoption.refresh_from_db()
    assert adoption.practice_id != withdrawn.pk


def test_an_adoption_of_a_withdrawn_practice_can_still_be_edited(client_for):
    adoption = AdoptionFactory(practice=PracticeFactory(withdrawn=True))
    client = client_for(Role.MANAGER)
    form = client.get(reverse("practices:adoption_edit", args=[adoption.pk])).context["form"]
    assert adoption.practice in form.fields["practice"].queryset
    response = client.post(
        reverse("practices:adoption_edit", args=[adoption.pk]),
        {
            "practice": adoption.practice.pk,
            "jurisdiction": adoption.jurisdiction.pk,
            "status": "implemented",
            "version": adoption.version,
        },
    )
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.IMPLEMENTED


def test_case_study_paragraphs_render_as_paragraphs(catalogue, client_for):
    html = client_for(Role.SECURITY).get(reverse("practices:practice_detail", args=["2016-b-colombia-cme"])).content
    assert html.decode().count("<p>") >= 4
    assert b"<p>Key factors that have made the CME successful:</p>" in html


def test_demo_adoptions(catalogue, users):
    import random
    from io import StringIO

    from practices.demo import seed_adoptions

    national = NationalFactory()
    RegionFactory(parent=national)
    counts = seed_adoptions(scale=1, rng=random.Random(2016), stdout=StringIO())
    assert counts == {"adoptions": 18}
    assert Adoption.objects.filter(jurisdiction=national).count() == 12
    assert not Adoption.objects.filter(owner=users[Role.INTEGRATION]).exists()
    assert not Adoption.objects.filter(practice__kind="case_study").exists()
    assert seed_adoptions(scale=1, rng=random.Random(2016), stdout=StringIO()) == {"adoptions": 0}


def test_catalogue_home_counts_items_per_kind(catalogue, client_for):
    rows = {row.ref: row for row in client_for(Role.SECURITY).get(reverse("practices:catalogue")).context["rows"]}
    assert rows["1.1.b"].summary == "8 good practices · 1 practical tool · 3 key resources · 1 case study"
    assert rows["1.1.a"].total == 9


@pytest.mark.django_db
def test_refused_adoption_delete_answers_409_naming_only_visible_blockers(client_for, monkeypatch):
    """Nothing refers to an adoption with PROTECT today, so the refusal is the service's: the base delete page
    answers 409 and names the blocking records the user may see, and only that others exist."""
    from django.db.models import ProtectedError

    from practices.views import AdoptionDeleteView
    from tests.stakeholders.factories import OrganisationFactory

    visible = OrganisationFactory(name="Open Regional Office")
    hidden = OrganisationFactory(name="Zebra Secret Bureau", confidentiality="confidential")

    def refuse(*, actor, instance):
        raise ProtectedError("referred to", {visible, hidden})

    monkeypatch.setattr(AdoptionDeleteView, "delete_service", refuse)
    adoption = AdoptionFactory()
    response = client_for(Role.MANAGER).post(reverse("practices:adoption_delete", args=[adoption.pk]))
    html = response.content.decode()
    assert response.status_code == 409
    assert "Open Regional Office" in html
    assert "Zebra Secret Bureau" not in html
    assert "other records you cannot see" in html
    assert Adoption.objects.filter(pk=adoption.pk).exists()

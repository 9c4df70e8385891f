"""Scores and the ranking of a region's bodies, with the caveats beside each rank: not applicable indicators scaled
out, unscored ones counted as none, ties sharing a rank, no self-assessment or no score yet unranked; the office
publishes the ranking once each body's own result is published, and only then does a body see another's score."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.assessment import scoring
from fazhi.assessment.ranking import Row, rank, ranking_rows
from fazhi.core.ledger import IllegalTransition
from fazhi.core.tests.clients import csrf_client

D = date


# The method, without the database --------------------------------------------------------------------------------


def _row(name, office_total, applicable, status="published", **values) -> Row:
    return Row(len(name), name, 1, status, office_total=Decimal(office_total), applicable=Decimal(applicable),
               **values)


def test_scores_are_scaled_to_the_points_that_apply_and_ties_share_a_rank():
    rows = rank([_row("甲", 8, 10), _row("乙", 6, 8, not_applicable=1), _row("丙", 7, 10), _row("丁", 9, 10),
                 Row(9, "戊")], True, Decimal(10))
    assert [(r.agency_name, r.score, r.rank) for r in rows] == [
        ("丁", Decimal("9.00"), 1), ("甲", Decimal("8.00"), 2), ("乙", Decimal("7.50"), 3), ("丙", Decimal("7.00"), 4),
        ("戊", None, None)]
    texts = {r.agency_name: r.caveat_texts() for r in rows}
    assert texts["乙"] == ["1 indicator not applicable: 6 of the 8 points that apply, scaled to 10."]
    assert texts["戊"] == ["No self-assessment on this system for the year: not ranked."]


def test_equal_scores_share_the_rank_and_say_so():
    rows = rank([_row("甲", 8, 10), _row("乙", 8, 10), _row("丙", 7, 10)], True, Decimal(10))
    assert [(r.agency_name, r.rank) for r in rows] == [("乙", 1), ("甲", 1), ("丙", 3)]
    assert rows[0].caveat_texts() == ["Tied with 甲."]


def test_unscored_late_and_unfinished_self_assessments():
    rows = rank([_row("甲", 6, 10, unscored=1, due_on=D(2027, 1, 31), submitted_on=D(2027, 2, 3)),
                 _row("乙", 0, 0, status="submitted"), _row("丙", 0, 0, status="draft"),
                 _row("丁", 9, 10, status="scored", visible=False)], True, Decimal(10))
    texts = {r.agency_name: r.caveat_texts() for r in rows}
    assert rows[0].agency_name == "甲" and rows[0].rank == 1 and all(r.rank is None for r in rows[1:])
    assert texts["甲"] == ["1 indicator not scored by the office, counted as none.",
                          "Submitted after the day it was due (2027-01-31)."]
    assert texts["乙"] == ["Submitted, not yet scored: not ranked."]
    assert texts["丙"] == ["Self-assessment still being drafted: not ranked."]
    assert texts["丁"] == ["Scored, the result not yet published: not ranked here."]


def test_a_system_without_points_ranks_by_the_share_met():
    row = Row(1, "甲", 1, "published", met=2, partly=1, applicable=Decimal(4), not_applicable=1)
    [ranked] = rank([row], False, None)
    assert ranked.score == Decimal("62.50")  # (2 + 0.5) of 4
    assert ranked.caveat_texts() == ["1 indicator not applicable: the share met is of the 4 that apply."]


# On the records ----------------------------------------------------------------------------------------------------


@pytest.fixture
def county(world):
    from fazhi.org.models import Region

    return Region.objects.get(code="990102")


@pytest.fixture
def bodies(scored, claimed, world):
    """市场监管局 8 of 10; 教育局 (述法 not applicable) 5 of 6, scaled to 8.33; 自然资源局 one indicator unscored,
    4 of 10; 司法局 8 of 10 (a tie); 人社局 still drafting; the township scored but not published."""
    scored("sfx-scj", office=[Decimal(4), Decimal(2), Decimal(2)], publish=True)
    scored("sfx-jyj", results=("met", "met", "not_applicable"), office=[Decimal(3), Decimal(2), None], publish=True)
    scored("sfx-zrj", office=["skip", Decimal(2), Decimal(2)], publish=True)
    scored("sfx-sfj", office=[Decimal(4), Decimal(2), Decimal(2)], publish=True)
    claimed("sfx-rsj")
    scored("sfx-t01")


@pytest.mark.django_db
def test_the_offices_ranking_of_the_countys_departments(bodies, county, pointed, world):
    rows = ranking_rows(world.office, county, pointed, 2026, "department", as_office=True)
    ranked = [(r.agency_name, r.score, r.rank) for r in rows if r.rank]
    assert ranked == [("示范县教育局", Decimal("8.33"), 1), ("示范县司法局", Decimal("8.00"), 2),
                      ("示范县市场监督管理局", Decimal("8.00"), 2), ("示范县自然资源局", Decimal("4.00"), 4)]
    texts = {r.agency_name: r.caveat_texts() for r in rows}
    assert texts["示范县教育局"] == ["1 indicator not applicable: 5 of the 6 points that apply, scaled to 10."]
    assert texts["示范县自然资源局"] == ["1 indicator not scored by the office, counted as none."]
    assert texts["示范县司法局"] == ["Tied with 示范县市场监督管理局."]
    assert texts["示范县人力资源和社会保障局"] == ["Self-assessment still being drafted: not ranked."]
    assert texts["示范县公安局"] == ["No self-assessment on this system for the year: not ranked."]
    assert "示范县城关镇人民政府" not in texts  # a township, not a department


@pytest.mark.django_db
def test_before_publication_a_body_sees_its_own_score_only(bodies, county, pointed, world):
    rows = ranking_rows(world.owner, county, pointed, 2026, "all")
    assert [r.agency_name for r in rows] == ["示范县市场监督管理局"]
    page = csrf_client(world.owner).get(reverse("assessment:ranking"), {
        "system": pointed.pk, "year": 2026, "region": "990102", "bodies": "department"}).content.decode()
    assert "示范县教育局" not in page and 'data-testid="not-published"' in page
    township = ranking_rows(world.township, county, pointed, 2026, "all")
    assert township[0].score is None and township[0].caveat_texts() == [
        "Scored, the result not yet published: not ranked here."]


@pytest.mark.django_db
def test_the_ranking_is_published_once_every_result_is(bodies, county, pointed, world):
    with pytest.raises(IllegalTransition) as refused:
        scoring.publish_ranking(by=world.office, region=county, system=pointed, year=2026, bodies="all",
                                published_on=D(2026, 12, 14))
    assert refused.value.code == "unpublished" and "城关镇" in str(refused.value.messages)
    with pytest.raises(IllegalTransition) as refused:
        scoring.publish_ranking(by=world.owner, region=county, system=pointed, year=2026, bodies="department",
                                published_on=D(2026, 12, 14))
    assert refused.value.code == "forbidden"
    publication = scoring.publish_ranking(by=world.office, region=county, system=pointed, year=2026,
                                          bodies="department", published_on=D(2026, 12, 14))
    assert publication.rows[0]["agency"] == "示范县教育局" and publication.rows[0]["score"] == "8.33"
    for user in (world.owner, world.colleague):  # each department of the county reads it now
        page = csrf_client(user).get(reverse("assessment:ranking"), {
            "system": pointed.pk, "year": 2026, "region": "990102", "bodies": "department"}).content.decode()
        assert 'data-testid="published"' in page and "示范县自然资源局" in page and "8.33" in page
        assert "Tied with" in page
    page = csrf_client(world.outsider).get(reverse("assessment:ranking"), {
        "system": pointed.pk, "year": 2026, "region": "990102", "bodies": "department"}).content.decode()
    assert "示范县" not in page.split("<h1>", 1)[1]


@pytest.mark.django_db
def test_nothing_to_rank_is_refused(pointed, county, world):
    with pytest.raises(IllegalTransition) as refused:
        scoring.publish_ranking(by=world.office, region=county, system=pointed, year=2026, bodies="all",
                                published_on=D(2026, 12, 14))
    assert refused.value.code == "empty"


@pytest.mark.django_db
def test_the_publish_form_is_the_offices(bodies, pointed, world):
    data = {"system": pointed.pk, "year": 2026, "region": "990102", "bodies": "department",
            "publish-published_on": "2026-12-14"}
    assert csrf_client(world.owner).post(reverse("assessment:ranking_publish"), data).status_code == 403
    assert csrf_client(world.outsider).post(reverse("assessment:ranking_publish"), data).status_code == 404
    assert csrf_client(world.office).post(reverse("assessment:ranking_publish"), data).status_code == 302
    from fazhi.assessment.models import RankingPublication

    assert RankingPublication.objects.get().published_by == world.office


@pytest.mark.django_db
def test_the_supervisor_sees_each_countys_score_beside_its_open_items(scored, find, pointed, world):
    scored("sfx-gov", office=[Decimal(4), Decimal(1), Decimal(4)], publish=True)
    scored("lsx-gov", office=[Decimal(2), Decimal(2), Decimal(2)], publish=True, by=world.admin)
    find()
    page = csrf_client(world.supervisor).get(reverse("assessment:counties"), {
        "system": pointed.pk, "assessed": 2026}).content.decode()
    import re

    def cells(code):
        row = re.search(rf'<tr data-county="{code}">(.*?)</tr>', page, re.S).group(1)
        return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]

    assert cells("990102")[0] == "1" and cells("990102")[3] == "9.00"
    assert cells("990103")[3] == "6.00"
    assert page.count('data-series="score"') == 2 and "assessment score" in page


@pytest.mark.django_db
def test_an_unpublished_score_is_not_on_the_counties_page(scored, pointed, world):
    scored("sfx-gov")
    page = csrf_client(world.supervisor).get(reverse("assessment:counties"), {
        "system": pointed.pk, "assessed": 2026}).content.decode()
    import re

    row = re.search(r'<tr data-county="990102">(.*?)</tr>', page, re.S).group(1)
    assert '<td data-testid="score">—</td>' in row and 'data-series="score"' in page


@pytest.mark.django_db
def test_the_ranking_opens_on_the_region_one_works_in(bodies, pointed, world):
    page = csrf_client(world.office).get(reverse("assessment:ranking"), {"system": pointed.pk, "year": 2026})
    assert '<option value="990102" selected>' in page.content.decode()
    assert 'data-testid="publish-form"' in page.content.decode()
    page = csrf_client(world.township).get(reverse("assessment:ranking"), {"system": pointed.pk, "year": 2026})
    assert '<option value="990102" selected>' in page.content.decode()

"""Ranking the reports of a comparison on one metric, with each place's caveats: the pure rule, the batch page's
ranking (chart and table), the sortable comparison, and the ranking sheet of the Excel export."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.analyzer.models import AnalyzedReport
from fazhi.analyzer.ranking import rank
from fazhi.analyzer.tests.samples import REPORT
from fazhi.analyzer.tests.test_pages import as_user, media, txt, upload, urlpatterns  # noqa: F401


@dataclass
class Row:
    name: str
    values: dict = field(default_factory=dict)
    derived: set = field(default_factory=set)


def places(entries):
    return [(e.row.name, e.rank, e.caveats) for e in entries]


def test_higher_is_better_ranks_the_largest_first_and_ties_share_a_place():
    rows = [Row("甲", {"m": 80}), Row("乙", {"m": 95}), Row("丙", {"m": 80}), Row("丁", {"m": 60})]
    assert places(rank(rows, "m", "higher")) == [
        ("乙", 1, []), ("甲", 2, ["tie"]), ("丙", 2, ["tie"]), ("丁", 4, [])]


def test_lower_is_better_ranks_the_smallest_first():
    rows = [Row("甲", {"m": 12.5}), Row("乙", {"m": 3}), Row("丙", {"m": 7})]
    assert [(name, place) for name, place, _ in places(rank(rows, "m", "lower"))] == [("乙", 1), ("丙", 2), ("甲", 3)]


def test_a_report_without_the_figure_is_unranked_after_the_others_not_last():
    rows = [Row("甲"), Row("乙", {"m": 5}), Row("丙", {"other": 9})]
    assert places(rank(rows, "m", "higher")) == [("乙", 1, []), ("甲", None, ["missing"]), ("丙", None, ["missing"])]


def test_a_derived_figure_is_ranked_and_marked_and_a_neutral_metric_says_so():
    rows = [Row("甲", {"m": 40}, {"m"}), Row("乙", {"m": 50})]
    assert places(rank(rows, "m", "")) == [("乙", 1, ["neutral"]), ("甲", 2, ["derived", "neutral"])]


@pytest.fixture
def batch(world, as_user):  # noqa: F811
    """A batch of three reports: 示范县 received 46 applications for reconsideration, 样板县 60, and 无数县 states
    none."""
    client = as_user(world.supervisor)
    upload(client, "各县", txt("示范县.txt", REPORT),
           txt("样板县.txt", REPORT.replace("示范县", "样板县").replace("受理行政复议申请46件", "受理行政复议申请60件")),
           txt("无数县.txt", REPORT.replace("示范县", "无数县").replace("受理行政复议申请46件", "受理行政复议申请若干件")))
    reports = {r.source_name: r for r in AnalyzedReport.objects.all()}
    return client, reports


def test_the_batch_page_ranks_the_reports_with_a_chart_and_the_same_figures_in_a_table(batch):
    client, reports = batch
    code = "reconsideration_received"
    first = reports["示范县.txt"]
    page = client.get(reverse("analyzer:batch_detail", args=[first.batch_id])).content.decode()
    assert f'<option value="{code}">' in page and 'data-testid="ranking"' not in page
    assert "echarts.min.js" not in page  # no chart, no chart library
    page = client.get(reverse("analyzer:batch_detail", args=[first.batch_id]), {"rank": code}).content.decode()
    rows = re.findall(r'data-testid="rank-row-(\d+)"><td class="num">([^<]*)</td>', page)
    assert rows == [(str(reports["样板县.txt"].pk), "1"), (str(first.pk), "2"), (str(reports["无数县.txt"].pk), "—")]
    assert "no figure in the report: not ranked" in page
    options = json.loads(re.search(r'<script id="ranking-chart" type="application/json">(.*?)</script>', page,
                                   re.S).group(1))
    assert options["series"][0]["data"] == [60, 46] and len(options["yAxis"]["data"]) == 2
    assert "vendor/echarts/echarts.min.js" in page and 'data-chart="ranking-chart"' in page
    # A metric the comparison does not have is no ranking, not an error.
    page = client.get(reverse("analyzer:batch_detail", args=[first.batch_id]), {"rank": "nonsense"})
    assert page.status_code == 200 and 'data-testid="ranking"' not in page.content.decode()


def test_the_comparison_can_be_sorted_and_filtered_in_the_browser(batch):
    client, reports = batch
    page = client.get(reverse("analyzer:batch_detail", args=[reports["示范县.txt"].batch_id])).content.decode()
    table = re.search(r'<table class="analyzer-compare"[^>]*>', page).group(0)
    assert "data-sortable" in table and 'id="comparison-table"' in table
    assert 'data-metric="reconsideration_received" data-sort="number"' in page
    assert 'data-filter-rows="comparison-table"' in page


def test_the_excel_export_has_the_ranking_sheet_with_its_chart(batch):
    client, reports = batch
    response = client.get(reverse("analyzer:batch_export", args=[reports["示范县.txt"].batch_id]),
                          {"rank": "reconsideration_received"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["ranking"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert [r[:3] for r in rows[1:]] == [[1, "样板县", 60], [2, "示范县", 46], [None, "无数县", None]]
    assert "no figure" in rows[3][3]
    assert len(sheet._charts) == 1
    # Without a metric chosen the workbook has no ranking sheet.
    plain = load_workbook(io.BytesIO(client.get(
        reverse("analyzer:batch_export", args=[reports["示范县.txt"].batch_id])).content))
    assert "ranking" not in plain.sheetnames


def test_the_outsider_gets_no_ranking(world, batch):
    client, reports = batch
    client.force_login(world.outsider)
    batch_id = reports["示范县.txt"].batch_id
    assert client.get(reverse("analyzer:batch_detail", args=[batch_id]), {"rank": "reconsideration_received"}
                      ).status_code == 404
    assert client.get(reverse("analyzer:batch_export", args=[batch_id]), {"rank": "reconsideration_received"}
                      ).status_code == 404

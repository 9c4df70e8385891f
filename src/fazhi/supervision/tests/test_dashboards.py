"""The supervisor's comparison, a body's trend and the register's monthly dashboard: figures with their source
(账 from fazhi's ledgers, 报 from a published report, * derived), the charts' options, the Excel files and the
scope."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from fazhi.core.tests.clients import csrf_client
from fazhi.org.models import Region
from fazhi.org.tests.world import typed
from fazhi.supervision.models import ReportingBody

from .conftest import make_report

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 7)
CODES = "reconsideration_correction_rate,pufa_activities,disclosure_proactive"
RATE = "reconsideration_correction_rate"
# agency: decided, corrected, pufa. 司法局 10 %, 城关镇 20 %; the county government's tree: 3 of 25 = 12 %.
LEDGER = {"sfx-sfj": (20, 2, 12), "sfx-t01": (5, 1, 3)}


def _accepted(world, catalog, year, figures):
    from fazhi.collection.models import Round, Submission, Value

    office = world.agency("sfx-office")
    round_ = Round.objects.create(agency=office, region=office.region, year=year, title=f"{year}年度数据报送",
                                  due_date=date(year + 1, 1, 15), status=Round.Status.CLOSED)
    for code, (decided, corrected, pufa) in figures.items():
        submission = Submission.objects.create(round=round_, agency=world.agency(code), year=year,
                                               status=Submission.Status.ACCEPTED)
        Value.objects.bulk_create(
            Value(submission=submission, metric=catalog[m], value=Decimal(v))
            for m, v in (("reconsideration_decided", decided), ("reconsideration_corrected", corrected),
                         ("pufa_activities", pufa)))


def _analyzed(world, year=2025, corrected=3, decided=12):
    from fazhi.analyzer.models import AnalyzedReport, Batch

    batch = Batch.objects.create(agency=world.agency("sfs-office"), name=f"各县报告{year}", created_by=world.supervisor)
    result = {"indicators": [
        {"metric": "reconsideration_corrected", "value": corrected, "unit": "件", "start": 10, "end": 20},
        {"metric": "reconsideration_decided", "value": decided, "unit": "件", "start": 30, "end": 40},
        {"metric": "disclosure_proactive", "value": 150, "unit": "条", "start": 50, "end": 60}],
        "derived": [{"metric": RATE, "value": round(corrected * 100 / decided, 2)}]}
    return AnalyzedReport.objects.create(batch=batch, source_name=f"ls{year}.txt", sha256=str(year % 10) * 64,
                                         status="analysed", year=year, result=result)


def build_data(world, catalog):
    """The comparison's bodies: 司法局 and 城关镇 with accepted figures (2025, and 司法局's 2023), 邻水县农业农村局
    outside fazhi with an uploaded report in 2025 and 2024; 司法局 filed on time and published late."""
    typed(catalog)
    _accepted(world, catalog, 2025, LEDGER)
    _accepted(world, catalog, 2023, {"sfx-sfj": (10, 3, 8)})
    outside = ReportingBody.objects.create(year=2025, region=Region.objects.get(code="990103"),
                                           name="邻水县农业农村局", kind="department", analyzed=_analyzed(world))
    ReportingBody.objects.create(year=2024, region=outside.region, name=outside.name, kind="department",
                                 analyzed=_analyzed(world, 2024, corrected=1, decided=10))
    make_report(world.agency("sfx-sfj"), submitted_on=date(2026, 2, 20), published_on=date(2026, 4, 8))
    return outside


def _figs(row):
    figures = row["entry"].row.figures
    return [(figures[c].value, figures[c].mark) if c in figures else None for c in CODES.split(",")]


def _rows(response):
    return {r["body"].name: r for r in response.context["rows"]}


def test_the_comparison_marks_each_figures_source_and_ranks_with_caveats(data):
    world, outside = data
    response = csrf_client(world.supervisor).get(f"/supervision/comparison/?year=2025&metric={RATE}")
    assert response.status_code == 200
    rows = _rows(response)
    sfj, gov, town, out = (rows[n] for n in ("示范县司法局", "示范县人民政府", "示范县城关镇人民政府", "邻水县农业农村局"))
    assert _figs(sfj) == [(10, "账"), (12, "账"), None]
    assert _figs(gov)[:2] == [(12, "账"), (15, "账")]  # the county's tree: 3 of 25, and 12 + 3 activities
    assert _figs(out) == [(25, "报*"), None, (150, "报")]
    assert 'data-value="25" data-source="report">25 <small>报*</small>' in str(out["cells"])
    # lower is better: 10 %, 12 %, 20 %, then the derived 25 %; the rest unranked with "no figure"
    assert [sfj["entry"].rank, gov["entry"].rank, town["entry"].rank, out["entry"].rank] == [1, 2, 3, 4]
    assert "derived" in out["entry"].caveats
    unranked = [r for r in response.context["rows"] if r["entry"].rank is None]
    assert unranked and all(r["entry"].caveats == ["missing"] for r in unranked)
    assert response.context["ranked"] == 4
    html = response.content.decode()
    assert 'data-sortable' in html and 'data-sort="number"' in html and 'data-filter-rows="comparison-table"' in html
    assert f'data-metric="{RATE}"' in html and 'data-value="12"' in html


def test_the_distribution_chart_and_its_table(data):
    world, _outside = data
    response = csrf_client(world.supervisor).get(f"/supervision/comparison/?year=2025&metric={RATE}")
    dist = response.context["distribution"]
    assert [b["count"] for b in dist["table"]] == [0, 2, 2, 0, 0, 0, 0, 0, 0, 0]  # tenths of 100 for a rate
    assert dist["missing"] == response.context["total"] - 4
    html = response.content.decode()
    start = html.index('<script id="distribution-chart" type="application/json">')
    options = json.loads(html[start:].split(">", 1)[1].split("</script>", 1)[0])
    assert options["series"][0]["type"] == "bar" and options["series"][0]["data"][1:4] == [2, 2, 0]
    assert 'data-chart="distribution-chart"' in html and "vendor/echarts/echarts.min.js" in html


def test_the_comparison_filters_by_kind_and_status(data):
    world, _outside = data
    client = csrf_client(world.supervisor)
    names = set(_rows(client.get("/supervision/comparison/?year=2025&kind=department")))
    assert "示范县司法局" in names and "示范县人民政府" not in names
    assert set(_rows(client.get("/supervision/comparison/?year=2025&status=late"))) == {"示范县司法局"}


def test_the_comparison_export_has_the_table_ranking_and_chart(data):
    world, _outside = data
    response = csrf_client(world.supervisor).get(f"/supervision/comparison/export/?year=2025&metric={RATE}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    table = book.worksheets[0]
    rows = list(table.values)
    assert rows[1][:2] == (1, "示范县司法局") and rows[1][5:7] == (10, "账")
    out = next(r for r in rows if r[1] == "邻水县农业农村局")
    assert out[5:7] == (25, "报*")
    assert len(book.worksheets) == 3
    assert all(len(sheet._charts) == 1 for sheet in book.worksheets[1:])


def test_a_bodys_trend_over_five_years(data):
    world, outside = data
    client = csrf_client(world.supervisor)
    sfj = ReportingBody.objects.get(year=2025, agency__code="sfx-sfj")
    response = client.get(f"/supervision/register/{sfj.pk}/trend/?metric={RATE}")
    points = {p["year"]: p for p in response.context["points"]}
    assert sorted(points) == [2021, 2022, 2023, 2024, 2025]
    assert points[2025]["figure"].value == 10 and points[2025]["figure"].mark == "账"
    assert points[2023]["figure"].value == 30 and points[2024]["figure"] is None
    options = response.context["chart"]
    assert options["series"][0]["type"] == "line" and options["series"][0]["data"] == [None, None, 30, None, 10]
    assert 'data-chart="trend-chart"' in response.content.decode()
    response = client.get(f"/supervision/register/{outside.pk}/trend/?metric={RATE}")
    points = {p["year"]: p for p in response.context["points"]}
    assert points[2025]["figure"].mark == "报*" and points[2024]["figure"].value == 10


def test_the_register_dashboard_by_month(data):
    world, _outside = data
    response = csrf_client(world.supervisor).get("/supervision/register/?year=2025")
    table = response.context["monthly"]["table"]
    assert table[2]["filed"] == 1 and table[4]["published_late"] == 1  # filed in February, published in April
    assert sum(m["filed_late"] + m["published"] for m in table) == 0
    html = response.content.decode()
    assert 'data-chart="monthly-chart"' in html
    stacks = {s["stack"] for s in response.context["monthly"]["chart"]["series"]}
    assert stacks == {"filed", "published"}
    export = csrf_client(world.supervisor).get("/supervision/register/dashboard/export/?year=2025")
    book = load_workbook(io.BytesIO(export.content))
    assert len(book.worksheets[0]._charts) == 2
    assert list(book.worksheets[1].values)[5][1] == 28  # missing: every body but the late 司法局


def test_outsiders_and_another_city_see_nothing(data, other_city_supervisor):
    world, outside = data
    sfj = ReportingBody.objects.get(year=2025, agency__code="sfx-sfj")
    for user in (world.outsider, other_city_supervisor):
        client = csrf_client(user)
        names = set(_rows(client.get("/supervision/comparison/?year=2025")))
        assert "示范县司法局" not in names and "邻水县农业农村局" not in names
        assert client.get(f"/supervision/register/{sfj.pk}/trend/").status_code == 404
        assert client.get(f"/supervision/register/{outside.pk}/trend/").status_code == 404
        book = load_workbook(io.BytesIO(client.get("/supervision/comparison/export/?year=2025").content))
        assert not any(r[1] == "示范县司法局" for r in book.worksheets[0].values)
    assert set(_rows(csrf_client(world.owner).get("/supervision/comparison/?year=2025"))) == {"示范县市场监督管理局"}


def test_the_comparison_asks_the_same_queries_whatever_its_rows(data, django_assert_max_num_queries):
    world, _outside = data
    client = csrf_client(world.supervisor)
    client.get("/supervision/comparison/?year=2025")
    with django_assert_max_num_queries(25):
        client.get(f"/supervision/comparison/?year=2025&metric={RATE}")


def test_the_years_figures_are_cached_until_their_data_changes(data):
    from fazhi.collection.models import Value
    from fazhi.supervision import figures

    world, _outside = data
    sfj = ReportingBody.objects.get(year=2025, agency__code="sfx-sfj")
    codes = CODES.split(",")
    with override_settings(FAZHI_SUPERVISION_FIGURES_CACHE_SECONDS=60):
        assert figures.year_figures(2025, codes)[sfj.pk][RATE].value == 10
        value = Value.objects.get(submission__agency__code="sfx-sfj", submission__year=2025,
                                  metric__code="reconsideration_corrected")
        Value.objects.filter(pk=value.pk).update(value=Decimal(4))  # even without a new updated_at
        assert figures.year_figures(2025, codes)[sfj.pk][RATE].value == 20
        ReportingBody.objects.filter(pk=sfj.pk).update(year=2024)
        assert sfj.pk not in figures.year_figures(2025, codes)


def test_the_years_figures_are_stored_for_the_servers_other_processes_and_warmed_by_the_tick(data, monkeypatch):
    from fazhi.core.tick import run_tick
    from fazhi.supervision import figures
    from fazhi.supervision.models import YearFigures

    world, outside = data
    codes = CODES.split(",")
    with override_settings(FAZHI_SUPERVISION_FIGURES_CACHE_SECONDS=60):
        worked_out = figures.year_figures(2025, codes)
        assert YearFigures.objects.filter(year=2025).count() == 1
        figures._recent.clear()  # another process: it reads the stored figures, never works them out
        monkeypatch.setattr(figures, "compute_year_figures", lambda *a: pytest.fail("worked out again"))
        assert figures.year_figures(2025, codes) == worked_out
        assert worked_out[outside.pk][RATE] == figures.Figure(25, figures.REPORT, True)
        monkeypatch.undo()
        figures._recent.clear()
        YearFigures.objects.all().delete()
        result = run_tick(TODAY, dry_run=True)
        assert result.jobs["supervision.warm_figures"] == 0 and not YearFigures.objects.exists()
        result = run_tick(TODAY)
        assert result.jobs["supervision.warm_figures"] == 2  # the registers of 2024 and 2025
        assert set(YearFigures.objects.values_list("year", flat=True)) == {2024, 2025}
    with override_settings(FAZHI_SUPERVISION_FIGURES_CACHE_SECONDS=0):
        assert figures.warm(TODAY) == 0  # nothing kept, nothing to warm

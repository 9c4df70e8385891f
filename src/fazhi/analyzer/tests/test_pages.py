"""The analyzer's pages: upload a batch, see each report, compare batches, export; scoped by agency."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import URLResolver, include, path, reverse

from fazhi.analyzer.models import AnalyzedReport, Batch
from fazhi.analyzer.tests.samples import REPORT
from fazhi.audit.models import AuditEntry
from fazhi.conf.urls import urlpatterns as root_urlpatterns

# The pages under /analyzer/, whether or not the project's urls.py mounts them yet.
_mounted = any(isinstance(p, URLResolver) and p.namespace == "analyzer" for p in root_urlpatterns)
urlpatterns = [*root_urlpatterns] + ([] if _mounted else [path("analyzer/", include("fazhi.analyzer.urls"))])

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def year_before(text: str, **figures: str) -> str:
    """Return the sample report moved one year back (2024 → 2023, plans 2025 → 2024), figures replaced."""
    text = text.replace("2024", "@@").replace("2025", "2024").replace("@@", "2023")
    for old, new in figures.items():
        text = text.replace(old, new)
    return text


OTHER_BODY = REPORT.replace("示范县", "样板县")
LAST_YEAR = year_before(
    REPORT,
    **{
        "受理行政复议申请46件": "受理行政复议申请40件",
        "县委常委会专题研究法治建设4次": "县委常委会专题研究法治建设3次",
    },
)


def txt(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def upload(client, name: str, *files):
    """Post an upload and run what waits for its commit: the analysis, inline (see conftest.py)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("analyzer:batch_create"), {"name": name, "files": list(files)})


def test_pages_need_a_log_in(client):
    for url in (
        reverse("analyzer:batch_list"),
        reverse("analyzer:batch_detail", args=[1]),
        reverse("analyzer:report_detail", args=[1]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_supervisor_uploads_two_reports_and_a_broken_file(world, as_user):
    client = as_user(world.supervisor)
    assert 'data-testid="upload-form"' in client.get(reverse("analyzer:batch_list")).content.decode()
    response = upload(
        client,
        "2024年度各县报告",
        txt("示范县.txt", REPORT),
        txt("样板县.txt", OTHER_BODY),
        SimpleUploadedFile("broken.pdf", b"\x00\x01garbage", content_type="application/pdf"),
    )
    batch = Batch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "analyzer:batch_detail", args=[batch.pk]
    )
    assert batch.agency == world.agency("sfs-office") and batch.created_by == world.supervisor
    assert AuditEntry.objects.filter(object_id=str(batch.pk), action="create").exists()

    reports = {r.source_name: r for r in batch.reports.all()}
    assert reports["示范县.txt"].status == AnalyzedReport.Status.ANALYSED
    assert reports["示范县.txt"].government == "示范县" and reports["示范县.txt"].year == 2024
    assert reports["示范县.txt"].figures > 10 and reports["示范县.txt"].text.startswith("首页")
    assert reports["样板县.txt"].government == "样板县"
    assert reports["broken.pdf"].status == AnalyzedReport.Status.FAILED and reports["broken.pdf"].error
    assert reports["broken.pdf"].file  # the file is kept even though it could not be read

    html = client.get(response["Location"]).content.decode()
    assert html.count('data-status="analysed"') == 2
    assert html.count('data-status="failed"') == 1
    assert 'data-testid="report-error"' in html and "PDF" in html
    assert "示范县" in html and "样板县" in html
    assert 'data-testid="comparison"' in html and "reconsideration_received" in html


def test_upload_refuses_a_batch_without_a_name_or_files(world, as_user):
    client = as_user(world.office)
    response = upload(client, "", txt("a.txt", REPORT))
    assert response.status_code == 400 and 'class="field-error"' in response.content.decode()
    response = client.post(reverse("analyzer:batch_create"), {"name": "x"})
    assert response.status_code == 400
    assert not Batch.objects.exists()


def test_a_zip_is_opened(world, as_user):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("reports/示范县.txt", REPORT)
        zf.writestr("reports/2023.txt", LAST_YEAR)
        zf.writestr("__MACOSX/reports/._示范县.txt", b"\x00")
    client = as_user(world.office)
    upload(client, "zip", SimpleUploadedFile("all.zip", buffer.getvalue(), content_type="application/zip"))
    names = sorted(Batch.objects.get().reports.values_list("source_name", "status"))
    assert names == [("all.zip!reports/2023.txt", "analysed"), ("all.zip!reports/示范县.txt", "analysed")]


def test_outsider_gets_404_and_sees_no_batch(world, as_user):
    client = as_user(world.supervisor)
    upload(client, "2024年度各县报告", txt("示范县.txt", REPORT))
    batch = Batch.objects.get()
    report = batch.reports.get()
    client = as_user(world.outsider)
    for url in (
        reverse("analyzer:batch_detail", args=[batch.pk]),
        reverse("analyzer:batch_export", args=[batch.pk]),
        reverse("analyzer:report_detail", args=[report.pk]),
        reverse("analyzer:report_download", args=[report.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert "2024年度各县报告" not in client.get(reverse("analyzer:batch_list")).content.decode()


def test_a_county_batch_is_seen_by_the_city_supervisor_but_not_by_a_department(world, as_user):
    upload(as_user(world.office), "县内部门报告", txt("示范县.txt", REPORT))
    batch = Batch.objects.get()
    assert batch.agency == world.agency("sfx-office")
    detail = reverse("analyzer:batch_detail", args=[batch.pk])
    assert as_user(world.supervisor).get(detail).status_code == 200
    assert as_user(world.leader).get(detail).status_code == 200
    assert as_user(world.owner).get(detail).status_code == 404  # a department clerk sees its own agency only


def test_report_page_shows_outline_marks_and_checks(world, as_user):
    client = as_user(world.supervisor)
    upload(client, "b", txt("示范县.txt", REPORT))
    report = AnalyzedReport.objects.get()
    html = client.get(reverse("analyzer:report_detail", args=[report.pk])).content.decode()
    # Figures highlighted with their metric; headings outlined with anchors.
    mark = html.split('<mark class="figure" data-metric="reconsideration_received"')[1].split("</mark>")[0]
    assert mark.endswith(">全县共受理行政复议申请46件")
    assert 'title="受理行政复议申请: 46 件 · 行政复议申请 (reconsideration_received)"' in mark
    assert 'href="#sec-0"' in html and 'id="sec-0"' in html
    assert '<strong class="heading level-1">' in html
    # The five contents and the checks with their reasons.
    for code in ("measures", "first_responsible", "shortcomings", "next_year", "other"):
        assert f'data-content="{code}" data-present="yes"' in html
    assert 'data-check="published_on_time"' in html and "2025-04-01" in html


def test_highlighting_escapes_the_text(world):
    from fazhi.analyzer.views import highlighted_text

    text = "<b>共受理行政复议申请12件</b>"
    html = highlighted_text(
        text,
        [{"start": 0, "heading_end": 3, "level": 1}],
        [
            {
                "start": 3,
                "end": 14,
                "value": 12,
                "unit": "件",
                "label": "受理行政复议申请",
                "metric": "reconsideration_received",
            }
        ],
    )
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert html.count("<mark") == 1 and 'data-metric="reconsideration_received"' in html


def test_compare_with_last_years_batch_gives_the_change(world, as_user):
    client = as_user(world.supervisor)
    upload(client, "2023年度", txt("示范县2023.txt", LAST_YEAR))
    upload(client, "2024年度", txt("示范县2024.txt", REPORT))
    old, new = Batch.objects.order_by("pk")
    alone = client.get(reverse("analyzer:batch_detail", args=[new.pk])).content.decode()
    assert "num change" not in alone and f'value="{old.pk}"' in alone  # the other batch is offered

    html = client.get(reverse("analyzer:batch_detail", args=[new.pk]), {"compare": old.pk}).content.decode()
    row = html.split(f'data-testid="compare-row-{new.reports.get().pk}"')[1].split("</tr>")[0]
    assert ">+6<" in row  # 46 received against 40 the year before
    assert ">+1<" in row  # 4 meetings against 3
    assert ">2023<" in row  # compared with 2023

    response = client.get(reverse("analyzer:batch_detail", args=[new.pk]), {"compare": "x"})
    assert response.status_code == 404


def test_excel_export_reopens(world, as_user):
    from openpyxl import load_workbook

    client = as_user(world.supervisor)
    upload(client, "2023年度", txt("示范县2023.txt", LAST_YEAR))
    upload(client, "2024年度", txt("示范县2024.txt", REPORT), SimpleUploadedFile("empty.txt", b""))
    old, new = Batch.objects.order_by("pk")
    response = client.get(reverse("analyzer:batch_export", args=[new.pk]), {"compare": old.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["comparison", "reports", "sections", "indicators", "checks", "evaluation"]
    rows = list(book["comparison"].iter_rows(values_only=True))
    header = rows[0]
    received = header.index("行政复议申请 (reconsideration_received)")
    assert header[received + 1] == "Δ 行政复议申请 (reconsideration_received)"
    by_year = {r[4]: r for r in rows[1:]}  # source, government, region code, level, year
    assert (
        by_year[2023][received] == 40 and by_year[2024][received] == 46 and by_year[2024][received + 1] == 6
    )
    reports = list(book["reports"].iter_rows(values_only=True))
    assert len(reports) == 3  # header and the two reports read; the empty file is not compared
    assert AuditEntry.objects.filter(object_id=str(new.pk), action="export").exists()


def test_the_resolved_body_and_its_region_code_show_on_the_report_and_in_the_comparison(world, as_user):
    client = as_user(world.supervisor)
    text = REPORT.replace("示范县", "静海区")  # a district of a municipality: resolved to 天津市静海区, code 120118
    upload(client, "b", txt("静海区.txt", text))
    report = AnalyzedReport.objects.get()
    assert report.government.startswith("天津市静海区") and report.region_code == "120118"
    html = client.get(reverse("analyzer:report_detail", args=[report.pk])).content.decode()
    assert 'data-testid="report-region-code">120118<' in html
    batch = client.get(reverse("analyzer:batch_detail", args=[report.batch_id])).content.decode()
    assert 'data-testid="region-code">120118<' in batch


def test_a_derived_rate_is_marked_in_the_comparison(world, as_user):
    client = as_user(world.supervisor)
    # The report gives 审结 and 纠错 but no 纠错率: the rate is worked out and marked as derived.
    text = REPORT.replace("纠错率由12%下降至8.5%", "其中纠错5件")
    upload(client, "b", txt("示范县.txt", text))
    report = AnalyzedReport.objects.get()
    (rate,) = [r for r in report.result["derived"] if r["metric"] == "reconsideration_correction_rate"]
    html = client.get(reverse("analyzer:batch_detail", args=[report.batch_id])).content.decode()
    cell = re.search(r'<td class="num derived"[^>]*data-derived="1">([^<]*)<sup', html)
    assert cell is not None and cell.group(1) == f"{rate['value']:g}"
    assert 'data-testid="derived-legend"' in html
    # A report that states its rate shows it plain, without the legend.
    AnalyzedReport.objects.all().delete()
    upload(client, "c", txt("示范县.txt", REPORT))
    batch = AnalyzedReport.objects.get().batch_id
    html = client.get(reverse("analyzer:batch_detail", args=[batch])).content.decode()
    assert "data-derived" not in html and 'data-testid="derived-legend"' not in html

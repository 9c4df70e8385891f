"""The register's pages through the scope: the city supervisor, the county office, a department clerk, the
outsider and a neighbouring city's supervisor; posts with the CSRF check enforced."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client

from fazhi.core.models import Notification
from fazhi.core.tests.clients import csrf_client
from fazhi.org.models import Region
from fazhi.supervision.models import ReportingBody

from .conftest import at, make_report

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 7)


def _names(response) -> set[str]:
    return {row.name for row in response.context["rows"]}


@pytest.fixture
def travel():
    with at(TODAY):
        yield


def test_each_person_sees_their_own_part_of_the_register(city_register, other_city_supervisor, travel):
    world = city_register
    url = "/supervision/register/?year=2025"
    city = csrf_client(world.supervisor).get(url)
    assert city.status_code == 200 and city.context["counts"]["total"] == 28
    county = csrf_client(world.office).get(url).context["counts"]["total"]
    assert county == 26  # 示范县's government, ten townships and fifteen departments
    assert _names(csrf_client(world.owner).get(url)) == {"示范县市场监督管理局"}
    assert not any("示范县" in n for n in _names(csrf_client(world.outsider).get(url)))
    other = csrf_client(other_city_supervisor).get(url)
    assert other.status_code == 200 and other.context["counts"]["total"] == 0


def test_the_list_filters_sorts_and_counts(city_register, travel):
    world = city_register
    make_report(world.agency("sfx-sfj"), submitted_on=date(2026, 2, 20), published_on=date(2026, 4, 8))
    client = csrf_client(world.supervisor)
    response = client.get("/supervision/register/?year=2025&status=late")
    assert _names(response) == {"示范县司法局"}
    assert response.context["counts"]["late"] == 1 and response.context["counts"]["missing"] == 27
    response = client.get("/supervision/register/?year=2025&kind=government&q=城关&sort=-published")
    assert _names(response) == {"示范县城关镇人民政府"}


def test_a_body_of_another_region_is_404(city_register, other_city_supervisor, travel):
    world = city_register
    body = ReportingBody.objects.get(agency__code="sfx-jyj")
    assert csrf_client(world.supervisor).get(f"/supervision/register/{body.pk}/").status_code == 200
    assert csrf_client(world.colleague).get(f"/supervision/register/{body.pk}/").status_code == 200  # its own
    for user in (world.owner, world.outsider, other_city_supervisor):
        assert csrf_client(user).get(f"/supervision/register/{body.pk}/").status_code == 404
        assert csrf_client(user).post(f"/supervision/register/{body.pk}/remind/").status_code == 404
    assert Client().get(f"/supervision/register/{body.pk}/").status_code == 302
    body.refresh_from_db()
    assert body.reminder_count == 0


def test_a_clerk_reads_but_does_not_change_its_entry(city_register, travel):
    world = city_register
    body = ReportingBody.objects.get(agency__code="sfx-jyj")
    client = csrf_client(world.colleague)
    assert client.post(f"/supervision/register/{body.pk}/remind/").status_code == 403
    assert client.post(f"/supervision/register/{body.pk}/", {"note": "x"}).status_code == 403
    assert client.post("/supervision/register/remind/", {"year": 2025}).status_code == 403
    assert client.post("/supervision/register/build/", {"year": 2025}).status_code == 403


def test_remind_needs_the_csrf_token(city_register, travel):
    world = city_register
    body = ReportingBody.objects.get(agency__code="sfx-jyj")
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.supervisor)
    assert client.post(f"/supervision/register/{body.pk}/remind/").status_code == 403
    body.refresh_from_db()
    assert body.reminder_count == 0


def test_the_supervisor_reminds_a_missing_body(city_register, travel):
    world = city_register
    body = ReportingBody.objects.get(agency__code="sfx-jyj")
    response = csrf_client(world.supervisor).post(f"/supervision/register/{body.pk}/remind/")
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.reminder_count == 1 and body.reminded_by == world.supervisor
    assert Notification.objects.filter(user=world.colleague, url=f"/supervision/register/{body.pk}/").exists()
    page = csrf_client(world.supervisor).get(f"/supervision/register/{body.pk}/")
    assert "孙立新" in page.content.decode()


def test_remind_all_reaches_only_the_missing_bodies_in_scope(city_register, travel):
    world = city_register
    make_report(world.agency("sfx-scj"), submitted_on=date(2026, 2, 20), published_on=date(2026, 3, 20))
    response = csrf_client(world.office).post("/supervision/register/remind/", {"year": 2025})
    assert response.status_code == 302
    reminded = set(ReportingBody.objects.filter(reminder_count=1).values_list("name", flat=True))
    assert len(reminded) == 25 and "示范县市场监督管理局" not in reminded and "邻水县司法局" not in reminded


def test_the_office_adds_a_body_outside_fazhi_with_clear_errors(city_register, travel):
    world = city_register
    client = csrf_client(world.office)
    bad = client.post("/supervision/register/new/", {"year": 2025, "name": "示范县气象局", "kind": "department",
                                                      "region_code": "990102", "filed_on": "2026-03-10",
                                                      "published_on": "2026-03-01", "published_url": "javascript:x"})
    assert bad.status_code == 200
    errors = bad.context["form"].errors
    assert "published_on" in errors and "published_url" in errors
    elsewhere = client.post("/supervision/register/new/", {"year": 2025, "name": "邻水县气象局", "kind": "department",
                                                           "region_code": "990103"})
    assert "region_code" in elsewhere.context["form"].errors  # not the county office's region
    good = client.post("/supervision/register/new/", {"year": 2025, "name": "示范县气象局", "kind": "department",
                                                      "region_code": "990102", "filed_on": "2026-02-27",
                                                      "published_on": "2026-03-05",
                                                      "published_url": "https://example.org/qxj/2025.html"})
    assert good.status_code == 302
    body = ReportingBody.objects.get(name="示范县气象局")
    assert (body.agency, body.published_source, body.region.code) == (None, "hand", "990102")
    again = client.post("/supervision/register/new/", {"year": 2025, "name": "示范县气象局", "kind": "department",
                                                       "region_code": "990102"})
    assert "name" in again.context["form"].errors
    assert client.post(f"/supervision/register/{body.pk}/delete/").status_code == 302
    assert not ReportingBody.objects.filter(pk=body.pk).exists()


def test_export_holds_only_the_persons_bodies(city_register, other_city_supervisor, travel):
    from openpyxl import load_workbook

    world = city_register
    response = csrf_client(world.office).get("/supervision/register/export/?year=2025")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(names) == 26 and "邻水县司法局" not in names
    other = csrf_client(other_city_supervisor).get("/supervision/register/export/?year=2025")
    assert list(load_workbook(io.BytesIO(other.content)).active.iter_rows(min_row=2, values_only=True)) == []


def test_the_home_page_lists_missing_and_late_bodies(city_register, other_city_supervisor, travel):
    world = city_register
    make_report(world.agency("sfx-sfj"), submitted_on=date(2026, 2, 20), published_on=date(2026, 4, 8))
    home = csrf_client(world.supervisor).get("/")
    panel = home.context["register"]
    assert (panel["year"], panel["missing"], panel["late"]) == (2025, 27, 1)
    assert [b.name for b in panel["first_late"]] == ["示范县司法局"]
    assert 'data-testid="register-panel"' in home.content.decode()
    assert any(item.ledger and item.agency == "示范县教育局" for item in home.context["overdue"])
    assert csrf_client(other_city_supervisor).get("/").context["register"] is None


def test_hand_assignment_on_the_analyzed_report_page(city_register, other_city_supervisor, travel):
    from fazhi.analyzer.models import AnalyzedReport, Batch

    world = city_register
    batch = Batch.objects.create(agency=world.agency("sfs-office"), name="2025", created_by=world.supervisor)
    report = AnalyzedReport.objects.create(batch=batch, source_name="a.txt", sha256="2" * 64, status="analysed",
                                           year=2025, text="报告正文", result={"publication_date": "2026-03-25"})
    body = ReportingBody.objects.create(year=2025, region=Region.objects.get(code="990103"), name="邻水县农业农村局",
                                        kind="department")
    client = csrf_client(world.supervisor)
    page = client.get(f"/analyzer/reports/{report.pk}/")
    assert 'data-testid="register-assign"' in page.content.decode()
    assert csrf_client(other_city_supervisor).post(f"/supervision/analyzed/{report.pk}/assign/",
                                                   {"body": body.pk}).status_code == 404
    assert client.post(f"/supervision/analyzed/{report.pk}/assign/", {"body": body.pk}).status_code == 302
    body.refresh_from_db()
    assert body.analyzed == report and body.published_on == date(2026, 3, 25)
    # The county's bodies page shows the text to whoever reads the body, though the batch is the city's.
    detail = csrf_client(world.supervisor).get(f"/supervision/register/{body.pk}/")
    assert "报告正文" in detail.content.decode()
    assert client.post(f"/supervision/analyzed/{report.pk}/assign/", {"body": ""}).status_code == 302
    body.refresh_from_db()
    assert body.analyzed is None


def test_the_assign_form_offers_a_few_bodies_and_finds_the_others_by_name(city_register, travel, settings):
    from fazhi.analyzer.models import AnalyzedReport, Batch
    from fazhi.supervision.templatetags import supervision as tags

    settings.LANGUAGE_CODE = "zh-hans"
    world = city_register
    batch = Batch.objects.create(agency=world.agency("sfs-office"), name="2025", created_by=world.supervisor)
    report = AnalyzedReport.objects.create(batch=batch, source_name="b.txt", sha256="3" * 64, status="analysed",
                                           year=2025, text="正文")
    client = csrf_client(world.supervisor)

    def offered(query=""):
        response = client.get(f"/analyzer/reports/{report.pk}/" + (f"?body_q={query}" if query else ""))
        form = response.context["assign"]["form"]
        return response, [b.name for b in form.fields["body"].queryset]

    tags.ASSIGN_CHOICES, limit = 5, tags.ASSIGN_CHOICES
    try:
        response, names = offered()
        assert len(names) == 5  # of the city's 28
        count = response.content.decode().split('data-testid="assign-count">', 1)[1].split("</p>", 1)[0]
        assert "5" in count and "28" in count  # the first 5 of 28: search by name
        response, names = offered("城关 政府")
        assert names == ["示范县城关镇人民政府"]
        response, names = offered("不存在的局")
        count = response.content.decode().split('data-testid="assign-count">', 1)[1].split("</p>", 1)[0]
        assert names == [] and "不存在的局" in count
        # The body it belongs to stays offered whatever is searched, so the form never loses it.
        body = ReportingBody.objects.get(year=2025, agency__code="sfx-sfj")
        assert client.post(f"/supervision/analyzed/{report.pk}/assign/", {"body": body.pk}).status_code == 302
        assert "示范县司法局" in offered("城关")[1]
        # A body beyond the first five, found by name, is assigned from the search's answer.
        other = ReportingBody.objects.get(year=2025, agency__code="sfx-jyj")
        assert other.name in offered(other.name)[1]
        assert client.post(f"/supervision/analyzed/{report.pk}/assign/", {"body": other.pk}).status_code == 302
        other.refresh_from_db()
        body.refresh_from_db()
        assert other.analyzed_id == report.pk and body.analyzed_id is None
    finally:
        tags.ASSIGN_CHOICES = limit


def test_the_portal_marks_a_late_publication(world):
    from fazhi.reports.models import Report

    report = make_report(world.agency("sfx-sfj"), submitted_on=date(2026, 2, 20), published_on=date(2026, 4, 8))
    Report.objects.filter(pk=report.pk).update(status="published")
    on_time = make_report(world.agency("sfx-scj"), submitted_on=date(2026, 2, 20), published_on=date(2026, 3, 20))
    Report.objects.filter(pk=on_time.pk).update(status="published")
    archive = Client().get("/portal/reports/?year=2025").content.decode()
    assert f'data-testid="published-late-{report.pk}"' in archive
    assert f'data-testid="published-late-{on_time.pk}"' not in archive
    assert 'data-testid="published-late"' in Client().get(f"/portal/reports/{report.pk}/").content.decode()


def test_the_list_asks_the_same_queries_for_more_rows(city_register, travel):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = city_register
    client = csrf_client(world.supervisor)
    client.get("/supervision/register/?year=2025")  # the session and the scope, once
    with CaptureQueriesContext(connection) as few:
        client.get("/supervision/register/?year=2025")
    county = Region.objects.get(code="990103")
    ReportingBody.objects.bulk_create(ReportingBody(year=2025, region=county, region_path=county.path,
                                                    name=f"外部单位{i}", kind="department") for i in range(40))
    with CaptureQueriesContext(connection) as many:
        response = client.get("/supervision/register/?year=2025")
    assert len(response.context["rows"]) == 50
    assert len(many.captured_queries) == len(few.captured_queries)

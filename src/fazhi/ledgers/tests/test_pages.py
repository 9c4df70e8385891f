"""The generic ledger pages and API (``fazhi.ledgers.pages``, ``fazhi.ledgers.api``) on the sample ledger: scoped
lists, details, exports and actions, refusals at their fields, CSRF enforced."""

from __future__ import annotations

import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from ninja.testing import TestClient
from openpyxl import load_workbook

from fazhi.core.tests.clients import csrf_client
from fazhi.core.tests.sampleledger.generic import PAGES, router
from fazhi.core.tests.sampleledger.models import SampleCase

pytestmark = pytest.mark.django_db


def test_the_list_shows_only_what_the_person_may_see(world, sample_cases):
    client = csrf_client(world.owner)
    page = client.get(reverse("samplegeneric:list")).content.decode()
    assert f'data-record="{sample_cases["owner"].pk}"' in page
    assert f'data-record="{sample_cases["outsider"].pk}"' not in page
    assert 'data-testid="new-record"' in page
    outsider = csrf_client(world.outsider).get(reverse("samplegeneric:list")).content.decode()
    assert f'data-record="{sample_cases["owner"].pk}"' not in outsider


def test_the_filters_narrow_the_list(world, sample_cases):
    client = csrf_client(world.owner)
    url = reverse("samplegeneric:list")
    title = sample_cases["owner"].title
    assert f'data-record="{sample_cases["owner"].pk}"' in client.get(url, {"q": title}).content.decode()
    assert 'data-record="' not in client.get(url, {"q": "没有这样的案件"}).content.decode()
    assert 'data-record="' not in client.get(url, {"status": "decided"}).content.decode()
    rows = client.get(url, {"status": "open"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in rows and f'data-record="{sample_cases["owner"].pk}"' in rows


def test_an_outsider_gets_404_on_the_detail_and_the_action(world, sample_cases):
    case = sample_cases["owner"]
    client = csrf_client(world.outsider)
    assert client.get(reverse("samplegeneric:detail", args=[case.pk])).status_code == 404
    response = client.post(reverse("samplegeneric:action", args=[case.pk, "decide"]),
                           {"decide-decided_on": "2026-03-01"})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == SampleCase.Status.OPEN


def test_an_action_without_the_csrf_token_is_refused(world, sample_cases):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    case = sample_cases["owner"]
    response = client.post(reverse("samplegeneric:action", args=[case.pk, "decide"]),
                           {"decide-decided_on": "2026-03-01"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == SampleCase.Status.OPEN


def test_a_refused_action_shows_its_message_at_the_field_and_keeps_what_was_typed(world, sample_cases):
    case = sample_cases["owner"]
    client = csrf_client(world.owner)
    response = client.post(reverse("samplegeneric:action", args=[case.pk, "decide"]),
                           {"decide-decided_on": "2000-01-01", "decide-reason": "我的理由"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "A case is decided after it is received." in page and "我的理由" in page
    response = client.post(reverse("samplegeneric:action", args=[case.pk, "decide"]),
                           {"decide-decided_on": case.received_on.isoformat()})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == SampleCase.Status.DECIDED
    page = client.get(reverse("samplegeneric:detail", args=[case.pk])).content.decode()
    assert 'data-testid="form-decide"' not in page  # no longer offered once decided


def test_opening_a_record_in_an_agency_the_person_writes_for(world):
    client = csrf_client(world.owner)
    form = client.get(reverse("samplegeneric:create")).content.decode()
    assert 'name="agency"' in form and "lsx-sfj" not in form  # only the agencies the person writes for
    response = client.post(reverse("samplegeneric:create"),
                           {"agency": "sfx-scj", "title": "新案件", "received_on": "2026-03-02"})
    case = SampleCase.objects.get(title="新案件")
    assert response.status_code == 302 and response["Location"] == reverse("samplegeneric:detail", args=[case.pk])
    response = client.post(reverse("samplegeneric:create"),
                           {"agency": "lsx-sfj", "title": "别人的案件", "received_on": "2026-03-02"})
    assert response.status_code == 422 and not SampleCase.objects.filter(title="别人的案件").exists()


def test_the_export_opens_and_holds_only_the_visible_records(world, sample_cases):
    response = csrf_client(world.owner).get(reverse("samplegeneric:export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    column = header.index("title")
    titles = {row[column].value for row in sheet.iter_rows(min_row=2)}
    assert sample_cases["owner"].title in titles and sample_cases["outsider"].title not in titles


def test_the_api_lists_opens_and_acts_through_the_scope(world, sample_cases):
    api = TestClient(router)
    listed = api.get("/samplegeneric/records", user=world.owner).json()
    assert {row["id"] for row in listed["items"]} >= {sample_cases["owner"].pk}
    assert sample_cases["outsider"].pk not in {row["id"] for row in listed["items"]}
    assert api.get(f"/samplegeneric/records/{sample_cases['owner'].pk}", user=world.outsider).status_code == 404
    opened = api.post("/samplegeneric/records", json={"agency": "sfx-scj", "title": "接口案件",
                                                      "received_on": "2026-03-02"}, user=world.owner)
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    refused = api.post("/samplegeneric/records", json={"agency": "lsx-sfj", "title": "接口案件",
                                                       "received_on": "2026-03-02"}, user=world.owner)
    assert refused.status_code in (403, 404)
    record = opened.json()["id"]
    late = api.post(f"/samplegeneric/records/{record}/decide", json={"decided_on": "2000-01-01"}, user=world.owner)
    assert late.status_code == 422 and "decided_on" in str(late.json())
    done = api.post(f"/samplegeneric/records/{record}/decide", json={"decided_on": "2026-03-03"}, user=world.owner)
    assert done.status_code == 200 and done.json()["status"] == "decided"
    again = api.post(f"/samplegeneric/records/{record}/decide", json={"decided_on": "2026-03-04"}, user=world.owner)
    assert again.status_code == 409


def test_the_declaration_names_its_pages():
    assert PAGES.links == {"list": "/sample-generic/", "export": "/sample-generic/export.xlsx",
                           "create": "/sample-generic/new/", "import": "/sample-generic/import/",
                           "import_template": "/sample-generic/import.xlsx"}


def _filled(rows) -> bytes:
    """The import workbook offered for download, filled in with ``rows`` (lists of cells from column B)."""
    from fazhi.ledgers.excel import FIRST_ROW

    workbook = load_workbook(io.BytesIO(PAGES.import_template()))
    sheet = workbook.active
    for offset, cells in enumerate(rows):
        for column, value in enumerate(cells, start=2):
            sheet.cell(row=FIRST_ROW + offset, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_import_opens_each_row_and_records_its_later_steps(world):
    from datetime import date

    client = csrf_client(world.owner)
    data = _filled([["sfx-scj", "导入的案件一", date(2026, 3, 2), "", ""],
                    [world.agency("sfx-scj").name, "导入的案件二", "2026年3月3日", "2026/3/20", "已办结"]])
    upload = io.BytesIO(data)
    upload.name = "cases.xlsx"
    response = client.post(reverse("samplegeneric:import"), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    first, second = SampleCase.objects.get(title="导入的案件一"), SampleCase.objects.get(title="导入的案件二")
    assert first.status == "open" and first.received_on == date(2026, 3, 2)
    assert second.status == "decided" and second.received_on == date(2026, 3, 3)


def test_a_refused_row_imports_nothing_and_names_its_row_and_column(world):
    client = csrf_client(world.owner)
    data = _filled([["sfx-scj", "好的案件", "2026-03-02", "", ""],
                    ["sfx-scj", "坏的案件", "2026-03-05", "2026-03-01", ""],  # decided before it was received
                    ["lsx-sfj", "别人的案件", "2026-03-02", "", ""]])
    upload = io.BytesIO(data)
    upload.name = "cases.xlsx"
    response = client.post(reverse("samplegeneric:import"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 422
    assert 'data-row="6" data-column="B"' in page  # the outsider's agency
    assert not SampleCase.objects.filter(title__in=["好的案件", "坏的案件", "别人的案件"]).exists()
    data = _filled([["sfx-scj", "好的案件", "2026-03-02", "", ""],
                    ["sfx-scj", "坏的案件", "2026-03-05", "2026-03-01", ""]])
    upload = io.BytesIO(data)
    upload.name = "cases.xlsx"
    page = client.post(reverse("samplegeneric:import"), {"file": upload}).content.decode()
    assert 'data-row="5" data-column="E"' in page and "A case is decided after it is received." in page
    assert not SampleCase.objects.filter(title__in=["好的案件", "坏的案件"]).exists()


def test_a_file_that_is_not_the_workbook_is_refused_whole(world):
    client = csrf_client(world.owner)
    upload = io.BytesIO("标题,日期\n案件,2026-03-02\n".encode("gbk"))
    upload.name = "cases.csv"
    response = client.post(reverse("samplegeneric:import"), {"file": upload})
    assert response.status_code == 422 and 'data-testid="import-refused"' in response.content.decode()
    assert csrf_client(world.owner).get(reverse("samplegeneric:import_template")).content.startswith(b"PK")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pair index is PostgreSQL's")
def test_every_catalogued_ledgers_search_has_its_pair_index():
    """A list's ``?q=`` narrows by the pair index of the ledger's ``search`` columns, in that order: without the
    index each search reads every row (40 ms and more over 100,000 records, ``make bench-ledgers``)."""
    from fazhi.ledgers.pages import declared

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s", ["%\\_grams"])
        indexes = dict(cursor.fetchall())
    for pages in declared():
        if not pages.search:
            continue
        model = pages.model_class
        definition = indexes.get(f"{model._meta.db_table}_grams", "")
        assert "fazhi_grams(" in definition, pages.key
        columns = [model._meta.get_field(name).column for name in pages.search]
        listed = re.search(r"ARRAY\[(.*?)\]", definition).group(1)  # (number)::text, description, …
        assert [part.split("::")[0].strip("() ") for part in listed.split(",")] == columns, pages.key

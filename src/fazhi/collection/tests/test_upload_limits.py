"""Hostile collection forms are refused through the real upload pages before their work starts; formula cells.

The files are built in the tests (``fazhi.core.tests.hostile``): a few hundred KB that unpack to millions of
rows. Each refusal names the limit and the file's value, in Chinese, and stores nothing.
"""

from __future__ import annotations

import io
import time

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from fazhi.collection import excel, views
from fazhi.collection.models import Value
from fazhi.collection.tests.test_excel import rows_by_code
from fazhi.core.tests.hostile import numbered_rows, repeated_rows, replace_member, set_cell_xml, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def post(client, url, data):
    started = time.perf_counter()
    response = client.post(url, {"file": SimpleUploadedFile("form.xlsx", data)}, follow=True)
    return response, time.perf_counter() - started


def error_text(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def assert_nothing_stored(client, owned, before):
    assert not default_storage.exists("collection-imports") or not default_storage.listdir("collection-imports")[1]
    assert not client.session.get(views.IMPORTS_SESSION_KEY)
    assert list(Value.objects.filter(submission=owned).values_list("metric__code", "value", "note")) == before


def stored(owned):
    return list(Value.objects.filter(submission=owned).values_list("metric__code", "value", "note"))


@pytest.fixture
def urls(round_, owned):
    return [reverse("collection:submission_upload", args=[owned.pk]),
            reverse("collection:round_upload", args=[round_.pk])]


@pytest.mark.parametrize("rows", [4_000_000, 500_000])
def test_a_zip_bomb_workbook_is_refused_within_two_seconds_by_its_unpacked_size(rows, owned, world, client, urls):
    data = xlsx(repeated_rows(rows))
    assert len(data) < 750_000  # small on disk: the file was 750 KB
    client.force_login(world.office)
    before = stored(owned)
    for url in urls:
        response, seconds = post(client, url, data)
        assert seconds < 2, f"{url}: {seconds:.2f} s"
        text = error_text(response)
        assert "文件解压后有" in text and "超过上限 10 MB" in text, text
        assert_nothing_stored(client, owned, before)


@pytest.mark.parametrize("rows", [4_000_000, 500_000])
def test_with_room_to_unpack_the_row_limit_stops_reading_within_two_seconds(rows, owned, world, client, urls,
                                                                            settings):
    settings.FAZHI_EXCEL_MAX_UNPACKED_MB = 1000
    settings.FAZHI_UPLOAD_MAX_RATIO = 10_000
    client.force_login(world.office)
    before = stored(owned)
    data = xlsx(repeated_rows(rows), name="县市场监管局")
    for url in urls:
        response, seconds = post(client, url, data)
        assert seconds < 2, f"{url}: {seconds:.2f} s"
        assert "工作表“县市场监管局”超过上限 5,000 行（读到第 5,001 行即停止）" in error_text(response)
        assert_nothing_stored(client, owned, before)


def test_a_declared_size_past_the_row_limit_is_named_with_both_figures(owned, world, client, urls):
    client.force_login(world.office)
    response, _ = post(client, urls[0], xlsx(repeated_rows(10), dimension="A1:G4000000", name="县市场监管局"))
    assert "工作表“县市场监管局”有 4,000,000 行，超过上限 5,000 行。" in error_text(response)


@pytest.mark.parametrize(("sheet_data", "expected"), [
    ([b'<row r="5"><c r="A5"><v>1</v></c><c r="CV5"><v>1</v></c></row>'],
     "工作表“Sheet1”超过上限 50 列（单元格 CV5 在第 100 列）"),
    (numbered_rows(3000, columns=20), "工作表“Sheet1”的单元格超过上限 50,000 个"),
    ([b'<row r="7"><c r="G7" t="inlineStr"><is><t>' + "法".encode() * 200_000 + b"</t></is></c></row>"],
     "工作表“Sheet1”的单元格 G7 有 200,000 个字符，超过上限 5,000 个字符。"),
])
def test_columns_cells_and_a_huge_cell_are_refused_naming_the_limit(sheet_data, expected, owned, world, client,
                                                                   urls):
    client.force_login(world.owner)
    before = stored(owned)
    response, _seconds = post(client, urls[0], xlsx(sheet_data))
    assert expected in error_text(response)
    assert_nothing_stored(client, owned, before)


def test_a_file_that_takes_longer_than_the_budget_is_refused(owned, world, client, urls, settings):
    settings.FAZHI_EXCEL_PARSE_SECONDS = 0
    client.force_login(world.owner)
    response, _ = post(client, urls[0], xlsx(numbered_rows(3000)))
    assert "读取文件超过了 0 秒的时限" in error_text(response)


def test_the_limits_are_settings(owned, world, client, urls, settings):
    settings.FAZHI_EXCEL_MAX_ROWS = 8
    client.force_login(world.owner)
    data = client.get(reverse("collection:submission_download", args=[owned.pk])).content
    response, _ = post(client, urls[0], data)
    assert "超过上限 8 行" in error_text(response)


def with_formulas(data: bytes, cells: dict[str, str]) -> bytes:
    def change(xml: bytes) -> bytes:
        for ref, cell in cells.items():
            xml = set_cell_xml(xml, ref, cell)
        return xml

    return replace_member(data, "xl/worksheets/sheet1.xml", change)


def test_a_formula_cell_gives_its_cached_value_or_a_row_error_naming_the_cell(owned, world, client):
    client.force_login(world.owner)
    data = client.get(reverse("collection:submission_download", args=[owned.pk])).content
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    rows = rows_by_code(sheet)
    cached, uncomputed = rows["reconsideration_received"], rows["pufa_activities"]
    data = with_formulas(data, {
        f"F{cached}": f'<c r="F{cached}"><f>10+2</f><v>12</v></c>',
        f"F{uncomputed}": f'<c r="F{uncomputed}"><f>SUM(E{uncomputed}:E{uncomputed})</f></c>',
    })
    response = client.post(reverse("collection:submission_upload", args=[owned.pk]),
                           {"file": SimpleUploadedFile("form.xlsx", data)})
    preview = response.context["preview"]
    assert {row.code: row.value for row in preview.rows} == {"reconsideration_received": 12}
    [error] = [e for e in preview.errors if e.code == "pufa_activities"]
    assert error.row == uncomputed
    assert error.message.startswith(f"工作表“{sheet.title}”的单元格 F{uncomputed} 是公式，但文件中没有公式的计算结果。")
    assert "选择性粘贴" in error.message
    assert "是公式" in response.content.decode()


def test_the_largest_form_checked_inline_takes_well_under_two_seconds_and_larger_ones_go_off_the_request(
        owned, round_, world):
    """Up to FAZHI_EXCEL_INLINE_KB (512 KB unpacked, ~2,600 rows of seven cells) the page checks at once."""
    import zipfile

    inline = xlsx(numbered_rows(2600, columns=7))
    unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(inline)).infolist())
    assert 400 * 1024 < unpacked < 512 * 1024 and not excel.checks_off_request(inline)
    started = time.perf_counter()
    preview = excel.parse_workbook(inline, round_=round_, user=world.owner, only=owned)
    seconds = time.perf_counter() - started
    assert "工作台" in preview.fatal  # not a downloaded form, but read to the end
    assert seconds < 2, seconds
    assert excel.checks_off_request(xlsx(numbered_rows(5000, columns=10)))  # the most the limits allow


# A large upload (a whole round) is checked off the request ----------------------------------------------


def filled_form(client, owned) -> bytes:
    from fazhi.collection.tests.test_excel import fill

    data = client.get(reverse("collection:submission_download", args=[owned.pk])).content
    return fill(data, {"reconsideration_received": 12, "pufa_activities": "十"})


def test_a_large_upload_is_checked_off_the_request_then_shown_and_imported(owned, world, client, settings,
                                                                          monkeypatch):
    from fazhi.collection import previews

    settings.FAZHI_EXCEL_INLINE_KB = 1  # the form of the test round counts as large
    monkeypatch.setattr(previews, "START", "off")
    client.force_login(world.owner)
    response = client.post(reverse("collection:submission_upload", args=[owned.pk]),
                           {"file": SimpleUploadedFile("form.xlsx", filled_form(client, owned))})
    status_url = response["Location"]
    token = status_url.rstrip("/").split("/")[-2]
    assert response.status_code == 302 and status_url == reverse("collection:import_status", args=[token])
    waiting = client.get(status_url)
    assert waiting.status_code == 200 and 'data-testid="import-checking"' in waiting.content.decode()
    assert f'hx-get="{status_url}"' in waiting.content.decode() and "正在逐表逐行检查" in waiting.content.decode()
    assert client.get(status_url, headers={"HX-Request": "true"}).status_code == 204  # still running
    assert stored(owned) == stored(owned) and not Value.objects.filter(submission=owned, value=12).exists()

    result = previews.run_check(token, round_id=owned.round_id, submission_id=owned.pk, user_id=world.owner.pk)
    assert [row[4] for row in result["rows"]] == ["reconsideration_received"]
    ready = client.get(status_url, headers={"HX-Request": "true"})
    assert ready["HX-Refresh"] == "true"
    page = client.get(status_url)
    assert page.context["preview"].rows[0].value == 12 and 'data-testid="import-errors"' in page.content.decode()
    client.post(reverse("collection:import_confirm", args=[token]))
    assert Value.objects.get(submission=owned, metric__code="reconsideration_received").value == 12
    assert not previews.preview_exists(token) and previews.read_result(token) is None


def test_a_large_upload_refused_by_the_check_is_named_and_nothing_is_kept(owned, world, client, settings,
                                                                          monkeypatch):
    from fazhi.collection import previews

    settings.FAZHI_EXCEL_INLINE_KB = 1
    settings.FAZHI_EXCEL_MAX_ROWS = 8
    monkeypatch.setattr(previews, "START", "inline")
    client.force_login(world.owner)
    before = stored(owned)
    response = client.post(reverse("collection:submission_upload", args=[owned.pk]),
                           {"file": SimpleUploadedFile("form.xlsx", filled_form(client, owned))}, follow=True)
    assert "超过上限 8 行" in error_text(response)
    assert_nothing_stored(client, owned, before)


def test_the_status_page_belongs_to_the_person_who_uploaded(owned, world, client, settings, monkeypatch):
    from fazhi.collection import previews

    settings.FAZHI_EXCEL_INLINE_KB = 1
    monkeypatch.setattr(previews, "START", "off")
    client.force_login(world.owner)
    response = client.post(reverse("collection:submission_upload", args=[owned.pk]),
                           {"file": SimpleUploadedFile("form.xlsx", filled_form(client, owned))})
    client.force_login(world.colleague)
    assert client.get(response["Location"]).status_code == 404

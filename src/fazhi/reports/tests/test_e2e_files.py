"""The office's files in the browser: DOCX and PDF of a report sent for review, the annex as Excel, and a DOCX
revised in Word brought back and accepted section by section."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from fazhi.core.tests.browser import log_in
from fazhi.reports import actions
from fazhi.reports.models import Part, Report

from .conftest import OVERRIDE, make_round

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DRAFTS = {
    Part.SHORTCOMINGS: "一是乡镇合法性审核力量不足；二是执法文书制作不够规范。",
    Part.FIRST_RESPONSIBLE: "县政府主要负责人认真履行第一责任人职责，带头学法，研究部署法治政府建设工作。",
    Part.NEXT_YEAR: "一是配齐合法性审核人员；二是推行执法文书范本；三是开展案卷交叉评查。",
}
REVISED = "县政府主要负责人带头学法用法，全年主持研究法治政府建设重要事项，亲自协调解决执法保障问题。"


def _download(page, test_id, tmp_path) -> bytes:
    with page.expect_download() as info:
        page.get_by_test_id(test_id).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target.read_bytes()


def test_office_downloads_the_files_and_brings_a_word_revision_back(world, catalog, live_server, page, tmp_path):
    make_round(world, catalog)
    report = actions.create_report(world.agency("sfx-gov"), 2025, by=world.office)
    for part, text in DRAFTS.items():
        actions.edit_section(report.sections.get(part=part, order=0), text, world.office)
    actions.send_for_review(report, by=world.office, override_reason=OVERRIDE)  # ready: with the leaders
    base = live_server.url

    log_in(page, base, "director")
    page.goto(f"{base}/reports/{report.pk}/")

    # The DOCX and the PDF of the report open again; the annex comes as a workbook of numbers.
    docx = Document(io.BytesIO(_download(page, "download-docx", tmp_path)))
    assert docx.paragraphs[0].text.replace("\n", "") == report.title
    assert "附件" in [p.text for p in docx.paragraphs]
    pdf = PdfReader(io.BytesIO(_download(page, "download-pdf", tmp_path)))
    assert len(pdf.pages) >= 2
    sheet = load_workbook(io.BytesIO(_download(page, "download-annex", tmp_path))).active
    assert [c.value for c in sheet[3]] == ["指标", "单位", "上年", "本年", "增减", "来源"]
    assert sheet.max_row > 3

    # Part three revised in Word comes back: the change is shown, accepted, and in the report.
    first = report.sections.get(part=Part.FIRST_RESPONSIBLE, order=0)
    body = docx.paragraphs
    heading = next(i for i, p in enumerate(body) if p.text.startswith("三、"))
    body[heading + 1].text = REVISED
    for extra in body[heading + 2:]:
        if extra.text.startswith("四、"):
            break
        extra._p.getparent().remove(extra._p)
    revised = tmp_path / "revised.docx"
    docx.save(revised)
    page.goto(f"{base}/reports/{report.pk}/")
    page.set_input_files("#word-file", str(revised))
    with page.expect_navigation():
        page.get_by_test_id("form-word-upload").locator("button[type=submit]").click()
    assert "亲自协调解决执法保障问题" in page.get_by_test_id("diff").first.inner_text()
    accept = page.get_by_test_id("form-word-accept")
    accept.locator(f"input[name=section][value='{first.pk}']").check()
    with page.expect_navigation():
        accept.locator("button[type=submit]").click()
    first.refresh_from_db()
    assert first.text == REVISED
    assert Report.objects.get(pk=report.pk).status == Report.Status.REVIEW

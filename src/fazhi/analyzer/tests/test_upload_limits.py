"""The analyzer's uploads are bounded before their work starts: zips by their directory, .docx and PDF in the run.

A file past a limit fails with a message naming the limit and its value; the other files of the batch go on.
"""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from fazhi.analyzer import actions
from fazhi.analyzer.extract import ExtractLimits, extract_bytes
from fazhi.analyzer.models import AnalyzedReport, Batch
from fazhi.analyzer.tests.samples import REPORT
from fazhi.analyzer.tests.test_pages import txt, upload, urlpatterns  # noqa: F401
from fazhi.core.tests.hostile import zip_of
from fazhi.core.unpack import Budget, LimitExceeded, ZipLimits

pytestmark = [pytest.mark.django_db, pytest.mark.urls("fazhi.analyzer.tests.test_pages")]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def zipped(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


def failures(batch) -> dict[str, str]:
    with translation.override("zh-hans"):
        return {r.source_name: actions.error_message(r.result["errors"][0])
                for r in batch.reports.filter(status=AnalyzedReport.Status.FAILED)}


def test_a_zip_with_too_many_members_fails_naming_the_limit_and_the_batch_goes_on(world, client, settings):
    settings.FAZHI_UPLOAD_MAX_ZIP_MEMBERS = 100
    client.force_login(world.supervisor)
    started = time.perf_counter()
    upload(client, "批次", zipped("many.zip", zip_of((f"r{i}.txt", b"x") for i in range(150))),
           txt("示范县.txt", REPORT))
    assert time.perf_counter() - started < 2
    batch = Batch.objects.get()
    assert failures(batch) == {"many.zip": "文件内含 150 个文件，超过上限 100 个。"}
    assert batch.reports.get(source_name="示范县.txt").status == AnalyzedReport.Status.ANALYSED
    assert not batch.reports.get(source_name="many.zip").file  # nothing of it stored


def test_a_zip_with_a_high_ratio_fails_naming_the_limit(world, client):
    bomb = zip_of({"report.txt": b"0" * 15_000_000})  # 15 MB of one byte: within the size limit, ratio ~1000
    assert len(bomb) < 50_000
    client.force_login(world.supervisor)
    upload(client, "批次", zipped("bomb.zip", bomb), txt("示范县.txt", REPORT))
    batch = Batch.objects.get()
    [message] = failures(batch).values()
    assert message.startswith("文件解压后是原大小的 ") and message.endswith(" 倍，超过上限 100 倍。")
    assert batch.reports.count() == 2 and batch.status == Batch.Status.DONE


def test_a_zip_past_the_unpacked_limit_fails_naming_it(world, client, settings):
    settings.FAZHI_UPLOAD_MAX_UNPACKED_MB = 1
    settings.FAZHI_UPLOAD_MAX_RATIO = 10_000
    client.force_login(world.supervisor)
    upload(client, "批次", zipped("big.zip", zip_of({"a.txt": b"0" * 3 * 1024 * 1024})))
    assert failures(Batch.objects.get()) == {"big.zip": "文件解压后有 3 MB，超过上限 1 MB。"}


def docx_of(body_xml: bytes, extra: dict | None = None) -> bytes:
    ns = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    return zip_of({"[Content_Types].xml": b"<Types/>",
                   "word/document.xml": b"<w:document " + ns + b"><w:body>" + body_xml + b"</w:body></w:document>",
                   **(extra or {})})


def limits(seconds: float = 60) -> ExtractLimits:
    """The default limits, with a budget that starts now."""
    return ExtractLimits(zip=ZipLimits(2000, 200 * 1024 * 1024, 100), max_pdf_pages=300, budget=Budget(seconds))


def test_a_docx_that_unpacks_past_the_ratio_is_refused_before_its_body_is_read():
    bomb = docx_of(b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 400_000)  # ~14 MB of XML, ~30 KB zipped
    with pytest.raises(LimitExceeded) as exc:
        extract_bytes(bomb, "report.docx", limits=limits())
    assert exc.value.what == "ratio"
    assert extract_bytes(bomb, "report.docx").text.count("x") == 400_000  # the command line reads it


def test_a_docx_body_is_streamed_with_nested_paragraphs_in_document_order():
    body = (b"<w:p><w:r><w:t>first</w:t></w:r></w:p>"
            b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
            b"<w:p><w:r><w:t>outer</w:t><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent>"
            b"</w:r></w:p>")
    assert extract_bytes(docx_of(body), "r.docx", limits=limits()).text == "first\ncell\nouterbox\nbox\n"


def test_a_docx_that_takes_past_the_budget_is_refused():
    spent = limits(0)
    time.sleep(0.01)
    with pytest.raises(LimitExceeded) as exc:
        extract_bytes(docx_of(b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"), "r.docx", limits=spent)
    assert exc.value.what == "seconds"


def blank_pdf(pages: int) -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=100, height=100)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_pdf_with_more_pages_than_the_limit_fails_in_the_run_and_the_batch_goes_on(world, client, settings):
    settings.FAZHI_ANALYZER_MAX_PDF_PAGES = 5
    client.force_login(world.supervisor)
    upload(client, "批次", SimpleUploadedFile("long.pdf", blank_pdf(8), content_type="application/pdf"),
           txt("示范县.txt", REPORT))
    batch = Batch.objects.get()
    assert failures(batch) == {"long.pdf": "PDF 文件有 8 页，超过上限 5 页。"}
    assert batch.reports.get(source_name="示范县.txt").status == AnalyzedReport.Status.ANALYSED
    with translation.override("zh-hans"):
        page = client.get(reverse("analyzer:batch_detail", args=[batch.pk])).content.decode()
    assert "PDF 文件有 8 页，超过上限 5 页。" in page

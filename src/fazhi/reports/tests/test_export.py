"""Exports of a county report, reopened: DOCX (python-docx), PDF (pypdf), HTML, JSON, and the analyzer."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from django.utils import translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from pypdf import PdfReader

from fazhi.analyzer import analyze_bytes
from fazhi.reports.export import ExportedFile, export_report
from fazhi.reports.export.html import render_report_html
from fazhi.reports.tests.fixtures_compose import composed_fixture, county_report_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

PARTS = [
    "一、2025年推进法治政府建设的主要举措和成效", "二、存在的不足和原因",
    "三、党政主要负责人履行推进法治建设第一责任人职责情况", "四、2026年推进法治政府建设的主要安排",
    "五、其他需要报告的情况",
]
TITLE = "示范县人民政府关于2025年法治政府建设情况的报告"
# Rolled up over the two departments and two townships (see fixtures_compose): the lead figure of each point.
ROLLED_UP = ["受理行政复议申请35件", "办理行政应诉案件10件", "调解矛盾纠纷125件", "开展普法宣传活动50场",
             "办理行政执法案件120件", "制发行政规范性文件8件"]


@pytest.fixture
def docx_file(composed) -> ExportedFile:
    return export_report(composed.report, "docx")


@pytest.fixture
def pdf_file(composed) -> ExportedFile:
    return export_report(composed.report, "pdf")


def _in_order(text: str, needles: list[str]) -> bool:
    positions = [text.find(n) for n in needles]
    return -1 not in positions and positions == sorted(positions)


def test_docx_has_title_and_the_five_contents_in_order(docx_file):
    assert docx_file.filename == f"{TITLE}.docx"
    assert docx_file.content_type.endswith("wordprocessingml.document")
    doc = Document(io.BytesIO(docx_file.content))
    paragraphs = doc.paragraphs
    assert paragraphs[0].text.replace("\n", "") == TITLE  # one paragraph, its lines broken between words
    assert [p.text for p in paragraphs if p.style.name == "Heading 1"] == PARTS
    subheadings = [p.text for p in paragraphs if p.style.name == "Heading 2"]
    assert subheadings[0].startswith("（一）") and "（四）依法有效化解社会矛盾纠纷，发挥行政复议主渠道作用" in subheadings
    body = "\n".join(p.text for p in paragraphs)
    assert all(figure in body for figure in ROLLED_UP)
    texts = [p.text for p in paragraphs]
    annex_at = texts.index("附件")
    assert texts[annex_at - 2:annex_at] == ["示范县人民政府", "2026年2月20日"]
    # The annex on a page of its own: every figure of the year the text does not state, in a table.
    assert paragraphs[annex_at].paragraph_format.page_break_before
    assert texts[annex_at + 2] == "2025年法治政府建设主要数据"  # on the third line (GB/T 9704-2012 §7.3.7)
    rows = [[cell.text for cell in row.cells] for row in doc.tables[0].rows]
    assert rows[0] == ["指标", "单位", "上年", "本年", "增减", "来源"]
    by_label = {row[0]: row for row in rows[1:]}
    # 4 of 33 corrected in 2025, 4 of 30 in 2024.
    assert by_label["行政复议纠错率"][1:5] == ["%", "13.3", "12.1", "-1.2个百分点"]
    assert "÷" in by_label["行政复议纠错率"][5]
    assert "行政复议申请" not in by_label  # stated in the text
    # Each chart carries its text alternative, as Word's "alt text".
    descriptions = [d.get("descr", "") for d in doc.element.body.iter(qn("wp:docPr"))]
    assert descriptions and all(d for d in descriptions)
    assert any(d.startswith("条形图，") for d in descriptions)


def test_docx_is_in_official_document_layout(docx_file, composed):
    doc = Document(io.BytesIO(docx_file.content))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]

    title = doc.paragraphs[0]
    assert (title.alignment or title.style.paragraph_format.alignment) == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size.pt == 22
    assert title.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"

    disputes = composed.report.sections.get(topic="disputes").text
    body = next(p for p in doc.paragraphs if p.text == disputes)
    run = body.runs[0]
    assert run.font.name == "仿宋_GB2312" and run._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert run.font.size.pt == 16
    normal = doc.styles["Normal"].paragraph_format
    assert normal.first_line_indent.pt == 32 and 28 <= normal.line_spacing.pt <= 29
    assert normal.line_spacing_rule == 4  # EXACTLY
    heading_fonts = {
        p.style.name: p.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia"))
        for p in doc.paragraphs if p.style.name in ("Heading 1", "Heading 2")
    }
    assert heading_fonts == {"Heading 1": "黑体", "Heading 2": "楷体_GB2312"}

    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert 'w:fldCharType="begin"' in xml and '<w:instrText xml:space="preserve"> PAGE </w:instrText>' in xml
        assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")
        assert footer.paragraphs[0].runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert doc.settings.odd_and_even_pages_header_footer
    with zipfile.ZipFile(io.BytesIO(docx_file.content)) as zf:
        assert sum(name.startswith("word/charts/chart") for name in zf.namelist()) >= 2  # native charts


def test_pdf_has_the_five_contents_and_the_rolled_up_figures(pdf_file):
    assert pdf_file.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf_file.content))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4
    text = "\n".join(p.extract_text() for p in reader.pages)
    flat = re.sub(r"\s", "", text)
    assert _in_order(flat, PARTS)
    # Every page numbered but the 版记's own page at the end (and a blank page before it, if any).
    assert "—1—" in flat and (f"—{len(reader.pages) - 1}—" in flat or f"—{len(reader.pages) - 2}—" in flat)
    running = re.sub(r"—\d+—", "", flat)  # the text across page breaks, page numbers left out
    assert all(figure in running for figure in ROLLED_UP), [f for f in ROLLED_UP if f not in running]
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for p in reader.pages for font in p["/Resources"].get("/Font", {}).values()
    }
    # The free stand-ins for 仿宋 (and 小标宋), 黑体 and 楷体, each by its Chinese family (see test_pdf_layout).
    assert {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC"} <= fonts and any("WenKai" in f or "UKai" in f for f in fonts)


def test_html_marks_every_figure_and_has_no_link_that_breaks_once_downloaded(composed):
    exported = export_report(composed.report, "html")
    html = exported.content.decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and exported.content_type.startswith("text/html")
    assert _in_order(html, PARTS)
    for section in composed.report.sections.all():
        for figure in section.figures:
            assert f'data-metric="{figure["metric"]}"' in html
    assert re.search(r'<span class="figure" data-metric="reconsideration_received">35件</span>', html)
    assert 'href="/' not in html  # a root-relative link leads nowhere in a downloaded file
    alt = re.search(r'<figure class="chart"><svg [^>]*role="img"[^>]*><title>([^<]*)</title>', html).group(1)
    assert alt.startswith("柱状图，") and "由" in alt  # says what is compared, figures included
    assert re.search(r'<details class="chart-data"[^>]*><summary>以表格查看数据</summary>\s*<table>', html)
    fragment = render_report_html(composed.report, standalone=False)
    assert re.search(r'<a class="figure" href="[^"]*" data-metric="reconsideration_received" [^>]*>35件</a>', fragment)
    assert fragment.startswith('<article class="fazhi-report">') and "<html" not in fragment


def test_json_has_every_figure_with_its_metric_code(composed):
    exported = export_report(composed.report, "json")
    data = json.loads(exported.content)
    assert data["agency"]["code"] == "sfx-gov" and data["year"] == 2025 and data["title"] == TITLE
    assert data["status"] == "draft" and data["dates"]["dated"] == "2026-02-20"
    assert [s["heading"] for s in data["sections"] if s["level"] == 1] == PARTS
    stated = [f for s in data["sections"] for f in s["figures"]]
    expected = [f for s in composed.report.sections.all() for f in s.figures]
    assert len(stated) == len(expected) and all(f["metric"] and f["unit"] and f["label"] for f in stated)
    assert data["figures"]["reconsideration_correction_rate"]["value"] == "12.12"
    assert data["figures"]["reconsideration_received"] == {
        "value": "35", "previous": "32", "unit": "件", "label": "行政复议申请", "topic": "disputes",
    }


def test_an_unknown_format_is_refused(composed):
    with translation.override("en"), pytest.raises(ValueError, match="“odt”.*docx, pdf, html, json"):
        export_report(composed.report, "odt")


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_analyzer_reads_back_the_contents_and_every_figure(composed, fmt):
    """Issue 4's closed loop: the analyzer finds the five contents and every figure the report states."""
    exported = export_report(composed.report, fmt)
    result = analyze_bytes(exported.content, exported.filename)
    assert result["errors"] == []
    assert result["year"] == 2025
    # The title broken after the issuer (a 公文's shape) is read whole.
    assert result["title"] == TITLE and result["government"] == "示范县人民政府" and result["level"] == "county"
    top = [s["category"] for s in result["sections"] if s["level"] == 1]
    assert top == ["measures", "shortcomings", "first_responsible", "next_year", "other"]
    found = {(round(float(i["value"]), 2), i["unit"]) for i in result["indicators"]}
    for section in composed.report.sections.all():
        for figure in section.figures:
            assert _as_analyzed(figure["display"]) in found, (fmt, figure)


def _as_analyzed(display: str) -> tuple[float, str]:
    """Return a printed figure as the analyzer reads it: 35件 → (35, 件); 1.5万元 → (15000, 元)."""
    number = re.match(r"[\d.]+", display).group(0)
    value, unit = float(number), display[len(number):]
    for prefix, factor in (("万", 10_000), ("亿", 100_000_000)):
        if unit.startswith(prefix) and len(unit) > 1:
            value, unit = value * factor, unit[1:]
    return round(value, 2), unit


def test_the_annex_lists_every_figure_the_text_does_not_state(composed):
    from fazhi.reports.export.document import build_document

    doc = build_document(composed.report, charts=False)
    stated = {f["metric"] for s in composed.report.sections.all() for f in s.figures}
    listed = [row.metric for row in doc.annex]
    figures = {code for code, value in doc.context.current.items() if value is not None}
    assert set(listed) == figures - stated and len(listed) == len(set(listed))
    decided = next(row for row in doc.annex if row.metric == "reconsideration_decided")
    assert (decided.previous, decided.current, decided.change, decided.source) == ("30", "33", "+10%", "2个单位数据报送汇总")
    data = json.loads(export_report(composed.report, "json").content)
    assert [row["metric"] for row in data["annex"]] == listed
    html = export_report(composed.report, "html").content.decode()
    assert 'data-testid="annex"' in html and '<td data-metric="reconsideration_decided">' in html

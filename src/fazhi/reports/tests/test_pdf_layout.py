"""The PDF export as a 公文 (GB/T 9704-2012), read back with pypdf and, for the lines' geometry, WeasyPrint's boxes.

The fonts embedded (a serif, a sans and a kai-style face, each the simplified Chinese one), the page numbers'
places, justified lines of 28 characters, Chinese line-breaking, the 主送机关, the signature and an undated
draft's blank date, the 版记 at the foot of the last page, the charts in the annex with captions broken only
where fazhi chooses.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from fazhi.reports.export import export_report
from fazhi.reports.export.charts import Chart, ChartData, caption_lines, caption_width
from fazhi.reports.export.document import Block, build_document
from fazhi.reports.export.fonts import FALLBACK_FAMILY, ROLES, Font, choose, installed_families, pdf_fonts
from fazhi.reports.export.html import document_html, keep_numbers_whole, page
from fazhi.reports.export.pdf import LINE_PT, TEXT_WIDTH_PT, pdf_css, render_pdf
from fazhi.reports.models import Report, ReportDelivery
from fazhi.reports.tests.fixtures_compose import composed_fixture, county_report_fixture  # noqa: F401

PT_PER_MM = 72 / 25.4
PAGE_WIDTH = 210 * PT_PER_MM
LEFT, RIGHT, BOTTOM = 28 * PT_PER_MM, 26 * PT_PER_MM, 35 * PT_PER_MM
#: No line may start with these (GB/T 15834 and common practice: 行首不出现句末和点号、后引号、后括号).
NO_LINE_START = "，。、；：？！）》”’"
ADDRESSEES = "示范市人民政府，中共示范县委员会，示范县人民代表大会常务委员会："


def _reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def _pdf(report) -> PdfReader:
    return _reader(export_report(report, "pdf").content)


def _lines(reader: PdfReader) -> list[tuple[int, str]]:
    """Every printed line, with its page number (1-based), as pypdf reads it."""
    return [(number, line) for number, page in enumerate(reader.pages, start=1)
            for line in page.extract_text().splitlines() if line.strip()]


def _flat(reader: PdfReader) -> str:
    return re.sub(r"\s", "", "".join(line for _, line in _lines(reader)))


def _runs(page) -> list[tuple[str, float, float]]:
    """The text runs of a page with where each starts: (text, x, y) in points from the page's lower left."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((text, tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return found


def _embedded_fonts(reader: PdfReader) -> dict[str, str]:
    """Each embedded font's PDF name (without the subset tag) → the full name in its own name table."""
    fonts = {}
    for pdf_page in reader.pages:
        for font in pdf_page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            program = next(descriptor[k] for k in ("/FontFile3", "/FontFile2", "/FontFile") if k in descriptor)
            name_table = TTFont(io.BytesIO(program.get_object().get_data()))["name"]
            fonts[str(font["/BaseFont"]).split("+", 1)[-1]] = name_table.getDebugName(4)
    return fonts


def _long_text(paragraphs: int = 6) -> str:
    """Paragraphs full of the marks no line may start with, after words of every length, and figures."""
    marks, wraps = "，。、；：？！", ("{}", "（{}）", "《{}》", "“{}”", "‘{}’")
    words = "法治政府建设扎实推进成效明显群众满意"
    out = []
    for p in range(paragraphs):
        sentence = []
        for i in range(60):
            word = wraps[(i + p) % len(wraps)].format(words[: 1 + (i * 7 + p) % 17])
            figure = f"办理{(i * 37 + p) % 1000}件" if i % 5 == 0 else ""
            sentence.append(word + figure + marks[(i + p) % len(marks)])
        out.append("".join(sentence))
    return "\n".join(out)


@pytest.fixture
def long_report(composed):
    """The composed report with part 1's sections rewritten in long, punctuation-heavy text (many pages)."""
    report = composed.report
    for section in report.sections.filter(part=1):
        section.text = _long_text()
        section.save(update_fields=["text"])
    return report


# Fonts -----------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_serif_a_sans_and_a_kai_font_are_embedded_each_in_its_simplified_chinese_face(composed):
    fonts = _embedded_fonts(_pdf(composed.report))
    chosen = pdf_fonts()
    assert not any(font.family == FALLBACK_FAMILY for font in chosen.values()), (
        "scripts/fonts.sh --strict installs the free serif, sans and kai fonts before the tests")
    expected = {chosen[role].family.replace(" ", "-") for role in ("body", "hei", "kai")}
    assert expected <= {name.removesuffix("-Bold") for name in fonts}, fonts
    assert len(expected) == 3  # three families, not one font for everything
    if not chosen["body"].licensed:
        assert {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC"} <= set(fonts)
        assert "Noto-Serif-CJK-SC-Bold" in fonts  # the title, 小标宋's stand-in
    # Named by family through fontconfig, so the SC faces of the collections, not their first (Japanese) one.
    cjk = [full for full in fonts.values() if "CJK" in full]
    assert cjk and all(" SC" in full for full in cjk), fonts
    assert FALLBACK_FAMILY not in "".join(fonts)


def test_licensed_fonts_are_preferred_and_the_bundled_font_is_the_last_resort():
    free = frozenset({"Noto Serif CJK SC", "Noto Sans CJK SC", "LXGW WenKai"})
    assert choose(ROLES["body"], free) == Font("Noto Serif CJK SC")
    assert choose(ROLES["title"], free) == Font("Noto Serif CJK SC", 600)  # bold, for 小标宋
    assert choose(ROLES["kai"], free) == Font("LXGW WenKai")
    licensed = free | {"仿宋_GB2312", "方正小标宋简体", "楷体_GB2312", "黑体"}
    assert choose(ROLES["body"], licensed) == Font("仿宋_GB2312", licensed=True)
    assert choose(ROLES["title"], licensed) == Font("方正小标宋简体", licensed=True)
    assert choose(ROLES["kai"], licensed).family == "楷体_GB2312"
    assert choose(ROLES["hei"], licensed).family == "黑体"
    assert choose(ROLES["kai"], frozenset({"AR PL UKai CN"})).family == "AR PL UKai CN"
    fallback = choose(ROLES["kai"], frozenset())
    assert fallback.family == FALLBACK_FAMILY
    assert fallback.css.startswith('font-family: "Noto Sans CJK SC", "FazhiNotoSansCJK"')  # its SC face first
    assert {"Noto Serif CJK SC", "Noto Sans CJK SC"} <= installed_families()  # fc-list, asked once


@pytest.mark.django_db
def test_without_chinese_system_fonts_the_bundled_noto_sans_sc_prints_every_line(composed, monkeypatch, tmp_path):
    config = tmp_path / "fonts.conf"  # fontconfig with the Latin DejaVu fonts only: no Chinese font at all
    config.write_text('<?xml version="1.0"?>\n<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>'
                      f"<cachedir>{tmp_path}/cache</cachedir></fontconfig>\n")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    monkeypatch.setattr("fazhi.reports.export.fonts.installed_families", lambda: frozenset())
    for cached in (pdf_fonts, pdf_css):
        cached.cache_clear()
    try:
        assert "@font-face" in pdf_css()
        reader = _pdf(composed.report)
    finally:
        pdf_fonts.cache_clear()
        pdf_css.cache_clear()
    fonts = _embedded_fonts(reader)
    chinese = {name: full for name, full in fonts.items() if "DejaVu" not in name}
    assert chinese and all(full == "Noto Sans CJK SC" for full in chinese.values()), fonts
    assert "一、2025年推进法治政府建设的主要举措和成效" in _flat(reader)


# The page ---------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_page_numbers_are_below_the_text_odd_at_the_right_even_at_the_left(long_report):
    reader = _pdf(long_report)
    assert len(reader.pages) >= 3
    numbers = {}
    for number, pdf_page in enumerate(reader.pages[:3], start=1):
        (found,) = [(x, y) for text, x, y in _runs(pdf_page) if text.strip() == f"— {number} —"]
        numbers[number] = found
    centre = PAGE_WIDTH / 2
    assert numbers[1][0] > centre and numbers[3][0] > centre  # 单页码居右
    assert numbers[2][0] < centre  # 双页码居左, 空一字 (14 pt) in from the 版心
    assert numbers[2][0] == pytest.approx(LEFT + 14, abs=1)
    # Right: "— 1 —" (2 to 4 characters of 四号 wide) ends one character in from the 版心's right edge.
    assert PAGE_WIDTH - RIGHT - 14 - 4 * 14 < numbers[1][0] < PAGE_WIDTH - RIGHT - 14 - 2 * 14
    for _, y in numbers.values():
        assert BOTTOM - 12 * PT_PER_MM < y < BOTTOM - 5 * PT_PER_MM  # under the 版心, its dash about 7 mm down


def _line_boxes(report):
    """Render the printed copy and return each line of a text paragraph: (text, left, right, last in paragraph)."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    from fazhi.reports.export import justify

    justify.install()
    doc = build_document(report, charts=False)
    rendered = HTML(string=page(document_html(doc, links=False, printed=True), doc.title, pdf_css())).render()

    def texts(box):
        if isinstance(box, boxes.TextBox):
            yield box
        for child in getattr(box, "children", []):
            yield from texts(child)

    def paragraphs(box):
        if isinstance(box, boxes.BlockBox) and box.element_tag == "p" and "class" not in box.element.attrib:
            yield box
        for child in getattr(box, "children", []):
            yield from paragraphs(child)

    lines = []
    for rendered_page in rendered.pages:
        for paragraph in paragraphs(rendered_page._page_box):
            line_boxes = [c for c in paragraph.children if isinstance(c, boxes.LineBox)]
            for line in line_boxes:
                parts = list(texts(line))
                lines.append(("".join(t.text for t in parts), min(t.position_x for t in parts) * 0.75,
                              max(t.position_x + t.width for t in parts) * 0.75, line is line_boxes[-1]))
    return lines


@pytest.mark.django_db
def test_lines_are_justified_with_28_characters(long_report):
    lines = _line_boxes(long_report)
    full = [(text, right) for text, _, right, last in lines if not last]
    assert len(full) > 50
    text_right = LEFT + TEXT_WIDTH_PT
    ragged = [(text, right) for text, right in full if abs(right - text_right) > 0.5]
    assert not ragged, ragged[:5]  # every line but a paragraph's last ends at the 版心's right edge
    # A line of Chinese characters and full-width marks holds 28 (27 when a mark may not start the next line),
    # the first line of a paragraph 26 after its indent; digits are narrower, so such lines are left out.
    chinese = [text for text, _ in full if not re.search(r"[0-9A-Za-z]", text)]
    assert chinese and all(caption_width(text) <= 28 for text in chinese)
    assert sum(caption_width(text) == 28 for text in chinese) > len(chinese) / 2


@pytest.mark.django_db
@pytest.mark.parametrize("title_lines", [1, 2, 3])
def test_every_line_of_text_stands_on_the_grid_of_22_lines_the_first_page_too(long_report, title_lines):
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    from fazhi.reports.export import justify

    justify.install()
    doc = build_document(long_report, charts=False)
    html = document_html(doc, links=False, printed=True)
    html = re.sub(r'(<h1 class="report-title" data-lines=")\d+(">).*?(</h1>)',
                  lambda m: m[1] + str(title_lines) + m[2] + "<br>".join(["示范县法治政府建设"] * title_lines) + m[3],
                  html, count=1)
    rendered = HTML(string=page(html, doc.title, pdf_css())).render()
    top = 37 * PT_PER_MM  # the 版心's top edge

    def lines(box):
        if isinstance(box, boxes.LineBox) and box.element_tag in ("p", "h2", "h3", "h4"):
            yield box
        for child in getattr(box, "children", []):
            yield from lines(child)

    offsets = {}
    for number, rendered_page in enumerate(rendered.pages[:3], start=1):
        ys = [line.position_y * 0.75 - top for line in lines(rendered_page._page_box)]
        offsets[number] = {round((y / LINE_PT) % 1, 2) % 1 for y in ys}
    assert offsets[1] and offsets[1] == offsets[2] == offsets[3] == {0.0}, offsets


@pytest.mark.django_db
def test_no_line_starts_with_a_closing_mark(long_report):
    reader = _pdf(long_report)
    lines = _lines(reader)
    assert len(lines) > 200
    bad = [(number, line) for number, line in lines if line.lstrip()[0] in NO_LINE_START]
    assert not bad, bad[:5]
    # Nor ends with an opening one.
    assert not [(n, line) for n, line in lines if line.rstrip()[-1] in "（《“‘"]


def test_a_number_is_kept_with_its_unit_and_nothing_else_is_held():
    html = '<p>受理<span class="figure" data-metric="a1">35件</span>，经费1.5万元，增长12.1%，2025年。</p>'
    kept = keep_numbers_whole(html)
    assert re.findall(r'<span class="nobr">([^<]*)</span>', kept) == ["35件", "1.5万元", "12.1%", "2025年"]
    assert 'data-metric="a1"' in kept and "受理" in kept.split("nobr")[0]  # attributes and words untouched
    assert "nowrap" not in pdf_css().split(".nobr")[0]  # no whole figure or sentence is held together


# The elements of the 公文 ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_title_addressees_signature_and_colophon(composed):
    report = composed.report
    office = composed.world.office
    for kind, addressee in [(ReportDelivery.Kind.UPPER, "示范市人民政府"), (ReportDelivery.Kind.OWN, "中共示范县委员会"),
                            (ReportDelivery.Kind.PEOPLES_CONGRESS, "示范县人民代表大会常务委员会"),
                            (ReportDelivery.Kind.COPY, "中共示范市委全面依法治市委员会办公室")]:
        ReportDelivery.objects.create(report=report, kind=kind, addressee=addressee,
                                      delivered_on=dt.date(2026, 2, 25), recorded_by=office)
    reader = _pdf(report)
    lines = [line for _, line in _lines(reader)]
    assert lines[:2] == ["示范县人民政府", "关于2025年法治政府建设情况的报告"]  # broken between words
    flat = _flat(reader)
    assert flat.startswith(f"示范县人民政府关于2025年法治政府建设情况的报告{ADDRESSEES}根据")  # 主送机关, 顶格
    assert "附件：2025年法治政府建设主要数据示范县人民政府2026年2月20日" in flat  # 附件说明, then the signature
    last = reader.pages[-1]
    runs = _runs(last)
    text = re.sub(r"\s", "", "".join(t for t, _, _ in runs))
    assert "抄送：中共示范市委全面依法治市委员会办公室。" in text and "示范县人民政府办公室" in text
    # The 版记 last, after the annex, on a page of its own that is even (the back of the last sheet) and has no
    # number; a blank page before it, if any, has none either (§7.4, §7.5).
    assert text.endswith("2026年2月20日印发") and len(reader.pages) % 2 == 0
    numbered = [n for n, pdf_page in enumerate(reader.pages, 1) if re.search(r"—\s*\d+\s*—", pdf_page.extract_text())]
    assert numbered == list(range(1, numbered[-1] + 1))
    assert numbered[-1] in (len(reader.pages) - 1, len(reader.pages) - 2)
    assert all(not reader.pages[n].extract_text().strip() for n in range(numbered[-1], len(reader.pages) - 1))
    assert flat.index("附件2025年法治政府建设主要数据指标") < flat.index("抄送：")
    # At the foot of the last page: its last line on the 版心's last line (§7.4).
    (printed_y,) = [y for t, _, y in runs if t.strip().endswith("印发")]
    assert BOTTOM < printed_y < BOTTOM + LINE_PT


@pytest.mark.django_db
def test_an_undated_draft_prints_a_blank_date_and_its_mark(composed):
    report = composed.report
    Report.objects.filter(pk=report.pk).update(dated=None, status=Report.Status.COMMENTS)
    report.refresh_from_db()
    reader = _pdf(report)
    lines = [line for _, line in _lines(reader)]
    assert lines[2] == "（征求意见稿）"
    text = "\n".join(lines)
    assert re.search(r"示范县人民政府\n\s*年\s+月\s+日\n", text)  # the 成文日期 left blank for the pen
    assert re.search(r"年\s+月\s+日印发", text)
    assert not re.search(r"\d{4}年\d{1,2}月\d{1,2}日", text)


@pytest.mark.django_db
def test_the_annex_starts_a_page_and_its_table_header_is_on_every_page(composed):
    doc = build_document(composed.report, charts=False)
    doc.annex = doc.annex * 6  # a table over several pages
    reader = _reader(render_pdf(doc))
    pages = [[line.strip() for line in pdf_page.extract_text().splitlines()] for pdf_page in reader.pages]
    first = next(n for n, lines in enumerate(pages) if lines and lines[0] == "附件")
    assert pages[first][1] == "2025年法治政府建设主要数据"  # "附件" 顶格 on the first line, the title under it
    table_pages = [lines for lines in pages[first:] if lines and not lines[-1].endswith("印发")]  # not the 版记
    assert len(table_pages) >= 3
    assert all(lines[0] == "指标 单位 上年 本年 增减 来源" for lines in table_pages[1:]), [p[:2] for p in table_pages]


# Charts --------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_charts_are_printed_in_the_annex_after_its_table(composed):
    reader = _pdf(composed.report)
    lines = _lines(reader)
    annex = next(n for n, line in lines if line.strip() == "附件")
    flat = _flat(reader)
    assert flat.index("行政复议纠错率") < flat.index("图1主要指标与2024年对比")  # after the table
    # Drawn as vectors, their labels real text in the chart's font: each year under its bars, in the annex only.
    pages = {n: re.sub(r"\s", "", pdf_page.extract_text()) for n, pdf_page in enumerate(reader.pages, start=1)}
    (figure,) = [n for n, text in pages.items() if "图1主要指标与2024年对比" in text]
    assert figure >= annex and pages[figure].count("2024年") >= 3  # the caption's and each panel's label
    # in the charts' sans, not a Japanese or Latin face the SVG fell back to
    assert not [name for name in _embedded_fonts(reader) if "JP" in name or "DejaVu" in name]
    # The web copy keeps them at the end of part 1.
    html = export_report(composed.report, "html").content.decode()
    assert html.index('<figure class="chart">') < html.index("二、存在的不足和原因")
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and "<title>柱状图，" in html


LONG_LABEL = "依法治县（市、区）委员会及其协调小组全体会议（次）"


def long_caption_chart() -> Chart:
    data = ChartData("township", f"图2 各乡镇（街道）{LONG_LABEL}", "条形图，各乡镇（街道）……", ("乡镇（街道）", LONG_LABEL),
                     (("城关镇", "3"),), ((3.0,),), caption_parts=("图2 各乡镇（街道）", LONG_LABEL))
    return Chart(data, "<svg/>", 600, 3000)  # taller than a page at 150 mm wide


def test_a_caption_breaks_only_between_its_parts_and_never_inside_brackets():
    parts = ("图2 各乡镇（街道）", LONG_LABEL)
    assert caption_width("".join(parts)) > 31  # too long for a line of 四号
    assert caption_lines(parts) == list(parts)
    assert caption_lines(("图1 主要指标与2024年对比",)) == ["图1 主要指标与2024年对比"]
    # A part longer than a line is cut, but outside its brackets.
    lines = caption_lines(("图3 " + "依法治县（市、区）委员会" * 4,), 20)
    assert all(caption_width(line) <= 20 for line in lines)
    assert all(line.count("（") == line.count("）") for line in lines), lines
    assert long_caption_chart().size_mm() == (38.0, 190.0)  # kept to a page, its proportions kept


@pytest.mark.django_db
def test_a_long_caption_is_printed_on_the_lines_chosen(composed):
    doc = build_document(composed.report, charts=False)
    chart = long_caption_chart()
    doc.blocks.append(Block("chart", chart.caption, chart=chart))
    lines = [line.strip() for _, line in _lines(_reader(render_pdf(doc)))]
    at = lines.index("图2 各乡镇（街道）")
    assert lines[at + 1] == LONG_LABEL
    assert replace(chart.data, caption_parts=()).caption == "".join(lines[at:at + 2])

"""The DOCX export as a 公文 (GB/T 9704-2012), reopened with python-docx and read as raw XML.

The page and its 22 × 28 grid, every style a clerk can pick in Word, the title's lines, the package's
properties, the 主送机关, an undated draft's blank date and mark, the 版头 only when asked, the 版记's lines, the
annex table, and the charts after it.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
from decimal import Decimal

import pytest
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from lxml import etree

from fazhi.reports.export import export_report
from fazhi.reports.export.docx import (
    CHAR_SPACE,
    CONDENSE,
    LINE_PITCH,
    TEXT_HEIGHT,
    TEXT_WIDTH,
    TITLE_CHARS,
    text_width,
    title_lines,
    title_words,
)
from fazhi.reports.models import Report, ReportDelivery, ReportSignoff
from fazhi.reports.tests.fixtures_compose import composed_fixture, county_report_fixture  # noqa: F401

TITLE = "示范县人民政府关于2025年法治政府建设情况的报告"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
D = ReportDelivery.Kind


def _docx(report, **options) -> Document:
    return Document(io.BytesIO(export_report(report, "docx", **options).content))


def _part(report, name: str, **options) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(export_report(report, "docx", **options).content)) as zf:
        return etree.fromstring(zf.read(name))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _east_asia(style) -> str | None:
    """The East Asian font a paragraph style names, itself or through the styles it is based on."""
    while style is not None:
        rpr = style.element.rPr
        if rpr is not None and rpr.rFonts is not None and rpr.rFonts.get(qn("w:eastAsia")):
            return rpr.rFonts.get(qn("w:eastAsia"))
        style = style.base_style
    return None


# The page and its grid ------------------------------------------------------------------------------------------


def test_the_grid_puts_22_lines_of_28_characters_on_the_page():
    assert (TEXT_WIDTH, TEXT_HEIGHT) == (8845, 12756)  # twips: 156 × 225 mm
    assert LINE_PITCH == 579 and 22 * LINE_PITCH <= TEXT_HEIGHT < 23 * LINE_PITCH
    pitch = 16 + CHAR_SPACE / 4096  # points: the Normal style's 16 plus the grid's charSpace
    assert CHAR_SPACE == -842 and 28 * pitch <= TEXT_WIDTH / 20 < 29 * pitch
    advance = 16 + CONDENSE / 20  # the condensed 三号 character, paragraphs not snapping to the grid
    assert CONDENSE == -10 and 28 * advance + 7 <= TEXT_WIDTH / 20 < 29 * advance - 7  # with room for rounding


@pytest.mark.django_db
def test_page_set_up_and_document_grid(composed):
    document = _docx(composed.report)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch")), grid.get(qn("w:charSpace"))) == (
        "linesAndChars", "579", "-842")
    normal = document.styles["Normal"].element
    assert normal.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"
    assert normal.pPr.find(qn("w:widowControl")).get(qn("w:val")) == "0"  # 22 lines on every full page
    assert normal.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-10"
    assert document.styles["Normal"].paragraph_format.line_spacing.twips == 579


# Styles ------------------------------------------------------------------------------------------------------------


EXPECTED_STYLES = {  # name: (East Asian font, size in points, bold)
    "Normal": ("仿宋_GB2312", 16, False),
    "Title": ("方正小标宋简体", 22, False),
    "Heading 1": ("黑体", 16, False),
    "Heading 2": ("楷体_GB2312", 16, False),
    "Heading 3": ("仿宋_GB2312", 16, True),
    **{f"Heading {n}": ("仿宋_GB2312", 16, False) for n in range(4, 10)},
    "Caption": ("仿宋_GB2312", 14, False),
    "Table Text": ("仿宋_GB2312", 12, False),
    "Header": ("宋体", 14, False),
    "Footer": ("宋体", 14, False),
}


@pytest.mark.django_db
def test_every_style_a_clerk_can_pick_is_a_gongwen_style(composed):
    document = _docx(composed.report)
    paragraph_styles = {s.name: s for s in document.styles if s.type == 1}
    assert set(paragraph_styles) == set(EXPECTED_STYLES)
    for name, (font, size, bold) in EXPECTED_STYLES.items():
        style = paragraph_styles[name]
        assert (_east_asia(style), style.font.size.pt, bool(style.font.bold)) == (font, size, bold), name
        assert style.font.color.rgb in (None, (0, 0, 0)), name
        assert not style.font.italic, name
    assert {s.name for s in document.styles if s.type == 2} == {"Default Paragraph Font"}
    assert {s.name for s in document.styles if s.type == 3} == {"Normal Table", "Table Grid"}
    normal = paragraph_styles["Normal"].paragraph_format
    assert normal.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and normal.first_line_indent.pt == 32
    assert paragraph_styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    levels = {n: paragraph_styles[f"Heading {n}"].element.pPr.find(qn("w:outlineLvl")).get(qn("w:val"))
              for n in range(1, 10)}
    assert levels == {n: str(n - 1) for n in range(1, 10)}  # Word's navigation pane still finds them


@pytest.mark.django_db
def test_no_theme_font_no_colour_and_chinese_as_the_language(composed):
    styles = _part(composed.report, "word/styles.xml")
    xml = etree.tostring(styles).decode()
    assert not re.search(r"w:(ascii|hAnsi|eastAsia|cs)Theme|w:cstheme|w:themeColor", xml)
    colours = {c.get(f"{W}val") for c in styles.iter(f"{W}color")}
    assert colours <= {"000000", "auto"}, colours
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "仿宋_GB2312"
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    latent = styles.find(f"{W}latentStyles")
    assert latent.get(f"{W}defQFormat") == "0" and not [e for e in latent if e.get(f"{W}qFormat")]
    settings = _part(composed.report, "word/settings.xml")
    assert settings.find(f"{W}themeFontLang").get(f"{W}eastAsia") == "zh-CN"
    with zipfile.ZipFile(io.BytesIO(export_report(composed.report, "docx").content)) as zf:
        names = zf.namelist()
        assert "word/stylesWithEffects.xml" not in names and not [n for n in names if "thumbnail" in n]
        assert not [n for n in names if b"python-docx" in zf.read(n)]


@pytest.mark.django_db
def test_the_properties_are_the_reports_own(composed):
    document = _docx(composed.report)
    props = document.core_properties
    assert (props.title, props.author, props.last_modified_by) == (TITLE, "示范县人民政府", "示范县人民政府")
    assert props.created.date() == props.modified.date() == dt.date(2026, 2, 20)
    assert props.language == "zh-CN" and props.comments == "" and props.content_status == ""
    assert "python-docx" not in f"{props.comments}{props.keywords}{props.subject}{props.category}"
    app = _part(composed.report, "docProps/app.xml")
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    assert app.findtext(f"{ns}Application") == "fazhi" and app.findtext(f"{ns}Company") == "示范县人民政府"


# The title ---------------------------------------------------------------------------------------------------------


def _words_kept(lines: list[str], title: str, issuer: str) -> bool:
    """True when the lines together are the title and each ends where one of its words does."""
    flat = title.replace(" ", "")
    word_ends = set(itertools.accumulate(len(word.replace(" ", "")) for word in title_words(title, issuer, 2025)))
    line_ends = set(itertools.accumulate(len(line.replace(" ", "")) for line in lines))
    return "".join(lines).replace(" ", "") == flat and line_ends <= word_ends


@pytest.mark.parametrize(("issuer", "expected"), [
    ("示范县司法局", ["示范县司法局", "关于2025年法治政府建设情况的报告"]),
    ("示范县人民政府", ["示范县人民政府", "关于2025年法治政府建设情况的报告"]),
    ("中共示范县委员会 示范县人民政府", ["中共示范县委员会 示范县人民政府", "关于2025年法治政府建设情况的报告"]),
    # Too long for the issuers to share a line with each other or with the rest: a diamond, not an hourglass.
    ("中国共产党示范自治县委员会 示范自治县人民政府",
     ["中国共产党示范自治县委员会", "示范自治县人民政府关于2025年", "法治政府建设情况的报告"]),
    ("某局", ["某局关于2025年法治政府建设情况的报告"]),  # fits on one line
])
def test_the_title_breaks_between_words(issuer, expected):
    title = f"{issuer}关于2025年法治政府建设情况的报告"
    lines = title_lines(title, issuer, 2025)
    assert lines == expected
    assert _words_kept(lines, title, issuer)
    assert all(text_width(line) <= TITLE_CHARS for line in lines)


def test_an_issuer_longer_than_a_line_keeps_a_line_of_its_own():
    issuer = "示范县人民政府办公室综合科行政复议与应诉管理服务中心"  # 25 characters: Word wraps it, we never split it
    title = f"{issuer}关于2025年法治政府建设情况的报告"
    assert title_lines(title, issuer, 2025) == [issuer, "关于2025年法治政府建设情况的报告"]


def test_a_title_of_another_form_is_broken_only_where_it_can_be():
    title = "示范县人民政府2025年度法治政府建设工作情况报告"
    assert title_words(title, "示范县人民政府", 2025) == ["示范县人民政府", "2025年度", "法治政府建设工作情况报告"]
    assert title_lines(title, "示范县人民政府", 2025) == ["示范县人民政府", "2025年度法治政府建设工作情况报告"]
    assert title_lines("法治政府建设情况报告", "示范县人民政府", 2025) == ["法治政府建设情况报告"]


@pytest.mark.django_db
def test_the_title_is_one_paragraph_with_its_lines_broken(composed):
    document = _docx(composed.report)
    title = document.paragraphs[0]
    assert title.style.name == "Title" and title.text == "示范县人民政府\n关于2025年法治政府建设情况的报告"
    assert len(title._p.findall(f".//{W}br")) == 1
    assert all(run.font.size.pt == 22 for run in title.runs)


# 主送机关, signature, draft --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_addressees_follow_the_title(composed):
    document = _docx(composed.report)
    texts = _texts(document)
    # Not yet delivered: the addressees a county government must report to, the level above first.
    assert texts[1:3] == ["", "示范市人民政府，中共示范县委员会，示范县人民代表大会常务委员会："]
    line = document.paragraphs[2]
    assert line.paragraph_format.first_line_indent.pt == 0
    assert line.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert texts[3].startswith("根据《法治政府建设与责任落实督察工作规定》")


@pytest.mark.django_db
def test_recorded_deliveries_are_the_addressees_and_the_copies(composed):
    report = composed.report
    office = composed.world.office
    for kind, addressee, reference in [(D.UPPER, "示范市人民政府", "示政报[2026]03号"),
                                       (D.OWN, "中共示范县委员会", ""),
                                       (D.COPY, "中共示范市委全面依法治市委员会办公室", "")]:
        ReportDelivery.objects.create(report=report, kind=kind, addressee=addressee, reference=reference,
                                      delivered_on=dt.date(2026, 2, 25), recorded_by=office)
    document = _docx(report)
    assert _texts(document)[2] == "示范市人民政府，中共示范县委员会："
    colophon = [[c.text for c in row.cells] for row in document.tables[-1].rows]
    assert colophon == [["抄送：中共示范市委全面依法治市委员会办公室。"], ["示范县人民政府办公室\t2026年2月20日印发"]]


@pytest.mark.django_db
def test_the_signature_and_the_annex_note(composed):
    document = _docx(composed.report)
    paragraphs = document.paragraphs
    texts = _texts(document)
    note = texts.index("附件：2025年法治政府建设主要数据")  # §7.3.4, after the text, before the signature
    assert texts[note - 1] == "" and texts[note + 1:note + 5] == ["", "", "示范县人民政府", "2026年2月20日"]
    issuer, date = paragraphs[note + 3], paragraphs[note + 4]
    assert issuer.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent.pt == 64  # 成文日期右空四字
    assert issuer.paragraph_format.right_indent.pt == 60  # centred over the date, which is ½ character shorter
    assert all(p.paragraph_format.keep_with_next for p in paragraphs[note - 2:note + 4])
    assert not date.paragraph_format.keep_with_next


@pytest.mark.django_db
def test_an_undated_draft_leaves_the_date_blank_and_says_it_is_a_draft(composed):
    report = composed.report
    Report.objects.filter(pk=report.pk).update(dated=None, status=Report.Status.COMMENTS)
    report.refresh_from_db()
    document = _docx(report)
    texts = _texts(document)
    assert texts[1] == "（征求意见稿）" and document.paragraphs[1].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "    年  月  日" in texts and not [t for t in texts if re.search(r"\d{4}年\d{1,2}月\d{1,2}日", t)]
    assert document.tables[-1].rows[-1].cells[0].text == "示范县人民政府办公室\t年  月  日印发"
    assert document.core_properties.content_status == "征求意见稿"
    assert document.core_properties.created.year >= 2026  # the export's time, not the template's 2013


@pytest.mark.django_db
def test_a_dated_report_prints_its_date_and_no_draft_mark(composed):
    texts = _texts(_docx(composed.report))
    assert "2026年2月20日" in texts and not [t for t in texts if "稿）" in t]


# 版头 and 版记 -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_header_is_printed_only_when_asked(composed):
    report = composed.report
    assert "示范县人民政府文件" not in _texts(_docx(report))
    ReportSignoff.objects.create(report=report, user=composed.world.leader, post="县长")
    ReportDelivery.objects.create(report=report, kind=D.UPPER, addressee="示范市人民政府", reference="示政报[2026]03号",
                                  delivered_on=dt.date(2026, 2, 25), recorded_by=composed.world.office)
    document = _docx(report, header=True)
    mark, reference = document.paragraphs[0], document.paragraphs[3]
    assert mark.text == "示范县人民政府文件" and mark.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert mark.runs[0].font.color.rgb == (0xFF, 0, 0)
    assert mark.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert round(mark.paragraph_format.space_before.mm) == 35  # §7.2.4
    # A report goes up: the 发文字号 on the left and the 签发人 on the right of one line (§7.2.5, §7.2.6), its
    # year in 六角括号 and its number without a leading zero.
    assert reference.text == f"\t示政报〔2026〕3号\t签发人：{composed.world.leader}"
    assert reference.runs[-1]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    rule = reference._p.pPr.find(f"{W}pBdr/{W}bottom")
    assert (rule.get(f"{W}val"), rule.get(f"{W}color")) == ("single", "FF0000")  # §7.2.7
    assert document.paragraphs[6].text.replace("\n", "") == TITLE  # 红色分隔线下空二行


@pytest.mark.django_db
def test_a_joint_reports_header_stacks_its_issuers_beside_one_wenjian(composed):
    report = composed.report
    Report.objects.filter(pk=report.pk).update(body_kind=Report.BodyKind.JOINT, issuer="中共示范县委 示范县人民政府")
    report.refresh_from_db()
    document = _docx(report, header=True)
    (table, *_) = document.tables
    names, word = table.rows[0].cells
    # §7.2.4: the leading issuer first, each on a line of its own spread to the same width; 文件 on their right,
    # centred on them; all red 小标宋 of one size.
    assert [p.text for p in names.paragraphs] == ["中共示范县委", "示范县人民政府"]
    assert {p.alignment for p in names.paragraphs} == {WD_ALIGN_PARAGRAPH.DISTRIBUTE}
    assert word.text == "文件" and word.vertical_alignment == WD_CELL_VERTICAL_ALIGNMENT.CENTER
    runs = [r for cell in (names, word) for p in cell.paragraphs for r in p.runs]
    assert {(r.font.color.rgb, r.font.size, r._r.rPr.rFonts.get(qn("w:eastAsia"))) for r in runs} == {
        ((0xFF, 0, 0), runs[0].font.size, "方正小标宋简体")}
    assert names.width + word.width <= TEXT_WIDTH * 635  # within the 版心 (twips to EMU)
    assert "示范县人民政府文件" not in _texts(document)
    assert round(document.paragraphs[0].paragraph_format.line_spacing.mm) == 35  # the mark 35 mm down


@pytest.mark.django_db
def test_the_command_prints_the_header_when_asked(composed, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "filed.docx"
    call_command("report", "export", "--agency", "sfx-gov", "--year", "2025", "--format", "docx", "--header",
                 "-o", str(path), stdout=io.StringIO())
    assert Document(str(path)).paragraphs[0].text == "示范县人民政府文件"


@pytest.mark.django_db
def test_the_colophon_is_last_between_its_lines(composed):
    document = _docx(composed.report)
    body = document.element.body
    assert body[-2].tag == f"{W}tbl"  # the last element before the section's properties
    table = document.tables[-1]
    assert [[c.text for c in row.cells] for row in table.rows] == [["示范县人民政府办公室\t2026年2月20日印发"]]
    borders = table._tbl.tblPr.find(f"{W}tblBorders")
    sizes = {side: borders.find(f"{W}{side}").get(f"{W}sz") for side in ("top", "insideH", "bottom")}
    assert sizes == {"top": "8", "insideH": "6", "bottom": "8"}  # 0.35 mm, 0.25 mm, 0.35 mm (§7.4.1)
    assert borders.find(f"{W}left").get(f"{W}val") == "nil"
    assert table._tbl.tblPr.find(f"{W}tblW").get(f"{W}w") == str(TEXT_WIDTH)  # as wide as the 版心
    run = table.rows[0].cells[0].paragraphs[0].runs[0]
    assert run.font.size.pt == 14 and run._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


# The annex ---------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_annex_table_is_in_gongwen_style(composed):
    document = _docx(composed.report)
    texts = _texts(document)
    label = document.paragraphs[texts.index("附件")]
    assert label.paragraph_format.page_break_before and label.paragraph_format.first_line_indent.pt == 0
    assert label.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体" and label.runs[0].font.size.pt == 16
    table = document.tables[0]
    header = table.rows[0]
    assert [c.text for c in header.cells] == ["指标", "单位", "上年", "本年", "增减", "来源"]
    assert header._tr.trPr.find(f"{W}tblHeader") is not None  # repeated on every page
    assert header.cells[0].paragraphs[0].runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    row = next(r for r in table.rows[1:] if r.cells[0].text == "行政复议纠错率")
    cells = [c.paragraphs[0] for c in row.cells]
    assert [p.alignment for p in cells[2:5]] == [WD_ALIGN_PARAGRAPH.RIGHT] * 3  # the figures
    assert all(p.style.name == "Table Text" and p.runs[0].font.size.pt == 12 for p in cells)
    assert cells[0].runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    widths = [round(c.width.mm) for c in table.columns]
    assert sum(widths) == 156 and widths[0] > widths[2]
    # A figure of six digits, the unit 人次 and a change of "-1.2个百分点" each fit their cell on one line
    # (小四 is 12 pt = 4.23 mm; Word's cells keep 1.9 mm each side).
    for column, longest in ((1, "人次"), (2, "216113"), (3, "216113"), (4, "-1.2个百分点")):
        assert text_width(longest) * 12 * 25.4 / 72 + 2 * 1.9 <= widths[column], (column, widths[column])


# Charts ------------------------------------------------------------------------------------------------------------


C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def _charts(document) -> list[tuple[object, etree._Element]]:
    """Each native chart of the body, in order: (its wp:inline, its chart part's XML)."""
    found = []
    for inline in document.element.body.iter(f"{WP}inline"):
        ref = inline.find(f".//{C}chart")
        if ref is not None:
            part = document.part.related_parts[ref.get(qn("r:id"))]
            found.append((inline, etree.fromstring(part.blob)))
    return found


@pytest.mark.django_db
def test_the_charts_are_native_word_charts_after_the_annex_table(composed):
    content = export_report(composed.report, "docx").content
    document = Document(io.BytesIO(content))
    body = list(document.element.body)
    holders = [i for i, element in enumerate(body) if element.findall(f".//{W}drawing")]
    annex_table, colophon = body.index(document.tables[0]._tbl), body.index(document.tables[-1]._tbl)
    assert holders and annex_table < min(holders) and max(holders) < colophon  # none in part 1
    charts = _charts(document)
    # The year on year: a small chart a figure (each to its own scale), last year grey, this year red, the
    # figures as printed on the bars; then the townships, one horizontal chart, the largest first.
    *panels, townships = charts
    assert 1 < len(panels) <= 8
    for inline, chart in panels:
        assert chart.find(f".//{C}barDir").get("val") == "col"
        fills = [f.get("val") for f in chart.iterfind(f".//{C}dPt//{A}srgbClr")]
        assert fills == ["B8B8B8", "B5261E"]
        assert re.match(r".+：2024年[\d.]+，2025年[\d.]+$", inline.find(f"{WP}docPr").get("descr"))
    inline, chart = townships
    assert chart.find(f".//{C}barDir").get("val") == "bar"
    assert inline.find(f"{WP}docPr").get("descr").startswith("条形图，")
    names = [v.text for v in chart.find(f".//{C}cat").iter(f"{C}v")]
    values = [float(v.text) for v in chart.find(f".//{C}val").iter(f"{C}v")]
    assert values == sorted(values, reverse=True) and len(names) == len(values) > 1
    # Each chart's figures in an embedded workbook, so that Word's "Edit data" opens them; no pictures.
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        assert sum(n.startswith("word/embeddings/") and n.endswith(".xlsx") for n in zf.namelist()) == len(charts)
        assert not [n for n in zf.namelist() if n.startswith("word/media/")]
    # Each caption under its chart, its figure number first; the year-on-year table's own description.
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption" and p.text.startswith("图")]
    assert [c[:2] for c in captions] == ["图1", "图2"]
    assert body[holders[0]].find(f".//{W}tblDescription").get(qn("w:val")).startswith("柱状图，")


@pytest.mark.django_db
def test_a_long_caption_breaks_between_its_parts_and_a_tall_chart_fits_the_page(composed):
    from fazhi.reports.export.charts import draw, township_data
    from fazhi.reports.export.document import Block, build_document
    from fazhi.reports.export.docx import render_docx
    from fazhi.reports.figures import MetricInfo
    from fazhi.reports.tests.test_pdf_layout import LONG_LABEL

    doc = build_document(composed.report, charts=False)
    info = MetricInfo(code="x", label=LONG_LABEL.removesuffix("（次）"), unit="次", topic="t", sentence="",
                      is_rate=False)
    chart = draw(township_data(2, info, [(f"第{n}镇", Decimal(n)) for n in range(1, 31)]))
    doc.blocks.append(Block("chart", chart.caption, chart=chart))
    document = Document(io.BytesIO(render_docx(doc)))
    caption = next(p for p in document.paragraphs if p.text.startswith("图2"))
    assert caption.text == f"图2 各乡镇（街道）\n{LONG_LABEL}"  # one w:br, between the parts
    ((inline, _),) = _charts(document)
    assert round(int(inline.find(f"{WP}extent").get("cy")) / 36000) <= 190  # thirty townships on one page


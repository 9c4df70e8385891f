"""Native Word charts (``wordchart.add_bar_chart``): the parts Word needs to open, restyle and "Edit data"
a chart, checked in the saved package, and LibreOffice drawing the chart from them where it is installed."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Mm
from lxml import etree

from fazhi.reports.export.wordchart import BarSeries, add_bar_chart

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
METRICS = ["收案数", "结案数", "调解成功"]
YEARS = [
    BarSeries("2024年", [1234, 980, 56.5], "B8B8B8", labels=["1,234", "980", "56.5%"]),
    BarSeries("2025年", [1502, 1101, 61.25], "B5261E", labels=["1,502", "1,101", "61.3%"]),
]
TOWNSHIPS = ["城关镇", "东坝镇", "西河乡", "南山镇", "北塘乡", "青石镇", "白沙乡", "龙泉镇", "桃源乡", "柳林镇",
             "石门乡", "云台镇"]
CASES = [512, 430, 388, 301, 277, 250, 199, 180, 151, 120, 99, 42]
HIGHLIGHT = ["B5261E"] + ["B8B8B8"] * 11
TOWNSHIP_DESCR = "各乡镇受理案件数：城关镇最多，512件"


def _docx() -> bytes:
    document = Document()
    document.add_paragraph().add_run().add_picture(io.BytesIO(PNG), width=Mm(5))  # a docPr id already in use
    add_bar_chart(document.add_paragraph().add_run(), categories=METRICS, series=YEARS, title="主要指标同比",
                  width_mm=150, height_mm=80, description="主要指标 2024年与2025年")
    add_bar_chart(document.add_paragraph().add_run(), categories=TOWNSHIPS,
                  series=[BarSeries("受理案件数", CASES, "B8B8B8", point_colours=HIGHLIGHT)],
                  horizontal=True, width_mm=150, height_mm=120, description=TOWNSHIP_DESCR, font="宋体",
                  font_size_pt=10.5)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return _docx()


@pytest.fixture(scope="module")
def charts(docx_bytes):
    """The document reopened: each chart in the body's order as (docPr, chart XML, chart part)."""
    document = Document(io.BytesIO(docx_bytes))
    found = []
    for inline in etree.fromstring(document.part.blob).iter(f"{{{NS['wp']}}}inline"):
        rids = inline.xpath(".//c:chart/@r:id", namespaces=NS)
        if rids:
            part = document.part.related_parts[rids[0]]
            found.append((inline.find("wp:docPr", NS), etree.fromstring(part.blob), part))
    return found


def _texts(node, path: str) -> list[str]:
    return list(node.xpath(path, namespaces=NS))


def _val(node, path: str) -> str:
    (value,) = node.xpath(path + "/@val", namespaces=NS)
    return value


def _cells(book, formula: str) -> list:
    """The values in the cells a chart formula names, e.g. Sheet1!$B$2:$B$4."""
    sheet, cells = formula.split("!")
    assert sheet.strip("'") == "Sheet1"
    found = book[sheet.strip("'")][cells.replace("$", "")]
    return [c.value for row in found for c in row] if ":" in cells else [found.value]


def test_parts_and_relationships(docx_bytes, charts):
    document = Document(io.BytesIO(docx_bytes))
    chart_rels = [rel for rel in document.part.rels.values() if rel.reltype == RT.CHART]
    assert len(chart_rels) == 2 == len(charts)
    names = sorted(str(rel.target_part.partname) for rel in chart_rels)
    assert names == ["/word/charts/chart1.xml", "/word/charts/chart2.xml"]
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        types = etree.fromstring(archive.read("[Content_Types].xml"))
        books = sorted(n for n in archive.namelist() if n.startswith("word/embeddings/"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iterfind("ct:Override", NS)}
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iterfind("ct:Default", NS)}
    assert all(overrides[name] == CT.DML_CHART for name in names)
    assert books == [f"word/embeddings/Microsoft_Excel_Worksheet{n}.xlsx" for n in (1, 2)]
    assert all(overrides.get("/" + b, defaults.get("xlsx")) == CT.SML_SHEET for b in books)
    for _, xml, part in charts:
        (rid,) = xml.xpath("c:externalData/@r:id", namespaces=NS)
        assert part.rels[rid].reltype == RT.PACKAGE
        assert part.rels[rid].target_part.content_type == CT.SML_SHEET
        assert _val(xml, "c:externalData/c:autoUpdate") == "0"
    ids = [int(i) for i in etree.fromstring(document.part.blob).xpath("//wp:docPr/@id", namespaces=NS)]
    assert len(ids) == 3 == len(set(ids))


def test_vertical_chart_with_two_series_and_printed_labels(charts):
    docpr, xml, _ = charts[0]
    assert docpr.get("descr") == "主要指标 2024年与2025年"
    assert docpr.get("name")
    assert _val(xml, "c:date1904") == "0" and _val(xml, "c:lang") == "zh-CN" and _val(xml, "c:roundedCorners") == "0"
    chart = xml.find("c:chart", NS)
    assert "".join(_texts(chart, "c:title//a:t/text()")) == "主要指标同比"
    assert _val(chart, "c:autoTitleDeleted") == "0"
    bar = chart.find("c:plotArea/c:barChart", NS)
    assert _val(bar, "c:barDir") == "col" and _val(bar, "c:grouping") == "clustered"
    assert _val(bar, "c:varyColors") == "0"
    sers = bar.findall("c:ser", NS)
    assert [_texts(s, "c:tx//c:v/text()") for s in sers] == [["2024年"], ["2025年"]]
    assert [_val(s, "c:spPr/a:solidFill/a:srgbClr") for s in sers] == ["B8B8B8", "B5261E"]
    for ser, expected in zip(sers, YEARS, strict=True):
        assert _texts(ser, "c:cat//c:pt/c:v/text()") == METRICS
        assert [float(v) for v in _texts(ser, "c:val//c:pt/c:v/text()")] == expected.values
        assert _texts(ser, "c:dLbls/c:dLbl/c:tx//a:t/text()") == expected.labels
        assert _texts(ser, "c:dLbls/c:dLbl/c:idx/@val") == ["0", "1", "2"]
        assert _val(ser, "c:dLbls/c:showVal") == "1"
    assert _val(chart, "c:legend/c:legendPos") == "b"
    assert _val(chart, "c:plotVisOnly") == "1" and _val(chart, "c:dispBlanksAs") == "gap"
    assert xml.xpath("c:spPr/a:ln/a:noFill", namespaces=NS)  # no border round the chart


def test_horizontal_chart_reads_top_down_with_the_value_axis_hidden(charts):
    docpr, xml, _ = charts[1]
    assert docpr.get("descr") == TOWNSHIP_DESCR
    chart = xml.find("c:chart", NS)
    assert chart.find("c:title", NS) is None and _val(chart, "c:autoTitleDeleted") == "1"
    assert chart.find("c:legend", NS) is None  # one series: no legend
    area = chart.find("c:plotArea", NS)
    assert _val(area, "c:barChart/c:barDir") == "bar"
    (ser,) = area.findall("c:barChart/c:ser", NS)
    assert _texts(ser, "c:cat//c:pt/c:v/text()") == TOWNSHIPS
    assert [float(v) for v in _texts(ser, "c:val//c:pt/c:v/text()")] == CASES
    assert [_val(p, "c:spPr/a:solidFill/a:srgbClr") for p in ser.findall("c:dPt", NS)] == HIGHLIGHT
    assert not ser.findall("c:dLbls/c:dLbl", NS) and _val(ser, "c:dLbls/c:showVal") == "1"
    assert _val(area, "c:catAx/c:scaling/c:orientation") == "maxMin"
    assert _val(area, "c:catAx/c:majorTickMark") == "none"
    assert _val(area, "c:valAx/c:delete") == "1" and _val(area, "c:valAx/c:scaling/c:min") == "0"
    assert _val(area, "c:valAx/c:crosses") == "max"
    assert area.find("c:valAx/c:majorGridlines", NS) is None
    axis_ids = _texts(area, "c:barChart/c:axId/@val")
    assert axis_ids == [_val(area, "c:catAx/c:axId"), _val(area, "c:valAx/c:axId")]
    assert _texts(area, "c:catAx/c:txPr//a:defRPr/@sz") == ["1050"]
    assert _texts(area, "c:catAx/c:txPr//a:latin/@typeface") == _texts(area, "c:catAx/c:txPr//a:ea/@typeface") == [
        "宋体"]


def test_embedded_workbook_holds_what_the_formulas_name(charts):
    for _, xml, part in charts:
        (rid,) = xml.xpath("c:externalData/@r:id", namespaces=NS)
        book = openpyxl.load_workbook(io.BytesIO(part.rels[rid].target_part.blob))
        assert book.sheetnames == ["Sheet1"] and book["Sheet1"]["A1"].value is None
        for ser in xml.iterfind(".//c:ser", NS):
            (name_ref,) = _texts(ser, "c:tx/c:strRef/c:f/text()")
            (cat_ref,) = _texts(ser, "c:cat/c:strRef/c:f/text()")
            (val_ref,) = _texts(ser, "c:val/c:numRef/c:f/text()")
            assert re.fullmatch(r"Sheet1!\$[A-Z]+\$1", name_ref) and cat_ref.startswith("Sheet1!$A$2:$A$")
            assert _cells(book, name_ref) == _texts(ser, "c:tx//c:v/text()")
            assert _cells(book, cat_ref) == _texts(ser, "c:cat//c:v/text()")
            assert _cells(book, val_ref) == [float(v) for v in _texts(ser, "c:val//c:v/text()")]


def test_a_reopened_document_takes_another_chart(docx_bytes):
    """Parts read back from a file count too: the next chart gets new part names and a new docPr id."""
    document = Document(io.BytesIO(docx_bytes))
    add_bar_chart(document.add_paragraph().add_run(), categories=["a"], series=[BarSeries("x", [1], "#b5261e")],
                  width_mm=50, height_mm=30)
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        body = etree.fromstring(archive.read("word/document.xml"))
        chart = etree.fromstring(archive.read("word/charts/chart3.xml"))
    assert "word/embeddings/Microsoft_Excel_Worksheet3.xlsx" in names
    ids = body.xpath("//wp:docPr/@id", namespaces=NS)
    assert len(ids) == 4 == len(set(ids))
    assert chart.xpath("//c:ser/c:spPr//a:srgbClr/@val", namespaces=NS) == ["B5261E"]


def test_lengths_and_colours_are_checked():
    run = Document().add_paragraph().add_run()
    with pytest.raises(ValueError, match="2 items for 3 categories"):
        add_bar_chart(run, categories=METRICS, series=[BarSeries("x", [1, 2], "B5261E")], width_mm=50, height_mm=30)
    with pytest.raises(ValueError, match="hex colour"):
        add_bar_chart(run, categories=["a"], series=[BarSeries("x", [1], "red")], width_mm=50, height_mm=30)


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="needs LibreOffice (soffice) and poppler-utils (pdftotext)")
def test_libreoffice_draws_the_charts(docx_bytes, tmp_path):
    """LibreOffice reads the chart parts and prints the categories and the labels as given, the first township
    on top of the horizontal chart."""
    source = tmp_path / "charts.docx"
    source.write_bytes(docx_bytes)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "charts.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", "", text)
    for word in [*METRICS, *TOWNSHIPS, *YEARS[0].labels, *YEARS[1].labels, "主要指标同比", "2024年", "2025年", "512"]:
        assert word in flat, word
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]+)</word>', boxes)
    tops = {word: float(y) for y, word in words}
    assert tops["城关镇"] < tops["东坝镇"] < tops["云台镇"]

"""Native Word bar charts for python-docx: a DrawingML chart part, with its figures in an embedded workbook.

A chart drawn as a picture is final; a native chart is one a clerk can restyle in Word or WPS and whose figures
"Edit data" opens. python-docx has no chart API, so ``add_bar_chart`` writes the OPC parts itself:

- ``/word/charts/chartN.xml``, related (``RT.CHART``) from the part holding the run (the document, or a header),
  and shown inline in the run as ``w:drawing/wp:inline`` whose ``wp:docPr`` carries the alt text;
- ``/word/embeddings/Microsoft_Excel_WorksheetN.xlsx``, related (``RT.PACKAGE``) from the chart, holding Sheet1:
  the series' names in row 1 from B, the categories in column A from row 2, the values beside them. The chart's
  formulas name these cells and its caches repeat them, so the chart draws without opening the workbook.

The workbook is written with ``zipfile`` and strings: importing openpyxl would cost the export command its start.
Labels given as printed (``BarSeries.labels``) go into per-point ``c:dLbl`` rich text, which Word and LibreOffice
show as they are; without them the labels show the values. The interface is the one asked for; a colour may
also be given with a leading ``#``.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, nsmap, qn
from docx.shared import Mm
from lxml import etree

SHEET = "Sheet1"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
CAT_AX, VAL_AX = 111111111, 222222222  # axis ids: only need to be unique within the chart
AXIS_LINE = "BFBFBF"
TEXT_COLOUR = "000000"
_DOCPR_IDS = etree.XPath("//wp:docPr/@id", namespaces=nsmap)
_RGB = re.compile(r"[0-9A-Fa-f]{6}")
_SHOW_VALUE = (
    '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
    '<c:showPercent val="0"/><c:showBubbleSize val="0"/>'
)
_NO_LINE = "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
_SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass(frozen=True)
class BarSeries:
    """One series of bars: its name (the legend's and the workbook's header), values, colour and printed labels."""

    name: str
    values: list[float]
    colour: str  # "B5261E": hex without '#'
    labels: list[str] | None = None  # data labels as printed ("1,234"); the values are shown when None
    point_colours: list[str] | None = None  # a colour per bar (c:dPt), e.g. to pick out one township


def add_bar_chart(run, *, categories: list[str], series: list[BarSeries], horizontal: bool = False,
                  title: str | None = None, width_mm: float, height_mm: float, description: str = "",
                  font: str = "黑体", font_size_pt: float = 9) -> None:
    """Put a clustered bar chart inline in ``run``: columns, or bars with the first category on top."""
    if not categories or not series:
        raise ValueError("a bar chart needs at least one category and one series")
    for s in series:
        for what in (s.values, s.labels, s.point_colours):
            if what is not None and len(what) != len(categories):
                raise ValueError(f"series {s.name!r}: {len(what)} items for {len(categories)} categories")
    story = run.part
    package = story.package
    xml = _chart_xml(categories, series, horizontal, title, font, font_size_pt)
    chart = XmlPart(package.next_partname("/word/charts/chart%d.xml"), CT.DML_CHART, parse_xml(xml), package)
    chart_rid = story.relate_to(chart, RT.CHART)
    book = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"), CT.SML_SHEET,
                _workbook(categories, series), package)
    chart.element.find(qn("c:externalData")).set(qn("r:id"), chart.relate_to(book, RT.PACKAGE))
    # docPr ids must be unique in the whole document, headers included, or Word calls the file damaged.
    shape_id = 1 + max((int(i) for p in package.iter_parts() if isinstance(p, XmlPart)
                        for i in _DOCPR_IDS(p.element) if i.isdigit()), default=0)
    run._r.append(parse_xml(
        f'<w:drawing {nsdecls("w", "wp", "a", "c", "r")}><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{Mm(width_mm)}" cy="{Mm(height_mm)}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Chart {shape_id}" descr="{_attr(description)}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{CHART_URI}"><c:chart r:id="{chart_rid}"/></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing>"
    ))


def _chart_xml(categories: list[str], series: list[BarSeries], horizontal: bool, title: str | None,
               font: str, size: float) -> str:
    """The chartSpace: one clustered barChart, a category axis in ``font``, the value axis hidden."""
    text = _txpr(font, size)
    heading = f'<c:title><c:tx>{_rich(title, font, size + 1)}</c:tx><c:overlay val="0"/></c:title>' if title else ""
    legend = f'<c:legend><c:legendPos val="b"/><c:overlay val="0"/>{text}</c:legend>' if len(series) > 1 else ""
    bars = "".join(_series(i, s, categories, font, size) for i, s in enumerate(series))
    # Bars read top-down in category order (maxMin); the hidden value axis then crosses at the last category.
    cat_pos, val_pos, order, crosses = ("l", "b", "maxMin", "max") if horizontal else ("b", "l", "minMax", "autoZero")
    return (
        f'<c:chartSpace {nsdecls("c", "a", "r")}><c:date1904 val="0"/><c:lang val="zh-CN"/>'
        f'<c:roundedCorners val="0"/><c:chart>{heading}<c:autoTitleDeleted val="{0 if title else 1}"/>'
        f'<c:plotArea><c:layout/><c:barChart><c:barDir val="{"bar" if horizontal else "col"}"/>'
        f'<c:grouping val="clustered"/><c:varyColors val="0"/>{bars}<c:gapWidth val="60"/>'
        f'<c:overlap val="{-10 if len(series) > 1 else 0}"/><c:axId val="{CAT_AX}"/><c:axId val="{VAL_AX}"/>'
        f'</c:barChart><c:catAx><c:axId val="{CAT_AX}"/><c:scaling><c:orientation val="{order}"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{cat_pos}"/><c:numFmt formatCode="General" sourceLinked="1"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="{AXIS_LINE}"/></a:solidFill></a:ln></c:spPr>'
        f'{text}<c:crossAx val="{VAL_AX}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
        '<c:lblOffset val="100"/><c:tickLblSkip val="1"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="{VAL_AX}"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling>'
        f'<c:delete val="1"/><c:axPos val="{val_pos}"/><c:numFmt formatCode="General" sourceLinked="1"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:crossAx val="{CAT_AX}"/><c:crosses val="{crosses}"/><c:crossBetween val="between"/></c:valAx>'
        f'{_NO_LINE}</c:plotArea>{legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        f'{_NO_LINE}{text}<c:externalData r:id=""><c:autoUpdate val="0"/></c:externalData></c:chartSpace>'
    )


def _series(i: int, s: BarSeries, categories: list[str], font: str, size: float) -> str:
    """One c:ser: its name, fills and labels, and the formulas naming its cells in Sheet1 with their caches."""
    n, column = len(categories), _column(i + 1)
    points = "".join(
        f'<c:dPt><c:idx val="{k}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/>{_fill(c)}</c:dPt>'
        for k, c in enumerate(s.point_colours or ())
    )
    labels = "".join(
        f'<c:dLbl><c:idx val="{k}"/><c:tx>{_rich(label, font, size)}</c:tx><c:dLblPos val="outEnd"/>{_SHOW_VALUE}'
        "</c:dLbl>"
        for k, label in enumerate(s.labels or ())
    )
    values = "".join(f'<c:pt idx="{k}"><c:v>{_number(v)}</c:v></c:pt>' for k, v in enumerate(s.values))
    return (
        f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/>'
        f"<c:tx><c:strRef><c:f>{_ref(column, 1)}</c:f>{_strings([s.name])}</c:strRef></c:tx>"
        f'{_fill(s.colour)}<c:invertIfNegative val="0"/>{points}<c:dLbls>{labels}'
        f'<c:numFmt formatCode="General" sourceLinked="0"/>{_NO_LINE}{_txpr(font, size)}<c:dLblPos val="outEnd"/>'
        f"{_SHOW_VALUE}</c:dLbls><c:cat><c:strRef><c:f>{_ref('A', 2, n + 1)}</c:f>{_strings(categories)}"
        f"</c:strRef></c:cat><c:val><c:numRef><c:f>{_ref(column, 2, n + 1)}</c:f><c:numCache>"
        f'<c:formatCode>General</c:formatCode><c:ptCount val="{n}"/>{values}</c:numCache></c:numRef></c:val></c:ser>'
    )


def _workbook(categories: list[str], series: list[BarSeries]) -> bytes:
    """The smallest xlsx Excel opens for "Edit data": Sheet1 with inline strings, and a default style."""
    rows = [[None, *(s.name for s in series)]] + [[c, *(s.values[k] for s in series)] for k, c in enumerate(categories)]
    cells = "".join(
        f'<row r="{r}">' + "".join(_cell(f"{_column(c)}{r}", v) for c, v in enumerate(row) if v is not None) + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    decl = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    files = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/></Types>',
        "_rels/.rels": _rels(("officeDocument", "xl/workbook.xml")),
        "xl/workbook.xml": f'<workbook xmlns="{_SML}" xmlns:r="{_DOC_RELS}"><sheets>'
        f'<sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": _rels(("worksheet", "worksheets/sheet1.xml"), ("styles", "styles.xml")),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_SML}"><sheetData>{cells}</sheetData></worksheet>',
        "xl/styles.xml": f'<styleSheet xmlns="{_SML}"><fonts count="1"><font><sz val="11"/><name val="宋体"/>'
        '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
        'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/>'
        '<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
        'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
        'xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in files.items():
            archive.writestr(name, decl + xml)
    return out.getvalue()


def _rels(*targets: tuple[str, str]) -> str:
    return f'<Relationships xmlns="{_PKG_RELS}">' + "".join(
        f'<Relationship Id="rId{i}" Type="{_DOC_RELS}/{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(targets, start=1)
    ) + "</Relationships>"


def _cell(ref: str, value: str | float) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
    return f'<c r="{ref}"><v>{_number(value)}</v></c>'


def _ref(column: str, first: int, last: int | None = None) -> str:
    """An absolute reference into Sheet1, the sheet's name quoted where a formula needs it."""
    sheet = SHEET if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", SHEET) else "'" + SHEET.replace("'", "''") + "'"
    return f"{sheet}!${column}${first}" + (f":${column}${last}" if last is not None else "")


def _column(index: int) -> str:
    """A spreadsheet column's letters from its 0-based index: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _strings(texts: list[str]) -> str:
    points = "".join(f'<c:pt idx="{k}"><c:v>{escape(t)}</c:v></c:pt>' for k, t in enumerate(texts))
    return f'<c:strCache><c:ptCount val="{len(texts)}"/>{points}</c:strCache>'


def _number(value: float) -> str:
    return format(float(value), ".15g")


def _rgb(colour: str) -> str:
    colour = colour.lstrip("#")
    if not _RGB.fullmatch(colour):
        raise ValueError(f"not a hex colour: {colour!r}")
    return colour.upper()


def _fill(colour: str) -> str:
    return f'<c:spPr><a:solidFill><a:srgbClr val="{_rgb(colour)}"/></a:solidFill></c:spPr>'


def _run_props(tag: str, font: str, size: float) -> str:
    """Character properties naming ``font`` for Latin and East Asian text alike: Word picks by script."""
    return (
        f'<a:{tag} lang="zh-CN" sz="{round(size * 100)}" b="0"><a:solidFill><a:srgbClr val="{TEXT_COLOUR}"/>'
        f'</a:solidFill><a:latin typeface="{_attr(font)}"/><a:ea typeface="{_attr(font)}"/></a:{tag}>'
    )


def _txpr(font: str, size: float) -> str:
    return (
        f"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>{_run_props('defRPr', font, size)}</a:pPr>"
        '<a:endParaRPr lang="zh-CN"/></a:p></c:txPr>'
    )


def _rich(text: str, font: str, size: float) -> str:
    return (
        f"<c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>{_run_props('defRPr', font, size)}</a:pPr>"
        f"<a:r>{_run_props('rPr', font, size)}<a:t>{escape(text)}</a:t></a:r></a:p></c:rich>"
    )


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})

"""Charts of a report where they help: the main figures year on year, and a county's townships side by side.

Each chart is one description (``ChartData``: its caption, its text alternative and the figures behind it)
drawn three ways, none of which needs a drawing library: as SVG for the web page, the HTML and the PDF
(WeasyPrint draws the SVG's text in the document's fonts), and as native Word charts in the DOCX
(``docx.py`` with ``wordchart.py``), which a clerk can restyle and whose figures Word's "Edit data" opens.
Drawing SVG is string formatting: an export with changed figures costs nothing more than one without.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from fazhi.reports.figures import MetricInfo

MAX_YEAR_ON_YEAR = 8  # panels of the year-on-year chart
MAX_TOWNSHIPS = 30

PREVIOUS_COLOUR = "#b8b8b8"
CURRENT_COLOUR = "#b5261e"
#: The families a chart's text is drawn in: 黑体 where installed, else the free sans the PDF uses (unquoted:
#: WeasyPrint reads a quoted family in SVG as no family at all).
FONT_FAMILY = "黑体, SimHei, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
#: 四号 (14 pt) characters on a line of the 版心 (156 mm = 442 pt): a printed caption's longest line.
CAPTION_CHARS = 31
#: The tallest a chart is printed, in mm: with its caption it keeps to one page of the 225 mm 版心.
MAX_HEIGHT_MM = 190
_BRACKETED = re.compile(r"（[^（）]*）")
_BRACKETED_END = re.compile(r"(?=（[^（）]*）$)")  # before a label's closing （unit）


@dataclass(frozen=True)
class ChartData:
    """What a chart shows, as words and as a table: its text alternative and the figures behind the bars."""

    kind: str  # "year_on_year" or "township"
    caption: str
    description: str  # the text alternative: what is compared, with every figure
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # the first cell names the row; the others are figures as printed
    values: tuple[tuple[float, ...], ...] = ()  # the figures of each row, for drawing
    caption_parts: tuple[str, ...] = ()  # pieces a printed caption breaks between (caption_lines)

    def panel_titles(self) -> list[str]:
        """Each row's name as a small panel's title: lines of at most 9 characters, never 文件（件 / ）."""
        return ["\n".join(caption_lines(_BRACKETED_END.split(row[0]), 9)) for row in self.rows]


@dataclass(frozen=True)
class Chart:
    data: ChartData
    svg: str
    width: float  # the SVG's own units (its viewBox), for its proportions
    height: float
    width_mm: float = 150

    @property
    def caption(self) -> str:
        return self.data.caption

    @property
    def description(self) -> str:
        return self.data.description

    def caption_lines(self, chars: int = CAPTION_CHARS) -> list[str]:
        """The caption as printed: one line, or lines broken only between its parts (see ``caption_lines``)."""
        return caption_lines(self.data.caption_parts or (self.caption,), chars)

    def size_mm(self, max_height: float = MAX_HEIGHT_MM) -> tuple[float, float]:
        """The printed width and height: ``width_mm`` wide, narrower when that would be taller than ``max_height``
        (thirty townships' bars are), the picture's proportions kept."""
        width = self.width_mm
        height = width * self.height / self.width
        if height > max_height:
            width, height = width * max_height / height, max_height
        return round(width, 1), round(height, 1)

    def printed_svg(self) -> str:
        """The SVG sized for paper (``size_mm``), its own units kept for its drawing."""
        width, height = self.size_mm()
        return self.svg.replace(f'width="{self.width:g}" height="{self.height:g}"',
                                f'width="{width:g}mm" height="{height:g}mm"', 1)


def main_metrics(infos: dict[str, MetricInfo], current: dict, previous: dict) -> list[MetricInfo]:
    """Return the main figure of each topic: its first count with a value this year and last year."""
    chosen: dict[str, MetricInfo] = {}
    for info in infos.values():
        if info.topic in chosen or info.is_rate:
            continue
        if current.get(info.code) is not None and previous.get(info.code) is not None:
            chosen[info.topic] = info
    return list(chosen.values())[:MAX_YEAR_ON_YEAR]


def year_on_year_data(year: int, metrics: list[MetricInfo], current: dict, previous: dict) -> ChartData | None:
    """Return the main figures, last year beside this year; None without data."""
    if not metrics:
        return None
    rows, values, phrases = [], [], []
    for info in metrics:
        pair = (float(previous[info.code] or 0), float(current[info.code] or 0))
        rows.append((f"{info.label}（{info.unit}）", _number(pair[0]), _number(pair[1])))
        values.append(pair)
        phrases.append(_change(info, *pair))
    caption = f"图1 主要指标与{year - 1}年对比"
    description = f"柱状图，{year}年与{year - 1}年主要指标对比：{'；'.join(phrases)}。"
    return ChartData("year_on_year", caption, description, ("指标", f"{year - 1}年", f"{year}年"),
                     tuple(rows), tuple(values), caption_parts=(caption,))


def township_data(number: int, info: MetricInfo, rows: list[tuple[str, Decimal]]) -> ChartData | None:
    """Return one figure for each township, largest first; None with fewer than two."""
    if len(rows) < 2:
        return None
    rows = rows[:MAX_TOWNSHIPS]
    label = f"{info.label}（{info.unit}）"
    listed = "，".join(f"{name}{_number(float(value))}" for name, value in rows)
    description = (f"条形图，各乡镇（街道）{label}，从多到少：{listed}。"
                   f"最多的是{rows[0][0]}，最少的是{rows[-1][0]}。")
    parts = (f"图{number} 各乡镇（街道）", label)  # a long one breaks after 各乡镇（街道）
    return ChartData("township", "".join(parts), description, ("乡镇（街道）", label),
                     tuple((name, _number(float(value))) for name, value in rows),
                     tuple((float(value),) for _, value in rows), caption_parts=parts)


def caption_width(text: str) -> float:
    """The width of ``text`` in characters of its size: 1 for a Chinese character or mark, ½ for a digit."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def caption_lines(parts: tuple[str, ...] | list[str], chars: int = CAPTION_CHARS) -> list[str]:
    """Put a caption's parts on lines of at most ``chars`` characters, breaking only between parts.

    A caption that fits is one line. A part longer than a line on its own is cut between characters, never
    inside brackets: 各乡镇（街道）… never ends a line at 各乡镇（街 (a caption wraps at a boundary chosen here, not
    wherever the printing program would).
    """
    lines: list[str] = []
    for piece in (piece for part in parts for piece in _pieces(part, chars)):
        if lines and caption_width(lines[-1] + piece) <= chars:
            lines[-1] += piece
        else:
            lines.append(piece)
    return [line.strip() for line in lines]


def _pieces(part: str, chars: int) -> list[str]:
    """A part as it may be cut: whole if it fits a line, else in runs of characters and whole （…） groups."""
    if caption_width(part) <= chars:
        return [part]
    units, at = [], 0
    for group in _BRACKETED.finditer(part):
        units += list(part[at:group.start()]) + [group.group()]
        at = group.end()
    units += list(part[at:])
    pieces = [""]
    for unit in units:
        if pieces[-1] and caption_width(pieces[-1] + unit) > chars:
            pieces.append("")
        pieces[-1] += unit
    return pieces


def _change(info: MetricInfo, before: float, after: float) -> str:
    if before == after:
        return f"{info.label}与上年持平，均为{_number(after)}{info.unit}"
    verb = "增至" if after > before else "降至"
    return f"{info.label}由{_number(before)}{info.unit}{verb}{_number(after)}{info.unit}"


def svg_text(x: float, y: float, text: str, size: float, anchor: str = "middle", fill: str = "#000") -> str:
    return (f'<text x="{x:g}" y="{y:g}" font-size="{size:g}" text-anchor="{anchor}" fill="{fill}">'
            f"{escape(text)}</text>")


def svg_document(width: float, height: float, parts: list[str], description: str) -> str:
    """An SVG document of ``width`` × ``height`` units that scales to the box it is printed in."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" width="{width:g}" '
            f'height="{height:g}" role="img" font-family="{FONT_FAMILY}">'
            f"<title>{escape(description)}</title>{''.join(parts)}</svg>")


# The year-on-year panels, in the SVG's units (about a point each at 150 mm wide with four panels a row).
PANEL_WIDTH, PANEL_HEIGHT, TITLE_SIZE, LABEL_SIZE, BAR_WIDTH, BAR_HEIGHT = 150, 175, 13, 12, 38, 80


def draw_year_on_year(data: ChartData) -> Chart:
    """Return small bar charts, one panel per figure, last year in grey beside this year in red."""
    columns = min(4, len(data.rows))
    rows = (len(data.rows) + columns - 1) // columns
    parts = []
    for index, (title, row, values) in enumerate(zip(data.panel_titles(), data.rows, data.values, strict=True)):
        left, top = index % columns * PANEL_WIDTH, index // columns * PANEL_HEIGHT
        for number, line in enumerate(title.splitlines()):
            parts.append(svg_text(left + PANEL_WIDTH / 2, top + 16 + number * 16, line, TITLE_SIZE))
        base = top + 145
        top_value = max(values) or 1
        for slot, (value, label, year, colour) in enumerate(
                zip(values, row[1:], data.columns[1:], (PREVIOUS_COLOUR, CURRENT_COLOUR), strict=True)):
            centre = left + PANEL_WIDTH / 2 + (slot * 2 - 1) * 30
            height = BAR_HEIGHT * value / top_value
            parts.append(f'<rect x="{centre - BAR_WIDTH / 2:g}" y="{base - height:.1f}" width="{BAR_WIDTH}" '
                         f'height="{height:.1f}" fill="{colour}"/>')
            parts.append(svg_text(centre, base - height - 4, label, LABEL_SIZE))
            parts.append(svg_text(centre, base + 16, year, LABEL_SIZE, fill="#333"))
        parts.append(f'<line x1="{left + 15:g}" y1="{base:g}" x2="{left + PANEL_WIDTH - 15:g}" y2="{base:g}" '
                     'stroke="#333" stroke-width="1"/>')
    width, height = columns * PANEL_WIDTH, rows * PANEL_HEIGHT
    return Chart(data, svg_document(width, height, parts, data.description), width, height)


ROW_HEIGHT, NAME_SIZE = 24, 13


def draw_township(data: ChartData) -> Chart:
    """Return horizontal bars of one figure for each township, the largest on top."""
    name_width = max(caption_width(row[0]) for row in data.rows) * NAME_SIZE + 12
    label_width = max(caption_width(row[1]) for row in data.rows) * LABEL_SIZE + 10
    width = 600.0
    span = width - name_width - label_width
    top_value = max(value for value, in data.values) or 1
    parts = []
    for index, (row, (value,)) in enumerate(zip(data.rows, data.values, strict=True)):
        y = 8 + index * ROW_HEIGHT
        length = span * value / top_value
        parts.append(svg_text(name_width - 8, y + 12 + NAME_SIZE / 3, row[0], NAME_SIZE, anchor="end"))
        parts.append(f'<rect x="{name_width:g}" y="{y + 3}" width="{length:.1f}" height="{ROW_HEIGHT - 6}" '
                     f'fill="{CURRENT_COLOUR}"/>')
        parts.append(svg_text(name_width + length + 5, y + 12 + LABEL_SIZE / 3, row[1], LABEL_SIZE, anchor="start"))
    height = 16 + len(data.rows) * ROW_HEIGHT
    parts.append(f'<line x1="{name_width:g}" y1="4" x2="{name_width:g}" y2="{height - 4:g}" stroke="#333" '
                 'stroke-width="1"/>')
    return Chart(data, svg_document(width, height, parts, data.description), width, height)


def _number(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


def township_rows(report, info_by_code: dict[str, MetricInfo]) -> tuple[MetricInfo | None, list]:
    """Return the figure most townships of a county report filled, with each township's value.

    Only for a government (or joint) report of a county: a department states its own figures.
    """
    from fazhi.collection.rollup import tree_totals
    from fazhi.org.models import Region

    region = report.agency.region
    if report.body_kind not in ("government", "joint") or region.level != Region.Level.COUNTY:
        return None, []
    totals = tree_totals(report.year, region)
    townships = list(Region.objects.filter(parent=region, level=Region.Level.TOWNSHIP).order_by("code"))
    best, best_count = None, 1
    for info in info_by_code.values():
        if info.is_rate:
            continue
        count = sum(1 for t in townships if totals.get(t.path, {}).get(info.code) is not None)
        if count > best_count:
            best, best_count = info, count
    if best is None:
        return None, []
    rows = [(t.name, totals[t.path][best.code]) for t in townships
            if totals.get(t.path, {}).get(best.code) is not None]
    return best, sorted(rows, key=lambda row: -row[1])


def chart_data(report, infos: dict[str, MetricInfo], current: dict, previous: dict) -> list[ChartData]:
    """Return what the report's charts (at most two) show, without drawing them."""
    found = [year_on_year_data(report.year, main_metrics(infos, current, previous), current, previous)]
    township, rows = township_rows(report, infos)
    if township is not None:
        found.append(township_data(len([d for d in found if d]) + 1, township, rows))
    return [data for data in found if data is not None]


DRAW = {"year_on_year": draw_year_on_year, "township": draw_township}


def draw(data: ChartData) -> Chart:
    """Return the chart of ``data``."""
    return DRAW[data.kind](data)


def charts_for(report, infos: dict[str, MetricInfo], current: dict, previous: dict) -> list[Chart]:
    """Return the report's charts (at most two), drawn from its current figures."""
    return [draw(data) for data in chart_data(report, infos, current, previous)]

"""Charts of a report where they help: the main figures year on year, and a county's townships side by side.

PNG through matplotlib's Agg renderer with the Noto Sans CJK font installed from PyPI, so no system font is
needed. Rendering is the slow part of an export (importing matplotlib alone takes a third of a second), so the
font is set up once per process, the charts of the last few reports are kept in memory for the DOCX and PDF
of the same report, and each PNG drawn is kept on disk under ``FAZHI_VAR_DIR/cache/charts/`` for the next
process (``fazhi report export``, another server worker). A file there is named by a hash of everything the
picture is drawn from: the chart's data, this module's source and the versions of matplotlib, Pillow, NumPy
and the font package, so changed figures or a changed drawing never find an old picture.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import unicodedata
from collections import OrderedDict
from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from fazhi.reports.figures import MetricInfo

MAX_YEAR_ON_YEAR = 8  # panels of the year-on-year chart
MAX_TOWNSHIPS = 30
_CACHE: OrderedDict[tuple, list] = OrderedDict()
_CACHE_SIZE = 8
DISK_CACHE_FILES = 256  # PNGs kept under var/cache/charts/ (tens of kB each); the oldest go first

PREVIOUS_COLOUR = "#b8b8b8"
CURRENT_COLOUR = "#b5261e"
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


@dataclass(frozen=True)
class Chart:
    data: ChartData
    png: bytes
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
        width_px, height_px = struct.unpack(">II", self.png[16:24])  # the PNG's IHDR
        width = self.width_mm
        height = width * height_px / width_px
        if height > max_height:
            width, height = width * max_height / height, max_height
        return round(width, 1), round(height, 1)


@lru_cache(maxsize=1)
def _figure_class():
    """Return matplotlib's ``Figure`` with the CJK font registered (once per process).

    Figures are made without pyplot, whose global state is not safe in a threaded server.
    """
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.figure import Figure
    from noto_cjk_sans_otc import FONT_PATH

    font_manager.fontManager.addfont(FONT_PATH)
    name = font_manager.FontProperties(fname=FONT_PATH).get_name()
    matplotlib.rcParams.update({"font.family": [name], "axes.unicode_minus": False})
    return Figure


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()


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


def draw_year_on_year(data: ChartData) -> Chart:
    """Return small bar charts, one panel per figure, last year in grey beside this year in red."""
    columns = min(4, len(data.rows))
    rows = (len(data.rows) + columns - 1) // columns
    fig = _figure_class()(figsize=(2 * columns, 2.1 * rows))
    axes = fig.subplots(rows, columns, squeeze=False)
    for ax in axes.flat[len(data.rows):]:
        ax.set_visible(False)
    for ax, row, values in zip(axes.flat, data.rows, data.values, strict=False):
        bars = ax.bar(list(data.columns[1:]), values, color=[PREVIOUS_COLOUR, CURRENT_COLOUR], width=0.6)
        ax.bar_label(bars, labels=list(row[1:]), fontsize=8, padding=2)
        ax.set_title("\n".join(caption_lines(_BRACKETED_END.split(row[0]), 9)), fontsize=9)  # never 文件（件 / ）
        ax.set_ylim(0, max(values) * 1.25 or 1)
        ax.set_yticks([])
        ax.tick_params(axis="x", labelsize=8, length=0)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
    fig.tight_layout()
    return Chart(data, _png(fig))


def draw_township(data: ChartData) -> Chart:
    """Return horizontal bars of one figure for each township, the largest on top."""
    names = [row[0] for row in data.rows][::-1]
    values = [value for value, in data.values][::-1]
    fig = _figure_class()(figsize=(6.5, 0.32 * len(names) + 0.8))
    ax = fig.subplots()
    bars = ax.barh(names, values, color=CURRENT_COLOUR, height=0.6)
    ax.bar_label(bars, labels=[row[1] for row in data.rows][::-1], fontsize=8, padding=3)
    ax.set_xlim(0, max(values) * 1.15 or 1)
    ax.set_xticks([])
    ax.tick_params(axis="y", labelsize=9, length=0)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return Chart(data, _png(fig))


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


@lru_cache(maxsize=1)
def _drawing_fingerprint() -> str:
    """Return a hash of what a PNG depends on besides its data: this module and the drawing packages."""
    from importlib import metadata

    digest = hashlib.sha256(Path(__file__).read_bytes())
    for package in ("matplotlib", "pillow", "numpy", "noto-cjk-sans-otc"):
        try:
            digest.update(f"{package}={metadata.version(package)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=?;".encode())
    return digest.hexdigest()


def disk_cache_dir() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "cache" / "charts"


def _disk_path(data: ChartData) -> Path:
    key = hashlib.sha256(f"{_drawing_fingerprint()}\n{data!r}".encode()).hexdigest()
    return disk_cache_dir() / f"{data.kind}-{key}.png"


def _store(path: Path, png: bytes) -> None:
    """Keep a PNG for the next process; a cache that cannot be written is only slower, never an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_bytes(png)
        os.replace(partial, path)  # a reader never sees half a picture
        kept = sorted(path.parent.glob("*.png"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-DISK_CACHE_FILES]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def draw(data: ChartData) -> Chart:
    """Return the chart of ``data``: the PNG kept on disk for the same data and drawing, or a new one."""
    path = _disk_path(data)
    try:
        png = path.read_bytes()
    except OSError:
        png = b""
    if png.startswith(b"\x89PNG\r\n\x1a\n"):
        with suppress(OSError):
            os.utime(path)  # recently used: the last to be pruned
        return Chart(data, png)
    chart = DRAW[data.kind](data)
    _store(path, chart.png)
    return chart


def charts_for(report, infos: dict[str, MetricInfo], current: dict, previous: dict) -> list[Chart]:
    """Return the report's charts (at most two), reusing the ones drawn for the same data."""
    found = chart_data(report, infos, current, previous)
    key = (report.pk, tuple(found))
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    charts = [draw(data) for data in found]
    _CACHE[key] = charts
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return charts

"""Split a report's text into lines and find where the report itself begins and ends inside a saved page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fazhi.analyzer.clutter import is_clutter_line, is_metadata_line

# Leading characters that are not content: spaces of every width, the BOM, list bullets, and the
# font-size switch a saved page glues to the first paragraph ("大 中 小2023年，…").
_LEAD = re.compile(r"^[\s\u3000\xa0\ufeff•·●◆■□▪*|]*(?:(?:字号\s*[:：]?\s*)?大\s*中\s*小\s*)?[\s\u3000\xa0]*")
_TITLE_CORE = re.compile(r"(法治政府|依法行政|法治建设|法治[\u4e00-\u9fff]{0,8})")


@dataclass(frozen=True)
class Line:
    """One line of the text: ``start``/``end`` bound the whole line, ``cstart`` its first content character."""

    index: int
    start: int
    end: int
    cstart: int
    text: str  # the content, from cstart to end

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> list[Line]:
    lines = []
    pos = 0
    for i, raw in enumerate(text.split("\n")):
        end = pos + len(raw)
        lead = _LEAD.match(raw)
        skip = lead.end() if lead else 0
        # Do not eat a heading's own text: the font-size switch is only stripped when prose follows.
        content = raw[skip:].rstrip()
        lines.append(Line(i, pos, end, pos + skip, content))
        pos = end + 1
    return lines


def is_title(line: str) -> bool:
    """Return True for a line that reads like the title of an annual rule-of-law report."""
    s = line.strip()
    if not 6 <= len(s) <= 90 or re.search(r"[。；]$", s):
        return False
    if is_metadata_line(s):
        return False
    return (
        bool(re.search(r"报告|情况|总结", s))
        and bool(_TITLE_CORE.search(s))
        and "法治" in s
        or ("依法行政" in s and "报告" in s)
    )


@dataclass(frozen=True)
class Layout:
    lines: list[Line]
    title: Line | None
    body_start: int  # index of the first body line
    body_end: int  # index after the last body line

    def body(self) -> list[Line]:
        return [ln for ln in self.lines[self.body_start : self.body_end] if not ln.blank]


def layout(text: str) -> Layout:
    """Find the title line and the body's line range, skipping the page's navigation and footer."""
    lines = split_lines(text)
    title = None
    scan = 0
    for ln in lines[:80]:
        if ln.start > 6000:
            break
        if is_title(ln.text) and not is_clutter_line(ln.text):
            title = ln
            break
    if title is not None:
        scan = title.index + 1
        while scan < len(lines):
            s = lines[scan].text.strip()
            if not s or is_clutter_line(s) or is_metadata_line(s) or _same_title(s, title.text):
                scan += 1
                continue
            break
    else:
        while scan < len(lines) and (lines[scan].blank or is_clutter_line(lines[scan].text)):
            scan += 1
    end = len(lines)
    while end > scan:
        s = lines[end - 1].text.strip()
        if not s or is_clutter_line(s) or (len(s) <= 4 and not re.search(r"\d", s)):
            end -= 1
            continue
        break
    return Layout(lines, title, scan, end)


def _same_title(a: str, b: str) -> bool:
    return re.sub(r"\s", "", a) == re.sub(r"\s", "", b)

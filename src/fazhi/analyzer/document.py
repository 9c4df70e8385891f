"""Split a report's text into lines and find where the report itself begins and ends inside a saved page."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from fazhi.analyzer import rx
from fazhi.analyzer.clutter import is_clutter_line, is_metadata_line

# Leading characters that are not content: spaces of every width, the BOM, list bullets, and the
# font-size switch a saved page glues to the first paragraph ("大 中 小2023年，…").
_LEAD = rx.compile(r"^[\s\u3000\xa0\ufeff•·●◆■□▪*|]*(?:(?:字号\s*[:：]?\s*)?大\s*中\s*小\s*)?[\s\u3000\xa0]*")
_TITLE_CORE = rx.compile(r"(法治政府|依法行政|法治建设|法治[\u4e00-\u9fff]{0,8})")
_TITLE_WORDS = rx.compile(r"报告|情况|总结")
_DIGIT = rx.compile(r"\d")
# A list number opening a line (一、 （一） 1. 第一部分): a heading of the body, never a report's title. A copy that
# lost its title (cut at the top) must not have its first heading taken for one.
_NUMBERED = rx.compile(
    r"[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|\d{1,2}\s*[、．]|\d{1,2}\.(?!\d)|"
    r"第[一二三四五六七八九十]{1,3}(?:部分|章)"
)
_SPACE = rx.compile(r"\s")


class Line(NamedTuple):
    """One line of the text: ``start``/``end`` bound the whole line, ``cstart`` its first content character.

    (A named tuple: a report has hundreds of lines, and tuples are the cheapest immutable records.)
    """

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
    append = lines.append
    lead = _LEAD.match
    pos = 0
    for i, raw in enumerate(text.split("\n")):
        end = pos + len(raw)
        skip = lead(raw).end()  # the pattern matches every line, if only the empty string
        # Do not eat a heading's own text: the font-size switch is only stripped when prose follows.
        append(Line(i, pos, end, pos + skip, raw[skip:].rstrip()))
        pos = end + 1
    return lines


def is_title(line: str) -> bool:
    """Return True for a line that reads like the title of an annual rule-of-law report."""
    s = line.strip()
    # A title is not a sentence: no stop at its end, no lead-in colon, no clause commas ("2024年，XX县坚持…").
    if not 6 <= len(s) <= 90 or s.endswith(("。", "；", "：", ":")) or "，" in s:
        return False
    if is_metadata_line(s) or _NUMBERED.match(s):
        return False
    return (
        bool(_TITLE_WORDS.search(s))
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
        """Return the body's non-blank lines (found once per layout: the list is shared, do not change it)."""
        return self._body

    def content(self) -> list[Line]:
        """Return the body's lines of report text: not blank, not page furniture (see ``is_clutter_line``)."""
        return self._content

    @cached_property
    def _body(self) -> list[Line]:
        return [ln for ln in self.lines[self.body_start : self.body_end] if ln.text.strip()]  # not blank

    @cached_property
    def _content(self) -> list[Line]:
        return [ln for ln in self._body if not is_clutter_line(ln.text)]


def layout(text: str) -> Layout:
    """Find the title line and the body's line range, skipping the page's navigation and footer."""
    lines = split_lines(text)
    title = None
    scan = 0
    for ln in lines[:80]:
        if ln.start > 6000:
            break
        if is_title(ln.text) and not is_clutter_line(ln.text):
            title = _with_issuer_line(lines, ln)
            scan = ln.index + 1
            break
    if title is not None:
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
        if not s or is_clutter_line(s) or (len(s) <= 4 and not _DIGIT.search(s)):
            end -= 1
            continue
        break
    return Layout(lines, title, scan, end)


#: A line that is only an issuing body's name (a 公文 title broken before its "关于…": 示范县人民政府 / 关于…的报告).
_ISSUER_LINE = rx.compile(r"^[\u4e00-\u9fff（）()]{3,30}(人民政府|政府|办事处|委员会|办公室|局|厅|委|院|中心)$")


def _with_issuer_line(lines: list[Line], title: Line) -> Line:
    """Return the title with the line before it when the title was broken after its issuer's name."""
    if not title.text.lstrip().startswith("关于") or title.index == 0:
        return title
    before = lines[title.index - 1]
    if not _ISSUER_LINE.match(before.text.strip()):
        return title
    return Line(before.index, before.start, title.end, before.cstart, before.text.strip() + title.text.strip())


def _same_title(a: str, b: str) -> bool:
    return _SPACE.sub("", a) == _SPACE.sub("", b)

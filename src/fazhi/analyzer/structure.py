"""The heading tree of a report and the five mandated contents (厅字〔2019〕28号).

Headings are recognised by their marker — 一、 / （一） / 1. / （1） / ① and run-in lead-ins 一是… — and
take their level from the order in which the marker styles nest in this report, not from a fixed table,
since reports skip levels freely. The top level is the highest-ranked style (第一部分 > 一、 > （一） > 1. …) whose
numbers run 1, 2, 3… in the report; a run-in lead-in is never top level, and an unnumbered title printed
above each 一、 list is. A heading that runs straight into its paragraph ends before the first 。; a heading
broken over two lines, split by a watermark, or glued after the paragraph above it is read whole.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from fazhi.analyzer import rx
from fazhi.analyzer.clutter import WATERMARK as _WATERMARK
from fazhi.analyzer.clutter import is_clutter_line
from fazhi.analyzer.document import Layout, Line, is_title
from fazhi.analyzer.numbers import parse_cn_integer

# The categories of the mandated contents (厅字〔2019〕28号, 第二部分): measures and results,
# shortcomings and their causes, the first-responsible duties of the principal leaders, next year's plan.
MEASURES = "measures"
SHORTCOMINGS = "shortcomings"
FIRST_RESPONSIBLE = "first_responsible"
NEXT_YEAR = "next_year"
OTHER = "other"
CATEGORIES = (MEASURES, SHORTCOMINGS, FIRST_RESPONSIBLE, NEXT_YEAR, OTHER)

_CN = "一二三四五六七八九十"
_MARKERS = [
    ("cn", rx.compile(rf"^([{_CN}]{{1,3}})\s*[、.．]")),
    ("pcn", rx.compile(rf"^[（(]\s*([{_CN}]{{1,3}})\s*[)）]\s*[、.．]?")),
    ("ar", rx.compile(r"^(\d{1,2})\s*(?:[、．]|\.(?!\d))")),
    ("par", rx.compile(r"^[（(]\s*(\d{1,2})\s*[)）]\s*[、.．]?")),
    ("circ", rx.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
    # 第一部分 / 第一章: the outline of longer reports (provincial ones, joint party-government ones).
    ("part", rx.compile(rf"^第([{_CN}]{{1,3}})(?:部分|章)(?=[\s\u3000:：、.．]|[\u4e00-\u9fff“《（(])")),
]
# 一是/二是/十一是 at the start of the line or after a stop, a comma or a space, before words. The pattern
# matches the 是 (a literal the regex engine finds fast) and looks back for the numerals: one or two, never
# both, as the character before one numeral is a stop, not a numeral.
_RUNIN_SEPS = "。；;：:！？!?，,\\s"
_RUNIN = rx.compile(
    rf"是(?:(?<=^[{_CN}]{{2}}是)|(?<=[{_RUNIN_SEPS}][{_CN}]{{2}}是)|(?<=^[{_CN}]是)|(?<=[{_RUNIN_SEPS}][{_CN}]是))"
    rf"(?=[\u4e00-\u9fff“\"《（(])"
)
_RUNIN_STOP = rx.compile(r"[。；;]")
_SPACE = rx.compile(r"\s")
_NUMBERING = rx.compile(rf"^([{_CN}]+[、.．]|[（(][{_CN}\d]+[)）]|\d+[、.．]|第[{_CN}]+(?:部分|章)[:：、]?)")
_SENTENCE_END = rx.compile(r"[。！？]")
_LEAD_END = rx.compile(r"[，,：:。；]")
_PHRASE_END = rx.compile(r"[，,：:。]")
_FUTURE_VERBS = rx.compile(r"将|要|继续|进一步|努力|力争|着力|坚持|持续")
_YEAR_LEAD = rx.compile(r"(20\d\d)年")
_MAX_HEADING = 120

_RE_FIRST = rx.compile(r"第一责任人|述法")
_RE_SHORT = rx.compile(
    r"(存在|面临)的?(主要|突出|一些)?(问题|不足|差距|困难|短板)|不足|差距|短板|薄弱环节|问题和|问题及|问题与|"
    r"^[^，,]{0,8}(主要)?问题[:：]?$"
)
_RE_NEXT = rx.compile(
    r"下一步|下一年|下步|明年|今后|新的一年|来年|努力方向|(工作|主要)(计划|打算|思路|设想|安排)|"
    r"(计划|打算|思路|设想|安排|展望)[:：]?$"
)
_RE_NEXT_STRICT = rx.compile(r"下一步|下一年|下步|明年|今后|新的一年|来年|努力方向")
_RE_OTHER = rx.compile(r"意见(和|及|与)?建议|其他(需要)?(报告|说明)|^[^，,]{0,6}建议[:：]?$|附件|附表")
_RE_YEAR = rx.compile(r"(20\d\d)\s*年")
# Words without which the patterns above cannot match: found fast (they open with a literal), they spare
# most headings the full patterns.
_SHORT_WORDS = rx.compile(r"问题|不足|差距|困难|短板|薄弱")
_NEXT_WORDS = rx.compile(r"下一步|下一年|下步|明年|今后|新的一年|来年|努力方向|计划|打算|思路|设想|安排|展望")
_OTHER_WORDS = rx.compile(r"建议|其他|附件|附表")

# Paragraphs without a heading that carry a mandated content (checked on their opening sentence).
_PARA_SHORT = rx.compile(
    r"(还|仍|仍然|依然|也|但)(存在|有)[^。；]{0,16}(差距|不足|问题|短板|薄弱)|存在的(问题|不足)|不足之处|"
    r"问题和不足|短板弱项"
)
_PARA_NEXT = rx.compile(r"^(下一步|下一年度?|明年|今后|新的一年|来年|(20\d\d)年[，,是]|今年是)")


@dataclass
class Section:
    heading: str
    level: int
    category: str
    start: int  # where the heading starts
    heading_end: int  # where the heading text ends
    end: int = -1  # where the section (heading and its content) ends
    kind: str = "heading"  # heading | runin | paragraph (content without a heading)
    style: str = ""
    number: int = 0
    children: list[Section] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        return {
            "heading": self.heading,
            "level": self.level,
            "category": self.category,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "heading_end": self.heading_end,
        }


def _heading_extent(text: str) -> int:
    """Return the length of the heading at the start of ``text`` (a line's content), its closing 。 left out.

    A heading that runs straight into its paragraph is the sentence up to its first 。; the stop closes the
    sentence and is no part of the heading.
    """
    stop = text.find("。")
    n = stop if stop >= 0 else len(text)
    if _FIRST_SUB_HINT.search(text, 3, n):
        sub = _FIRST_SUB.search(text, 3, n)  # a copy without line breaks runs the first sub-heading on
        if sub:
            n = sub.start()
    return min(n, _MAX_HEADING)


# The first sub-heading, （一） or 1., glued straight after a heading's words.
_FIRST_SUB = rx.compile(r"(?<=[\u4e00-\u9fff”》）):：])(?:[（(]一[)）]|1[、．.](?!\d))")
_FIRST_SUB_HINT = rx.compile(r"[（(]一|1[、．.]")


def strip_watermark(line: str) -> str:
    """Return ``line`` without the mirror-site watermarks glued into it."""
    if "www" not in line and "WWW" not in line:
        return line
    return _WATERMARK.sub("", line)


# The marker styles a line's first character allows (their first characters do not overlap).
_MARKERS_BY_FIRST = {
    **{ch: [_MARKERS[0]] for ch in _CN},
    **{ch: [_MARKERS[1], _MARKERS[3]] for ch in "（("},
    **{ch: [_MARKERS[4]] for ch in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"},
    "第": [_MARKERS[5]],
}
_MARKERS_OTHER = [_MARKERS[2]]  # a digit


def _marker(line: str) -> tuple[str, int] | None:
    for style, pattern in _MARKERS_BY_FIRST.get(line[:1], _MARKERS_OTHER):
        m = pattern.match(line)
        if m:
            raw = m.group(1)
            if style in ("cn", "pcn", "part"):
                num = parse_cn_integer(raw)
            elif style == "circ":
                num = ord(raw) - ord("①") + 1
            else:
                num = int(raw)
            return style, num
    return None


def find_headings(text: str, lay: Layout, report_year: int | None = None) -> list[Section]:
    """Return every heading of the body in order, with its level, category and span."""
    src = _source_lines(lay)
    top = _top_style(src)
    out = _headings(src, frozenset(), top)
    parts = _part_titles(src, top)
    if parts:
        # Unnumbered part titles printed above the 一、 lists, each list numbered afresh: they are the top level.
        out = _headings(src, parts, "bare")
    elif not any(h.level == 1 and h.style in _TOP_STYLES for h in out):
        # No numbered top level (一、 / 第一部分): the parts may be headed by unnumbered short lines, printed in
        # bold on the page and plain in a copy. Read again with those as the top level.
        bare = _bare_headings(lay.content())
        if len(bare) >= 2:
            out = _headings(src, bare, "bare")
    _close_spans(out, lay)
    _categorise(out, report_year)
    return out


class _Src:
    """A line of report text as the heading finder reads it: its content with watermarks cut out.

    ``raw(i)`` maps a position in ``text`` back to the offset in the document (``end`` for where a span ends:
    a cut at that position is then left after the span, not taken into it).
    """

    __slots__ = ("line", "text", "cuts", "blank_before", "furniture_before", "mk")

    def __init__(
        self, line: Line, text: str, cuts: list[tuple[int, int]], blank_before: bool, furniture_before: bool = False
    ):
        self.line = line
        self.text = text
        self.cuts = cuts  # (position in text, length cut there)
        self.blank_before = blank_before
        self.furniture_before = furniture_before  # page furniture (a watermark line) right before this line
        # The line's list marker (style, number), read once: every pass over the lines asks for it.
        # "1.87万件…" or "2021年…" at a line start are figures, refused by the patterns; a number alone ("1.")
        # carries no heading.
        self.mk = _marker(text) if len(text) > 2 else None

    def raw(self, i: int, end: bool = False) -> int:
        pos = self.line.cstart + i
        for at, length in self.cuts:
            if at < i or (at == i and not end):
                pos += length
        return pos


_NO_CUTS: list[tuple[int, int]] = []  # shared by the lines without a watermark: never changed in place


def _source_lines(lay: Layout) -> list[_Src]:
    """Return the body's lines of report text, with the watermarks glued into them cut out.

    A line that is only clutter is left out; a heading with a watermark glued into it is page furniture to
    ``is_clutter_line`` (it names a web address) and is kept here with the watermark cut.
    """
    content, body = lay.content(), lay.body()
    kept = {ln.cstart for ln in content} if len(content) < len(body) else None  # None: every line is text
    out: list[_Src] = []
    prev_index = -2
    furniture = False
    for ln in body:
        text = ln.text
        marked = "www" in text or "WWW" in text
        if not marked and kept is not None and ln.cstart not in kept:
            prev_index = ln.index  # furniture between two lines does not part them as a blank line does
            furniture = True
            continue
        cuts: list[tuple[int, int]] = _NO_CUTS
        if marked:
            cuts = []
            pieces = []
            last = 0
            removed = 0
            for m in _WATERMARK.finditer(text):
                pieces.append(text[last : m.start()])
                cuts.append((m.start() - removed, m.end() - m.start()))
                removed += m.end() - m.start()
                last = m.end()
            pieces.append(text[last:])
            text = "".join(pieces)
            lead = len(text) - len(text.lstrip())
            if lead:
                cuts.insert(0, (0, lead))
                cuts = [(max(at - lead, 0), n) for at, n in cuts]
                text = text[lead:]
            text = text.rstrip()
            if not text or (kept is not None and ln.cstart not in kept and is_clutter_line(text)):
                prev_index = ln.index
                furniture = True
                continue
        src = _Src(ln, text, cuts, ln.index > prev_index + 1, furniture or bool(cuts and cuts[0][0] == 0))
        furniture = False
        if _GLUED_HINT.search(text):
            out.extend(_split_glued(src))
        else:
            out.append(src)
        prev_index = ln.index
    return _merge_marker_lines(out)


# A list marker alone on its line, its heading on the next: "一、" / "主要举措和成效".
_MARK_ONLY = rx.compile(rf"(?:[{_CN}]{{1,3}}\s*[、.．]|[（(]\s*[{_CN}]{{1,3}}\s*[)）]|第[{_CN}]{{1,3}}部分)")


def _merge_marker_lines(src: list[_Src]) -> list[_Src]:
    """Return the lines with each marker alone on its line joined to the heading on the line after it."""
    if not any(len(s.text) <= 6 and _MARK_ONLY.fullmatch(s.text) for s in src):
        return src
    out: list[_Src] = []
    k = 0
    while k < len(src):
        s = src[k]
        nxt = src[k + 1] if k + 1 < len(src) else None
        if nxt is None or nxt.mk or len(s.text) > 6 or not _MARK_ONLY.fullmatch(s.text):
            out.append(s)
            k += 1
            continue
        size = len(s.text)
        gap = nxt.raw(0) - s.raw(size, end=True)  # the line break (and what was cut) between marker and words
        cuts = [*s.cuts, (size, gap), *((at + size, n) for at, n in nxt.cuts if at > 0)]
        out.append(_Src(s.line, s.text + nxt.text, cuts, s.blank_before))
        k += 2
    return out


# A part heading glued after the paragraph before it ("…取得新成效。一、强化组织领导", "…报告如下：一、…", or a wide
# space apart), where a copy lost the line break. Only a short heading is split off: a long stretch after 一、 is
# prose quoting a list.
_GLUED = rx.compile(rf"(?:(?<=[。：:！？])\s*|\s{{2,}})(?=[{_CN}]{{1,3}}、|第[{_CN}]{{1,3}}部分)")
# A character class first lets the regex engine skip to the characters a hint can start with (a lookahead first
# would not: it is tried at every position), and \s written out as the characters it stands for keeps that class a
# single table (\s in it is a Unicode lookup at every character). The matches are those of
# ``(?:[。：:！？]\s*|\s\s)(?:[{_CN}]{1,3}、|第[{_CN}]{1,3}部分)``.
WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"  # \s (a test holds it)
_GLUED_HINT = rx.compile(
    rf"[。：:！？{WHITESPACE}](?:(?<=[。：:！？])\s*|(?<=\s)\s)(?:[{_CN}]{{1,3}}、|第[{_CN}]{{1,3}}部分)"
)
_GLUED_MAX = 40
_GAP = rx.compile(r"\s{2,}")
_EMPTY_AT = rx.compile("")
# A list inside a sentence, not a heading: "一、二季度", "一、制度不全；二、人手不足".
_GLUED_MARK = rx.compile(rf"[{_CN}]{{1,3}}、|第[{_CN}]{{1,3}}部分")
_INLINE_LIST = rx.compile(rf"[{_CN}](?:、|季度)|[；;]")


def _split_glued(src: _Src) -> list[_Src]:
    """Return the line as the lines it was before a copy glued a part heading onto the paragraph above."""
    text = src.text
    cut = [0]
    for m in _GLUED.finditer(text, 1):
        p = m.end()
        mk = _marker(text[p:])
        if not mk or mk[0] not in _TOP_STYLES:
            continue
        stop = text.find("。", p)
        stop = stop if stop >= 0 else len(text)
        gap = _GAP.search(text, p, stop)  # the paragraph under the heading, glued on after a wide space
        if gap is None and _FIRST_SUB_HINT.search(text, p + 3, stop):
            gap = _FIRST_SUB.search(text, p + 3, stop)
            gap = _EMPTY_AT.match(text, gap.start()) if gap else None  # cut before the sub-heading, nothing cut out
        end = gap.start() if gap else stop
        body = _GLUED_MARK.match(text, p).end()  # where the heading's words begin
        if end - p <= _GLUED_MAX and not _INLINE_LIST.search(text, body, end):
            cut.append(p)
            if gap:
                cut.append(gap.end())
    if len(cut) == 1:
        return [src]
    out = []
    for a, b in zip(cut, [*cut[1:], len(text)], strict=False):
        start = src.raw(a)
        piece = text[a:b].rstrip()
        line = Line(src.line.index, src.line.start, src.line.end, start, piece)
        cuts = [(at - a, n) for at, n in src.cuts if a < at < a + len(piece)]
        out.append(_Src(line, piece, cuts, src.blank_before and a == 0))
    return out


# The marker styles from the highest level down: a report's top level is the highest of them that it numbers
# as a list of its own, from 一 (第一部分 on a line of prose needs a 第二部分 as well: 第一章 may open a sentence).
_RANK = ("part", "cn", "pcn", "ar", "par", "circ")


def _top_style(src: list[_Src]) -> str | None:
    """Return the marker style of the report's top level: the highest-ranked one whose numbers run 1, 2, 3…"""
    runs: dict[str, int] = {}  # style -> the length of its run from 1
    titled = False  # a 第一部分 on a short line of its own, as a part title is printed
    for s in src:
        if s.mk:
            style, num = s.mk
            if num == runs.get(style, 0) + 1:
                runs[style] = num
                if style == "part" and num == 1:
                    titled = len(s.text) <= 40 and "。" not in s.text
    for style in _RANK:
        if runs.get(style, 0) >= (1 if style != "part" or titled else 2):
            return style
    return None


def _part_titles(src: list[_Src], top: str | None) -> frozenset[int]:
    """Return the starts of unnumbered part titles printed straight above a 一、 list, after the opening prose.

    "2023年工作情况" over 一、二、三… and "2024年工作打算" over a new 一、二… : the titles are the report's top level.
    A line before any prose may be the report's (lost) title, so a part title needs a paragraph above it.
    """
    if top != "cn":
        return frozenset()
    found = set()
    for k in range(1, len(src)):
        if src[k].mk != ("cn", 1):
            continue
        content = src[k - 1].text
        if (
            "报告" in content
            or "如下" in content
            or content.endswith(("：", ":"))  # "具体情况如下：" leads into the list, it does not head a part
            or not _is_bare_line(content)
            or is_title(content)
            or not any("。" in s.text for s in src[: k - 1])
        ):
            continue
        found.add(src[k - 1].line.cstart)
    return frozenset(found)


_TOP_STYLES = ("cn", "part")
_BARE_BAD_END = "。；;，,、"
# The signature under a report (an office, a date) is short and unpunctuated too, but names a body or a day.
_BARE_NOT = rx.compile(
    r"(人民政府|政府|委员会|办公室|办事处|局|委|厅|院|中心)$|\d{4}\s*年\s*\d{1,2}\s*月|年[一二三四五六七八九十]{1,3}月"
)


def _is_bare_line(content: str) -> bool:
    """Return True for a line that may be an unnumbered heading: short, unpunctuated, no marker, no signature."""
    content = content.strip()
    if not 4 <= len(content) <= 40 or content[-1] in _BARE_BAD_END or "。" in content:
        return False
    return not (_marker(content) or _RUNIN.search(content, 0, 4) or _BARE_NOT.search(content))


def _bare_headings(body: list[Line]) -> frozenset[int]:
    """Return the starts of the lines that read as unnumbered headings: short, unpunctuated, before a paragraph."""
    found = set()
    for k, ln in enumerate(body[:-1]):
        if not _is_bare_line(ln.text):
            continue
        nxt = body[k + 1].text
        # A heading opens a paragraph (sentences) or a numbered sub-heading.
        if "。" in nxt or _marker(nxt.strip()):
            found.add(ln.cstart)
    return frozenset(found)


# A heading line that stops on one of these, or with a bracket or quote left open, goes on on the next line.
_OPEN_END = "，,、；;和与及的“《（(—"
_PAIRS = (("（", "）"), ("(", ")"), ("“", "”"), ("《", "》"))
_SHORT_TAIL = 20  # the longest rest of a heading on a line of its own
_LONG_HEAD = 12  # a heading line shorter than this is whole: a short title is not broken


def _continuation(head: str, s: _Src) -> int:
    """Return how much of the line ``s`` continues the heading ``head`` broken before it, 0 when none does."""
    if s.mk:
        return 0
    nxt = s.text
    stop = nxt.find("。")
    n = stop if stop >= 0 else len(nxt)
    if head[-1] in _OPEN_END or any(head.count(a) > head.count(b) for a, b in _PAIRS):
        ok = 0 < n <= 60
    else:
        # A short rest: the whole line, unpunctuated (a short sentence is a paragraph of its own).
        ok = (
            not s.blank_before
            and 0 < n <= _SHORT_TAIL
            and stop < 0
            # A break at a watermark line is the copy's: the rest is joined whatever the length and the end.
            and (s.furniture_before or len(head) >= _LONG_HEAD and nxt[-1] not in _BARE_BAD_END + "：:！？!?")
        )
    if not ok or _RUNIN.search(nxt, 0, 4) or _BARE_NOT.search(nxt, 0, n):
        return 0
    return n


def _headings(src: list[_Src], bare: frozenset[int], top: str | None) -> list[Section]:
    out: list[Section] = []
    stack: list[str] = []
    last_number: dict[tuple, int] = {}
    runin_state = {"expected": 1}
    above = _RANK[: _RANK.index(top)] if top in _RANK else ()
    skip = -1
    for k, s in enumerate(src):
        if k <= skip:
            continue
        content = s.text
        if bare and s.line.cstart in bare:
            del stack[:]
            stack.append("bare")
            last_number.clear()
            start = s.raw(0)
            out.append(Section(content.strip(), 1, "", start, s.raw(len(content.rstrip()), end=True), style="bare"))
            runin_state["expected"] = 1
            continue
        mk = s.mk
        if mk and mk[0] not in above:
            style, num = mk
            if style == top:
                level = 1
            else:
                if not stack and top:
                    stack.append(top)  # a sub-heading before the first part: under the top level all the same
                level = stack.index(style) + 1 if style in stack else len(stack) + 1
            parent_key = tuple(stack[: level - 1]) + (_parent_start(out, level),)
            key = (style, parent_key)
            prev = last_number.get(key, 0)
            ok = num == prev + 1 or (level > 1 and num == 1)
            if not ok and level == 1 and prev and num in (prev, prev + 2) and _heading_like(content):
                ok = True  # a part's number lost in the copy, or printed twice: the list goes on
            if level == 1 and not ok:
                # A top-level numeral out of sequence is prose or a quoted list, not a heading.
                mk = None
            else:
                del stack[level - 1 :]
                stack.append(style)
                last_number[key] = num
                n = _heading_extent(content)
                head = content[:n].rstrip()
                start, end = s.raw(0), s.raw(len(head), end=True)
                more = _continuation(head, src[k + 1]) if n == len(content) and k + 1 < len(src) else 0
                if more:
                    # The heading was broken over two lines (or split by a watermark line): it goes on there.
                    s, content, n = src[k + 1], src[k + 1].text, more
                    head += content[:n].rstrip()
                    end = s.raw(len(content[:n].rstrip()), end=True)
                    skip = k + 1
                out.append(Section(head.strip(), level, "", start, end, style=style, number=num))
                runin_state["expected"] = 1
                if "是" in content:  # every run-in reads 一是, 二是…
                    _runins(content, s, n, out, max(len(stack) + 1, 2), runin_state)
                continue
        if "是" in content:
            # A run-in lead-in is never a part of the report: below the top level even before the first part.
            _runins(content, s, 0, out, max(len(stack) + 1, 2), runin_state)
    return out


def _heading_like(content: str) -> bool:
    """Return True for a numbered line that reads as a heading: a short title, alone or before its paragraph."""
    n = _heading_extent(content)
    return n <= 40 and "；" not in content[:n] and ";" not in content[:n]


def _parent_start(out: list[Section], level: int) -> int:
    for sec in reversed(out):
        if sec.level < level and sec.kind == "heading":
            return sec.start
    return -1


def _runins(content: str, src: _Src | Line, offset: int, out: list[Section], level: int, state: dict) -> None:
    """Add the run-in lead-ins (一是…, 二是…) of a line; their numbering runs on across the lines of a section."""
    if isinstance(src, Line):
        src = _Src(src, content, [], False)
    expected = state["expected"]
    for m in _RUNIN.finditer(content, offset):
        shi = m.start()
        begin = shi - 2 if shi >= 2 and content[shi - 2] in _CN else shi - 1
        if begin < offset:
            continue  # the numerals begin before where the line's run-ins are looked for
        try:
            num = parse_cn_integer(content[begin:shi])
        except ValueError:
            continue
        if num != expected:
            if num == 1:
                expected = 1
            else:
                continue
        expected = num + 1
        rest = content[begin:]
        stop = _RUNIN_STOP.search(rest)
        n = min(stop.end() if stop else len(rest), _MAX_HEADING)
        start = src.raw(begin)
        out.append(
            Section(
                rest[:n].strip(),
                level,
                "",
                start,
                src.raw(begin + len(rest[:n].rstrip()), end=True),
                kind="runin",
                style="runin",
                number=num,
            )
        )
    state["expected"] = expected


def _close_spans(out: list[Section], lay: Layout) -> None:
    body = lay.body()
    body_end = body[-1].end if body else 0
    # A section ends where the next section of its level or above begins: the open sections form a stack
    # of rising levels, closed by each new section down to its level.
    open_sections: list[Section] = []
    for sec in out:
        while open_sections and open_sections[-1].level >= sec.level:
            open_sections.pop().end = sec.start
        open_sections.append(sec)
    for sec in open_sections:
        sec.end = body_end
    starts = [ln.start for ln in body]
    for sec in out:
        if sec.kind == "runin":
            # A run-in item ends where its paragraph ends or the next item begins.
            k = bisect_right(starts, sec.start) - 1
            if k >= 0 and sec.start < body[k].end + 1:
                sec.end = min(sec.end, body[k].end)


@lru_cache(maxsize=2048)  # the mandated headings recur from report to report
def classify_heading(heading: str, level: int, report_year: int | None) -> str | None:
    """Return the mandated-content category a heading names, or None when it names none of the special ones."""
    h = _NUMBERING.sub("", _SPACE.sub("", heading))
    if level <= 2 and _RE_FIRST.search(h):
        return FIRST_RESPONSIBLE
    if _SHORT_WORDS.search(h) and _RE_SHORT.search(h):
        return SHORTCOMINGS
    future = report_year is not None and "年" in h and any(int(y) > report_year for y in _RE_YEAR.findall(h))
    if level == 1 and (future or (_NEXT_WORDS.search(h) and _RE_NEXT.search(h))):
        return NEXT_YEAR
    if level >= 2 and (future or _RE_NEXT_STRICT.search(h)) and len(h) <= 30:
        return NEXT_YEAR
    if level == 1 and _OTHER_WORDS.search(h) and _RE_OTHER.search(h):
        return OTHER
    return None


def _categorise(out: list[Section], report_year: int | None) -> None:
    parents: list[Section] = []
    for sec in out:
        while parents and parents[-1].level >= sec.level:
            parents.pop()
        parent = parents[-1] if parents else None
        found = classify_heading(sec.heading, sec.level, report_year) if sec.level <= 2 else None
        if sec.level == 1:
            sec.category = found or MEASURES
        elif found in (FIRST_RESPONSIBLE, SHORTCOMINGS, NEXT_YEAR) and (
            parent is None or parent.category == MEASURES or parent.category == found
        ):
            sec.category = found
        else:
            sec.category = parent.category if parent else MEASURES
        parents.append(sec)


def implicit_parts(text: str, lay: Layout, headings: list[Section], report_year: int | None) -> list[Section]:
    """Return mandated contents that sit in paragraphs without a heading of their own.

    Reports often close with an unheaded paragraph on shortcomings ("…还存在一些差距：一是…") and one on
    next year ("下一步，我们将…"). They are only looked for in the last part of the body, after the
    measures, and a next-year paragraph must speak of the future.
    """
    body = lay.content()
    if not body:
        return []
    first, last = body[0].start, body[-1].end
    threshold = first + (last - first) * 0.45
    heading_starts = {h.start for h in headings if h.kind == "heading"}
    found: list[Section] = []
    seen_short = any(h.category == SHORTCOMINGS for h in headings)
    # The position rule holds for the measures: a part on shortcomings or on the leaders' duties may come
    # first (reports order their parts freely), and its closing "下一步…" paragraph counts wherever it is.
    tops = [h for h in headings if h.level == 1 and h.kind == "heading"]
    t = -1
    for ln in body:
        while t + 1 < len(tops) and tops[t + 1].start <= ln.cstart:
            t += 1
        if ln.cstart in heading_starts or ln.start < threshold and (t < 0 or tops[t].category == MEASURES):
            continue
        content = ln.text
        sentence = _SENTENCE_END.split(content, maxsplit=1)[0]
        cat = None
        if _PARA_NEXT.search(content) and _FUTURE_VERBS.search(sentence[:200]):
            y = _YEAR_LEAD.match(content)
            if (
                content.startswith("今年是")
                and not seen_short
                or y
                and report_year is not None
                and int(y.group(1)) <= report_year
            ):
                cat = None
            else:
                cat = NEXT_YEAR
        elif len(sentence) < 200 and _SHORT_WORDS.search(sentence) and _PARA_SHORT.search(sentence):
            cat = SHORTCOMINGS
        elif "第一责任人" in (phrase := _PHRASE_END.split(content, maxsplit=1)[0]) and len(phrase) <= 40:
            cat = FIRST_RESPONSIBLE
        if cat is None:
            continue
        enclosing = _enclosing(headings, ln.cstart)
        if enclosing is not None and enclosing.category == cat:
            continue
        if cat == SHORTCOMINGS:
            seen_short = True
        lead = _LEAD_END.split(content, maxsplit=1)[0][:40]
        level = (enclosing.level + 1) if enclosing else 1
        found.append(Section(lead, max(level, 2), cat, ln.cstart, ln.cstart + len(lead), kind="paragraph"))
    # A paragraph part runs until the next part, or the end of the section that holds it.
    for i, part in enumerate(found):
        enclosing = _enclosing(headings, part.start)
        end = enclosing.end if enclosing else last
        if i + 1 < len(found):
            end = min(end, found[i + 1].start)
        part.end = end
    return found


def _enclosing(headings: list[Section], pos: int) -> Section | None:
    best = None
    for h in headings:
        if h.kind == "heading" and h.start <= pos < h.end and (best is None or h.level > best.level):
            best = h
    return best


def top_level(sections: list[Section]) -> list[Section]:
    return [s for s in sections if s.level == 1 and s.kind == "heading"]

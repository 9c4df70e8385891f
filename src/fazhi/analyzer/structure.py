"""The heading tree of a report and the five mandated contents (厅字〔2019〕28号).

Headings are recognised by their marker — 一、 / （一） / 1. / （1） / ① and run-in lead-ins 一是… — and
take their level from the order in which the marker styles nest in this report, not from a fixed table,
since reports skip levels freely. A heading that runs straight into its paragraph ends at the first 。.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from fazhi.analyzer.document import Layout, Line
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
    ("cn", re.compile(rf"^([{_CN}]{{1,3}})\s*[、.．]")),
    ("pcn", re.compile(rf"^[（(]\s*([{_CN}]{{1,3}})\s*[)）]\s*[、.．]?")),
    ("ar", re.compile(r"^(\d{1,2})\s*(?:[、．]|\.(?!\d))")),
    ("par", re.compile(r"^[（(]\s*(\d{1,2})\s*[)）]\s*[、.．]?")),
    ("circ", re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
    # 第一部分 / 第一章: the outline of longer reports (provincial ones, joint party-government ones).
    ("part", re.compile(rf"^第([{_CN}]{{1,3}})(?:部分|章)(?=[\s\u3000:：、.．]|[\u4e00-\u9fff“《（(])")),
]
# 一是/二是/十一是 at the start of the line or after a stop, a comma or a space, before words. The pattern
# matches the 是 (a literal the regex engine finds fast) and looks back for the numerals: one or two, never
# both, as the character before one numeral is a stop, not a numeral.
_RUNIN_SEPS = "。；;：:！？!?，,\\s"
_RUNIN = re.compile(
    rf"是(?:(?<=^[{_CN}]{{2}}是)|(?<=[{_RUNIN_SEPS}][{_CN}]{{2}}是)|(?<=^[{_CN}]是)|(?<=[{_RUNIN_SEPS}][{_CN}]是))"
    rf"(?=[\u4e00-\u9fff“\"《（(])"
)
_RUNIN_STOP = re.compile(r"[。；;]")
_SPACE = re.compile(r"\s")
_NUMBERING = re.compile(rf"^([{_CN}]+[、.．]|[（(][{_CN}\d]+[)）]|\d+[、.．]|第[{_CN}]+(?:部分|章)[:：、]?)")
_SENTENCE_END = re.compile(r"[。！？]")
_LEAD_END = re.compile(r"[，,：:。；]")
_PHRASE_END = re.compile(r"[，,：:。]")
_FUTURE_VERBS = re.compile(r"将|要|继续|进一步|努力|力争|着力|坚持|持续")
_YEAR_LEAD = re.compile(r"(20\d\d)年")
_MAX_HEADING = 120

_RE_FIRST = re.compile(r"第一责任人|述法")
_RE_SHORT = re.compile(
    r"(存在|面临)的?(主要|突出|一些)?(问题|不足|差距|困难|短板)|不足|差距|短板|薄弱环节|问题和|问题及|问题与|"
    r"^[^，,]{0,8}(主要)?问题[:：]?$"
)
_RE_NEXT = re.compile(
    r"下一步|下一年|下步|明年|今后|新的一年|来年|努力方向|(工作|主要)(计划|打算|思路|设想|安排)|"
    r"(计划|打算|思路|设想|安排|展望)[:：]?$"
)
_RE_NEXT_STRICT = re.compile(r"下一步|下一年|下步|明年|今后|新的一年|来年|努力方向")
_RE_OTHER = re.compile(r"意见(和|及|与)?建议|其他(需要)?(报告|说明)|^[^，,]{0,6}建议[:：]?$|附件|附表")
_RE_YEAR = re.compile(r"(20\d\d)\s*年")
# Words without which the patterns above cannot match: found fast (they open with a literal), they spare
# most headings the full patterns.
_SHORT_WORDS = re.compile(r"问题|不足|差距|困难|短板|薄弱")
_NEXT_WORDS = re.compile(r"下一步|下一年|下步|明年|今后|新的一年|来年|努力方向|计划|打算|思路|设想|安排|展望")
_OTHER_WORDS = re.compile(r"建议|其他|附件|附表")

# Paragraphs without a heading that carry a mandated content (checked on their opening sentence).
_PARA_SHORT = re.compile(
    r"(还|仍|仍然|依然|也|但)(存在|有)[^。；]{0,16}(差距|不足|问题|短板|薄弱)|存在的(问题|不足)|不足之处|"
    r"问题和不足|短板弱项"
)
_PARA_NEXT = re.compile(r"^(下一步|下一年度?|明年|今后|新的一年|来年|(20\d\d)年[，,是]|今年是)")


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
    """Return the length of the heading at the start of ``text`` (a line's content)."""
    stop = text.find("。")
    n = stop + 1 if stop >= 0 else len(text)
    return min(n, _MAX_HEADING)


# The marker styles a line's first character allows (their first characters do not overlap).
_MARKERS_BY_FIRST = {
    **{ch: [_MARKERS[0]] for ch in _CN},
    **{ch: [_MARKERS[1], _MARKERS[3]] for ch in "（("},
    **{ch: [_MARKERS[4]] for ch in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"},
    "第": [_MARKERS[5]],
}
_MARKERS_OTHER = [_MARKERS[2]]  # a digit


def _marker(line: str) -> tuple[str, int] | None:
    for style, rx in _MARKERS_BY_FIRST.get(line[:1], _MARKERS_OTHER):
        m = rx.match(line)
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
    out = _headings(lay, frozenset())
    if not any(h.level == 1 and h.style in _TOP_STYLES for h in out):
        # No numbered top level (一、 / 第一部分): the parts may be headed by unnumbered short lines, printed in
        # bold on the page and plain in a copy. Read again with those as the top level.
        bare = _bare_headings(lay.content())
        if len(bare) >= 2:
            out = _headings(lay, bare)
    _close_spans(out, lay)
    _categorise(out, report_year)
    return out


_TOP_STYLES = ("cn", "part")
_BARE_BAD_END = "。；;，,、"
# The signature under a report (an office, a date) is short and unpunctuated too, but names a body or a day.
_BARE_NOT = re.compile(
    r"(人民政府|政府|委员会|办公室|办事处|局|委|厅|院|中心)$|\d{4}\s*年\s*\d{1,2}\s*月|年[一二三四五六七八九十]{1,3}月"
)


def _bare_headings(body: list[Line]) -> frozenset[int]:
    """Return the starts of the lines that read as unnumbered headings: short, unpunctuated, before a paragraph."""
    found = set()
    for k, ln in enumerate(body[:-1]):
        content = ln.text.strip()
        if not 4 <= len(content) <= 40 or content[-1] in _BARE_BAD_END or "。" in content:
            continue
        if _marker(content) or _RUNIN.search(content, 0, 4) or _BARE_NOT.search(content):
            continue
        nxt = body[k + 1].text
        # A heading opens a paragraph (sentences) or a numbered sub-heading.
        if "。" in nxt or _marker(nxt.strip()):
            found.add(ln.cstart)
    return frozenset(found)


def _headings(lay: Layout, bare: frozenset[int]) -> list[Section]:
    out: list[Section] = []
    stack: list[str] = []
    last_number: dict[tuple, int] = {}
    runin_state = {"expected": 1}
    for ln in lay.content():
        content = ln.text
        if bare and ln.cstart in bare:
            del stack[:]
            stack.append("bare")
            last_number.clear()
            out.append(
                Section(content.strip(), 1, "", ln.cstart, ln.cstart + len(content.rstrip()), style="bare")
            )
            runin_state["expected"] = 1
            continue
        mk = _marker(content)
        if mk and not _is_false_marker(content):
            style, num = mk
            level = stack.index(style) + 1 if style in stack else len(stack) + 1
            parent_key = tuple(stack[: level - 1]) + (_parent_start(out, level),)
            key = (style, parent_key)
            prev = last_number.get(key, 0)
            ok = num == prev + 1 or (level > 1 and num == 1)
            if level == 1 and not ok:
                # A top-level numeral out of sequence is prose or a quoted list, not a heading.
                mk = None
            else:
                del stack[level - 1 :]
                stack.append(style)
                last_number[key] = num
                n = _heading_extent(content)
                out.append(
                    Section(
                        content[:n].strip(),
                        level,
                        "",
                        ln.cstart,
                        ln.cstart + len(content[:n].rstrip()),
                        style=style,
                        number=num,
                    )
                )
                runin_state["expected"] = 1
                if "是" in content:  # every run-in reads 一是, 二是…
                    _runins(content, ln, n, out, len(stack) + 1, runin_state)
                continue
        if "是" in content:
            _runins(content, ln, 0, out, len(stack) + 1, runin_state)
    return out


def _parent_start(out: list[Section], level: int) -> int:
    for sec in reversed(out):
        if sec.level < level and sec.kind == "heading":
            return sec.start
    return -1


def _is_false_marker(content: str) -> bool:
    # "1.87万件…" or "2021年…" at a line start are figures, not markers; the regexes already refuse them.
    # A numbered line that is only a number ("1.") carries no heading.
    return len(content.strip()) <= 2


def _runins(content: str, ln: Line, offset: int, out: list[Section], level: int, state: dict) -> None:
    """Add the run-in lead-ins (一是…, 二是…) of a line; their numbering runs on across the lines of a section."""
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
        start = ln.cstart + begin
        out.append(
            Section(
                rest[:n].strip(),
                level,
                "",
                start,
                start + len(rest[:n].rstrip()),
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

"""Whether a text is a whole annual report or a partial copy (a page cut off, an opening saved from a mirror).

A partial copy cannot show that a mandated content is absent: what it lacks may sit in the part not copied.
The judgement reads the genre's closing and the text's end, never its words in between:

* **closing** — a whole 法治政府建设年度报告 closes with a signature block (the body's name and a date line)
  or with its last part (下一年度工作安排, 下一步打算, 意见和建议…) followed by its body. Either is a closing.
* **cut evidence** (each alone makes the copy partial):
  - ``ends_mid_sentence``: the last line of prose stops without a sentence's end (。！？；… or a closing quote or
    bracket after one), e.g. "…全面落实行政执法公示、重大执法决定" or a stray "，";
  - ``ends_at_heading``: the text stops at a heading with nothing under it;
  - ``cut_marker``: the page says it goes on — a trailing ellipsis (…, ...), 阅读全文 / 展开全文 / 查看全文,
    未完待续 / （未完）, 下一页 — and the copy has no signature.
* **shortfall evidence** (makes the copy partial only without a closing):
  - ``short``: under :data:`SHORT_CHARS` characters of report text (a whole report, even a township's, runs to
    a few thousand);
  - ``early_last_part``: the last top-level heading seen is early in the usual order (一、 or 二、 of 举措成效 →
    第一责任人 → 不足 → 下一年度), no part on shortcomings, next year or other matters is seen.

The end is read on the last lines of report text: page furniture (``clutter``), a cut marker alone on its line,
an annex's title (附件：…) and a short remnant without a clause mark (a signature's name) are passed over.

A whole report that lacks a part (no shortcomings, say) but ends cleanly and runs long, or closes with a
signature, is complete: its missing part is absent, not unseen. Everything is read from the layout's last
lines and the sections already found; the cost does not grow with the text.
"""

from __future__ import annotations

import re

from fazhi.analyzer import rx
from fazhi.analyzer.document import Layout
from fazhi.analyzer.structure import NEXT_YEAR, OTHER, SHORTCOMINGS, Section

#: Fewer characters of report text than this (page furniture left out) and no closing: an excerpt.
SHORT_CHARS = 1500
#: A closing part needs this many characters of body under its heading.
_CLOSING_BODY = 30
#: A last line shorter than this, without a clause mark, is a signature's or a footer's remnant, not cut prose.
_PROSE_LINE = 12
#: A line this long that is all heading is a heading left without its body; a longer one is cut prose.
_HEADING_LINE = 40

# Where a sentence may end: the stop itself, then closing quotes and brackets.
_SENTENCE_END = rx.compile(r"[。！？!?…](?:[”’\"'）)】」』》\]]*)$|[.．](?:[”’\"'）)】」』》\]]*)$")
_ELLIPSIS_END = rx.compile(r"(?:…+|\.{3,}|。{3,})[”’\"'）)】」』\]]*$")
_CLAUSE = rx.compile(r"[，,、：:；;。]")
# The page says the text goes on elsewhere. 未完 alone is a word in prose (尚未完成): only its marker forms.
_CUT_MARKER = rx.compile(
    r"阅读全文|展开全文|查看全文|余下全文|全文未完|点击(?:查看|阅读|展开)(?:更多|全部|全文)?|继续阅读|展开阅读|"
    r"未完待续|[（(【\[]\s*未完\s*[)）】\]]|^\s*未完\s*$|下一页|剩余\s*\d{1,3}\s*%",
    re.MULTILINE,
)
_TAIL_CHARS = 400  # how far around the end of the last line of text a cut marker is looked for
_END_CHARS = 16  # how much of a line's end tells whether a sentence ends there
# The list of annexes after a report (附件：1.…, 附表2…) ends no sentence and cuts nothing.
_ANNEX = rx.compile(r"附(?:件|表|录)\s*\d*\s*[:：]?")

REASONS = {
    "ends_mid_sentence": ("the text stops in the middle of a sentence", "文本在句中截断"),
    "ends_at_heading": ("the text stops at a heading with nothing under it", "文本止于标题，其下无正文"),
    "cut_marker": ("the page says the text continues (…, 阅读全文, 未完, 下一页)", "页面提示全文未完"),
    "short": ("the text is much shorter than a whole report", "篇幅远短于完整报告"),
    "early_last_part": (
        "the last part seen is early in a report's usual order",
        "所见最后一部分位于报告通常顺序的前部",
    ),
    "no_closing": (
        "no closing: neither a signature with a date nor a last part such as next year's plan",
        "无落款及日期，亦无下一年度安排等结尾部分",
    ),
}
_STRONG = ("ends_mid_sentence", "ends_at_heading", "cut_marker")


def judge(text: str, lay: Layout, sections: list[Section], signed_date: str | None) -> dict:
    """Return ``{"complete": bool, "partial_reason": str | None, "evidence": [codes]}`` for an analysed text.

    ``sections`` are the headings and unheaded parts found (offsets into ``text``), ``signed_date`` the
    signature's date the metadata read (None without one). ``evidence`` lists every sign seen, a complete
    text's too (a whole report may lack a signature); ``partial_reason`` names the signs of a partial copy.
    """
    content = lay.content()
    evidence: list[str] = []
    closing = signed_date is not None or _closing_part(sections)
    if not closing:
        evidence.append("no_closing")
    if content:
        last = content[-1]
        tail = text[max(last.cstart, last.end - _TAIL_CHARS) : last.end + _TAIL_CHARS]
        if signed_date is None:
            ends = _how_it_ends(content, sections)
            if "cut_marker" not in ends and _CUT_MARKER.search(tail):
                ends.append("cut_marker")
            evidence.extend(ends)
    chars = sum(len(ln.text) for ln in content)
    if chars < SHORT_CHARS:
        evidence.append("short")
    tops = [s for s in sections if s.level == 1 and s.kind == "heading"]
    if 0 < len(tops) <= 2 and not any(s.category in (SHORTCOMINGS, NEXT_YEAR, OTHER) for s in sections):
        evidence.append("early_last_part")
    strong = [code for code in evidence if code in _STRONG]
    weak = [code for code in evidence if code in ("short", "early_last_part")]
    support = [] if closing else ["no_closing", *weak]
    why = [*strong, *support] if strong or weak and not closing else []
    return {
        "complete": not why,
        "partial_reason": reason_text(why) if why else None,
        "evidence": evidence,
    }


def reason_text(codes: list[str]) -> str:
    """Return the signs ``codes`` name as one bilingual sentence: "… ; … / …；…"."""
    known = [REASONS[c] for c in codes if c in REASONS]
    return "; ".join(en for en, _ in known) + " / " + "；".join(zh for _, zh in known)


def _closing_part(sections: list[Section]) -> bool:
    """True when a part on next year (or other matters) with a body sits in the report's last top-level part."""
    tops = [s for s in sections if s.level == 1 and s.kind == "heading"]
    last_top = tops[-1].start if tops else -1
    return any(
        s.category in (NEXT_YEAR, OTHER) and s.start >= last_top and s.end - s.heading_end >= _CLOSING_BODY
        for s in sections
    )


def _how_it_ends(content: list, sections: list[Section]) -> list[str]:
    """The signs of a cut read from the last lines of report text (their own furniture left out)."""
    for ln in reversed(content[-3:]):
        s = ln.text.strip()
        if _CUT_MARKER.fullmatch(s) or _ANNEX.match(s):
            continue  # the marker alone on its line, an annex's title: the text ends above it
        end = s[-_END_CHARS:]  # a copy in one line is one long line: only its end is read
        if _ELLIPSIS_END.search(end):
            return ["cut_marker"]
        if _SENTENCE_END.search(end):
            return []
        heading = next(
            (h for h in sections if h.kind == "heading" and ln.cstart <= h.start < ln.end + 1), None
        )
        if heading is not None and len(s) <= _HEADING_LINE and heading.end - heading.heading_end < 2:
            return ["ends_at_heading"]
        if len(s) < _PROSE_LINE and not _CLAUSE.search(s):
            continue  # a signature's name, a footer: the prose ended above
        return ["ends_mid_sentence"]
    return []

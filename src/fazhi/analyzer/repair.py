"""Undo the damage that copies of a report carry before it is read, keeping a map back to the text as given.

Reports reach a supervisor as mirror-site copies and PDF extractions as often as clean pages. Their damage
breaks reading in ways no later rule can see through:

- mirror-site furniture glued to a paragraph or a heading ("一、工作情况【打印】【关闭】", "…取得新成效。本文来源：
  XX网"), so that the heading's text is wrong or its number no longer opens the line;
- PDF extraction spacing: letter-spaced lines ("受 理 行 政 复 议 申 请 3 5 件") and spaces around numbers
  ("受理申请 35 件"), which part a figure from its unit;
- PDF hard wraps at a fixed width, with page numbers ("— 3 —", "第3页 共8页") between the lines, which cut
  headings, sentences and even numbers in two.

Every repair only deletes characters, so the repaired text is a subsequence of the original and ``OffsetMap``
maps any offset back. A text without such damage comes back as it is, with no map (and unchanged results):
each repair first looks for its damage with one fast scan of the whole text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

from fazhi.analyzer import rx
from fazhi.analyzer.clutter import WATERMARK, is_clutter_line
from fazhi.analyzer.document import is_title
from fazhi.analyzer.indicators import UNITS

# ---------------------------------------------------------------- offsets


class OffsetMap:
    """Map offsets of a text with some characters deleted back to the original text."""

    __slots__ = ("_clean", "_orig")

    def __init__(self, kept: list[tuple[int, int]]):
        # ``kept``: the original ranges that survive, in order; the repaired text is their concatenation.
        self._clean: list[int] = []
        self._orig: list[int] = []
        at = 0
        for a, b in kept:
            self._clean.append(at)
            self._orig.append(a)
            at += b - a

    def position(self, pos: int) -> int:
        """Return the original offset of the repaired text's character at ``pos``."""
        k = bisect_right(self._clean, pos) - 1
        if k < 0:
            return pos
        return self._orig[k] + pos - self._clean[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original span of the repaired ``[start, end)``: from its first to its last character."""
        a = self.position(start)
        return a, (self.position(end - 1) + 1 if end > start else a)


def _apply(text: str, deletions: list[tuple[int, int]]) -> tuple[str, OffsetMap]:
    kept, at = [], 0
    for a, b in sorted(deletions):
        if b <= at:
            continue
        a = max(a, at)
        if a > at:
            kept.append((at, a))
        at = b
    if at < len(text):
        kept.append((at, len(text)))
    return "".join(text[a:b] for a, b in kept), OffsetMap(kept)


def repair(text: str) -> tuple[str, OffsetMap | None, list[str]]:
    """Return the repaired text, the map back to ``text`` (None when nothing was repaired) and what was done.

    The repairs run in turn, each on the text the ones before left (hard wraps first: the others read whole
    paragraphs); their deletions are kept in the original's offsets.
    """
    deletions: list[tuple[int, int]] = []
    done = []
    current, offsets = text, None
    for name, finder in _REPAIRS:
        found: list[tuple[int, int]] = []
        finder(current, found)
        if not found:
            continue
        done.append(name)
        if offsets is not None:
            found = [offsets.span(a, b) for a, b in found if b > a]
        deletions.extend(found)
        current, offsets = _apply(text, deletions)
    return current, offsets, done


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)


# ---------------------------------------------------------------- glued site furniture

# What opens a piece of furniture a mirror site glues to the report's text (one scan finds them all).
_GLUED = rx.compile(
    r"本文来源|文章来源|信息来源|来源\s*[:：]|责任编辑|原标题|扫一扫|扫码|打印本页|关闭窗口|【\s*(?:字体|打印|关闭)|"
    r"字号\s*[:：]|分享到|https?://|www\.|发布时间|浏览次数|点击数|转载自|本文转载|侵权|请访问"
)
# A heading's number, or the end of a sentence: only after one of these can a line's tail be furniture (a tail
# after an open clause, "资金来源：财政拨款", is the report's own words).
_MARKER_START = rx.compile(  # spaces allowed inside: a letter-spaced heading reads "三 、 存 在 的 问 题"
    r"[\s\u3000]*(?:[一二三四五六七八九十]{1,3}\s?[、.．]|[（(]\s?[一二三四五六七八九十\d]{1,3}\s?[)）]|"
    r"\d{1,2}\s?(?:[、．]|\.(?!\d))|第\s?[一二三四五六七八九十]{1,3}\s?部\s?分)"
)
_FURNITURE_OPENING = rx.compile(r"(?:更多(?:精彩)?(?:内容|资讯|信息|资料)?|欢迎)$")
_GAP = rx.compile(r"[ \t\u3000]{2,}")
_HANZI = rx.compile(r"[\u4e00-\u9fff“《（(\d]")
_COMPLETE_END = "。！？!?”）)】:：；;"
# Furniture a site prints at the start of the report's first line: font switches, print and share buttons.
_GLUED_PREFIX = rx.compile(
    r"[\s\u3000]*((?:(?:【\s*(?:字体\s*[:：]?\s*大\s*中\s*小|打印(?:本页)?|关闭(?:窗口)?|收藏|返回顶部)\s*】|"
    r"扫一扫在手机(?:上)?打开当前页|打印本页|关闭窗口|分享到\s*[:：]?|字体\s*[:：]\s*大\s*中\s*小)[\s\u3000|｜]*)+)"
)


def _watermark_at(line: str, h: int) -> tuple[int, int] | None:
    """Return the span of a mirror site's mark at ``h`` in ``line`` when report words follow it straight on.

    The mark must name itself as one (a slogan or a name before a dash) or sit in a numbered heading, so that a
    web address a paragraph cites is left to the rules for furniture.
    """
    for m in WATERMARK.finditer(line, max(0, h - 20)):
        if m.start() > h:
            break
        if m.end() <= h:
            continue
        rest = line[m.end() :]
        heading = _MARKER_START.match(line) is not None
        if not rest.strip() or not (heading or _HANZI.match(rest)) or is_clutter_line(rest):
            return None
        if heading or "每日更新" in m.group() or "—" in m.group():
            return m.start(), m.end()
        return None
    return None


def _glued_furniture(text: str, deletions: list[tuple[int, int]]) -> None:
    """Cut site furniture glued to the start or the end of a paragraph or heading (lines of it alone stay)."""
    seen = -1
    for m in _GLUED.finditer(text):
        h = m.start()
        if h < seen:
            continue
        ls, le = _line_bounds(text, h)
        line = text[ls:le]
        p = _GLUED_PREFIX.match(line)
        if p and p.end() < len(line.rstrip()) and not is_clutter_line(line[p.end() :]):
            deletions.append((ls + p.start(1), ls + p.end(1)))
            seen = ls + p.end()
            continue
        mark = _watermark_at(line, h - ls)
        if mark is not None:
            # A mirror site's mark glued into the report's words ("…法治政府建XX之家—全网资源每日更新www.x.com设…"):
            # only the mark goes, the words after it are the report's own.
            deletions.append((ls + mark[0], ls + mark[1]))
            seen = ls + mark[1]
            continue
        gap = _GAP.search(line, h - ls)
        if gap and line[gap.end() :].strip():
            # Page elements a scrape ran together, a wide gap apart: "更多内容请访问XX网      今年是…".
            lead = len(line) - len(line.lstrip())
            if is_clutter_line(line[: gap.start()]) and not is_clutter_line(line[gap.end() :]):
                deletions.append((ls + lead, ls + gap.end()))
                seen = le
                continue
        cut = h - 1 if h > ls and text[h - 1] in "（(【[" else h
        back = _FURNITURE_OPENING.search(text, ls, cut)  # "更多精彩内容|请访问…": the furniture began earlier
        if back:
            cut = back.start()
        head = text[ls:cut].rstrip()
        # The tail goes when it is furniture and what precedes it is a complete paragraph or a numbered heading
        # (which the furniture would otherwise hide: a line mentioning 来源： reads as a byline).
        if (
            len(head.strip()) >= 2
            and (head[-1] in _COMPLETE_END or _MARKER_START.match(head))
            and is_clutter_line(text[cut:le])
            and not is_clutter_line(head)
        ):
            deletions.append((ls + len(head), le))
        seen = le


# ---------------------------------------------------------------- PDF spacing

# Three Chinese characters each after a space. PDF extraction spaces with ASCII spaces (full-width ones indent
# paragraphs); opening with that literal lets the regex engine skip from space to space.
_SPACED_RUN = rx.compile(r" [\u4e00-\u9fff] [\u4e00-\u9fff] [\u4e00-\u9fff]")
_INNER_SPACES = rx.compile(r"(?<=\S)[ \t\u3000]+(?=\S)")  # in a letter-spaced line, every gap goes
# The first characters of the units a figure may carry (件, 人次, %, 万元…), but not 年 (a date's spacing is left
# alone: "2022 年"), nor those that open common words too (分, 百, 工, 小…).
_UNIT_FIRST = "".join(sorted({u[0] for u in UNITS} - set("年级届分百工小平公学课") | set("万亿余多％")))
# Spaces before a number that carries a unit, or between a number and its unit (ASCII spaces, as above). Written
# "  *", not " +": a pattern that opens with a literal lets the regex engine skip from space to space, one that
# opens with a repeat is tried at every position of the text.
_SPACED_NUMBER = rx.compile(rf"  *(?=\d[\d,.]*%? *[{_UNIT_FIRST}]|[{_UNIT_FIRST}])")
_HANZI_OR_MARK = rx.compile(r"[\u4e00-\u9fff，、；：（“]")


def _letter_spacing(text: str, deletions: list[tuple[int, int]]) -> None:
    """Join letter-spaced lines: a justified PDF line comes out with a space after every character."""
    if not _SPACED_RUN.search(text):
        return
    # A text with letter spacing somewhere: every line is looked at, since a wrapped line may hold only
    # figures ("1 , 3 6 9 项").
    at = 0
    for line in text.split("\n"):
        content = line.strip()
        spaces = content.count(" ")
        # Letter-spaced when about every other character is a space; prose with a few spaced words is not.
        if spaces >= 2 and spaces * 2 >= len(content) * 0.8:
            deletions.extend((at + s.start(), at + s.end()) for s in _INNER_SPACES.finditer(line))
        at += len(line) + 1


def _number_spacing(text: str, deletions: list[tuple[int, int]]) -> None:
    """Close the gaps PDF extraction leaves around a figure: "申请 35 件" → "申请35件"."""
    for m in _SPACED_NUMBER.finditer(text):
        a, b = m.span()
        if a == 0:
            continue
        before = text[a - 1]
        # Between the number and its unit always; between words and the number only after Chinese text, so
        # that "16:46 …" bylines and "一、 2022年度" headings keep their spacing.
        if before.isdigit() or before in "%％" or (text[b].isdigit() and _HANZI_OR_MARK.match(before)):
            deletions.append((a, b))


# ---------------------------------------------------------------- PDF hard wraps and page numbers

_PAGE_NUMBER = rx.compile(
    r"[\s\u3000]*(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|"
    r"\d{1,3}\s*/\s*\d{1,3}|\d{1,3})[\s\u3000]*"
)
_SLACK = 6
_NO_JOIN_AFTER = "。！？!?；;：:"
_INDENT = rx.compile(r"[ \u3000]{2,}|\t")


def _width(line: str) -> int:
    # The printed width: a Chinese character takes two columns, a Latin letter or digit one (their GB18030
    # lengths, counted in C; a character outside GBK counts one).
    return len(line.encode("gbk", "replace"))


def _hard_wraps(text: str, deletions: list[tuple[int, int]]) -> None:
    """Join the lines of paragraphs a PDF wrapped at a fixed width, over the page numbers between them."""
    breaks = text.count("\n")
    # Web pages and word-processor files hold a paragraph per line (hundreds of characters on average); a
    # wrapped text has short lines. Most texts stop here.
    if breaks < 15 or len(text) > 50 * breaks:
        return
    lines = text.split("\n")
    widths = [_width(ln.rstrip()) for ln in lines]
    counts = Counter(w for w in widths if w >= 30)
    if not counts:
        return
    # The wrap width: the width around which most full lines fall (a line a character short when the next
    # would not fit, or narrower with half-width digits in it: up to three Chinese characters' slack).
    best_w, best_n = 0, 0
    for w in counts:
        n = sum(counts.get(x, 0) for x in range(w - _SLACK, w + 1))
        if n > best_n or (n == best_n and w > best_w):
            best_w, best_n = w, n
    nonblank = sum(1 for ln in lines if ln.strip())
    if best_n < 5 or best_n < 0.3 * nonblank:
        return
    starts = []
    at = 0
    for ln in lines:
        starts.append(at)
        at += len(ln) + 1
    page = _PAGE_NUMBER.fullmatch
    for i, ln in enumerate(lines):
        if widths[i] < best_w - _SLACK or page(ln):
            continue
        content = ln.rstrip()
        if not content.strip() or content[-1] in _NO_JOIN_AFTER or is_title(content):
            continue  # a sentence's end, or a title as wide as the text (centred titles are shorter)
        j = i + 1
        while j < len(lines) and (
            page(lines[j])
            or _pure_clutter(lines[j])
            or (
                not lines[j].strip()
                and j + 1 < len(lines)
                and (page(lines[j + 1]) or _pure_clutter(lines[j + 1]))
            )
        ):
            j += 1  # over a page number or a line of site furniture, and the blank lines around it
        if j >= len(lines) or j == i + 1 and not lines[j].strip():
            continue
        nxt = lines[j]
        if not nxt.strip() or _INDENT.match(nxt) or _MARKER_START.match(nxt):
            continue
        lead = len(nxt) - len(nxt.lstrip())
        deletions.append((starts[i] + len(content), starts[j] + lead))


def _pure_clutter(line: str) -> bool:
    """Return True for a line of site furniture alone (not a paragraph's end with furniture glued to it)."""
    if not line.strip() or not is_clutter_line(line):
        return False
    m = _GLUED.search(line)
    return m is None or not line[: m.start()].strip()


_REPAIRS = (
    ("hard-wrapped lines joined", _hard_wraps),
    ("letter-spaced lines joined", _letter_spacing),
    ("spaces around figures closed", _number_spacing),
    ("glued site furniture removed", _glued_furniture),
)

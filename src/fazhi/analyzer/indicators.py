"""Find the quantitative results a report states: 受理行政复议申请5件, 受教育群众15万余人次, 占比57%.

What is not a result is left out: dates and years, document numbers, ordinals (第14次常务会议), list
numbering, slogans and brand names containing numbers (三项制度, “31证合一”), rules and targets
(15日内备案, 每年至少举办10次) and everything in next year's plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import attrgetter

from fazhi.analyzer import rx
from fazhi.analyzer.metrics import MetricMapper, default_mapper
from fazhi.analyzer.numbers import Number, _tidy, normalize_digits, parse_number

#: The rules that accept or reject a number, as ``code: (accepted, English, 中文)``. ``_accept`` names the rule that
#: decided each figure only when asked (``why``); ``fazhi.analyzer.explain`` names the rules of the numbers that never
#: reach it. ``python -m fazhi.analyzer --explain FILE`` prints them for every number of a report.
RULES: dict[str, tuple[bool, str, str]] = {
    # Accepted: what a result is.
    "count": (True, "a number and its measure word (受理复议申请5件, 两期)", "数量+量词"),
    "rate": (True, "a percentage (纠错率12%, 百分之九十)", "比率或百分数"),
    "amount": (True, "a sum of money (罚没款196.2万元)", "金额"),
    "streak": (True, "a run of years achieved (连续两年, 连续3年)", "连续年数"),
    "rank": (True, "a ranking (全省第三名, 居全市第一)", "排名"),
    # Rejected inside the figure grammar.
    "ordinal": (False, "an ordinal: a meeting or term (第三次, 十九届, 第14、15次)", "序数（第…次、…届…中全会）"),
    "range": (False, "a range or a formula (3-5个, 1+X)", "范围或算式"),
    "unit_not_counted": (False, "级 or 年 after a number: a level or a span", "级别或年限，非计数"),
    "cn_idiom_unit": (False, "a Chinese numeral with a unit used in idioms (三年, 五级)", "汉字数字+惯用词"),
    "round_brand": (False, "a round figure naming a programme (百场讲座, 一百条)", "整数式品牌或政策名"),
    "cn_reference": (False, "a Chinese numeral after 每/这/前… (每次, 前三名)", "指代或习语（每次、这两个）"),
    "slogan": (False, "a slogan, brand or system name (三项制度, 31证合一)", "口号、品牌或制度名"),
    "quoted": (False, "inside quotes or a title (“八五”普法, 《…10条》)", "引号或书名号内"),
    "not_a_score": (False, "分 with no score words about (not a result)", "非得分的“分”"),
    "unparsable": (False, "a number that cannot be read", "无法识读的数字"),
    "idiom_one": (False, "the numeral 一 (一次, 一个): an idiom, not a count", "汉字“一”（一次、一个）"),
    "target_before": (False, "a rule or target (至少, 不少于, 每年, 力争…)", "目标或要求（至少、不少于…）"),
    "target_after": (False, "a time limit or target (15日内, …的目标)", "期限或要求（…日内、…的目标）"),
    "threshold": (False, "a benchmark set by a rule (超过规定的62.5%)", "规定或标准值"),
    # Rejected before the figure grammar (named only by ``--explain``).
    "date_or_year": (False, "a date or a year (2023年, 3月5日)", "日期或年份"),
    "document_number": (False, "a document or order number (〔2023〕5号)", "文号"),
    "age": (False, "an age (55岁)", "年龄"),
    "list_number": (False, "list numbering (一、, （二）, 3.)", "序号"),
    "next_year_plan": (False, "in the plan for the next year", "下一年度计划"),
    "not_body": (False, "outside the report's paragraphs (title, headings, page clutter)", "不在正文段落内"),
    "no_unit": (False, "no measure word after the number", "无计量单位"),
}


def rule_table() -> str:
    """Return the rules as printed lines: ``code  ACCEPT|reject  English / 中文``."""
    width = max(map(len, RULES))
    return "\n".join(
        f"  {code:<{width}}  {'accept' if ok else 'reject'}  {en} / {zh}" for code, (ok, en, zh) in RULES.items()
    )


_NUM_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
_NUM_CN = r"[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?"

# Longest first, so that 人次 wins over 人 and 个月 over 个.
UNITS = sorted(
    [
        "个百分点",
        "百分点",
        "个工作日",
        "工作日",
        "个月",
        "人次",
        "场次",
        "件次",
        "户次",
        "批次",
        "车次",
        "架次",
        "台次",
        "个次",
        "期次",
        "份次",
        "班次",
        "课时",
        "学时",
        "件(次)",
        "件（次）",
        "平方公里",
        "平方米",
        "方面",
        "公里",
        "公顷",
        "小时",
        "分钟",
        "元",
        "亩",
        "米",
        "吨",
        "%",
        "个",
        "件",
        "次",
        "场",
        "条",
        "人",
        "名",
        "位",
        "项",
        "家",
        "期",
        "份",
        "册",
        "本",
        "篇",
        "支",
        "台",
        "辆",
        "户",
        "所",
        "座",
        "处",
        "批",
        "部",
        "套",
        "张",
        "起",
        "宗",
        "轮",
        "块",
        "幅",
        "例",
        "组",
        "卷",
        "天",
        "门",
        "节",
        "堂",
        "间",
        "栋",
        "种",
        "类",
        "款",
        "封",
        "笔",
        "艘",
        "枚",
        "分",
        "级",
        "届",
        "年",
    ],
    key=len,
    reverse=True,
)
# Units a Chinese numeral may carry as a result (两期, 四次, 三个协调小组); the others are idioms in words.
CN_UNITS_OK = {
    "个",
    "次",
    "期",
    "场",
    "场次",
    "批",
    "支",
    "名",
    "家",
    "篇",
    "件",
    "项",
    "位",
    "所",
    "座",
    "处",
    "轮",
    "人次",
    "条",
    "份",
    "本",
    "册",
    "部",
    "套",
    "台",
    "辆",
    "户",
    "天",
    "小时",
    "个月",
    "人",
    "个工作日",
    "个百分点",
    "方面",
    "%",
}
# Units that only count when an Arabic number carries them (级, 届, 年 are levels, terms and dates).
_AR_ONLY_DENY = {"级", "届", "年"}
_TIME_UNITS = {"天", "个工作日", "工作日", "小时", "分钟", "个月"}

_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_UNIT_FIRST = "".join(sorted({re.escape(u[0]) for u in UNITS}))  # checked first: most numerals have no unit
_CN_NUMERALS = "零〇一二两三四五六七八九十百千"
# A figure: 百分之九十, or a number with an optional 万/亿, 余/多 and its unit. The pattern opens with the
# class of the characters a figure can start with, so that the regex engine skips the prose in between;
# the lookbehinds then tell which kind of number the first character began. The matches are exactly those
# of ``(?P<pct>百分之(?P<pnum>AR|CN))|(?P<num>AR|CN)(?P<m1>[万亿])?(?P<ap>余|多)?(?P<m2>[万亿])?(?P<unit>…)``;
# the number ``num`` runs from the match's start to the empty group ``numend``.
_FIGURE_REST = (
    rf"(?:(?<=百)分之(?P<pnum>{_NUM_AR}|{_NUM_CN})"
    rf"|(?:(?<=\d)\d*(?:,\d{{3}})*(?:\.\d+)?|(?<=[{_CN_NUMERALS}])[{_CN_NUMERALS}]*(?:点[零〇一二三四五六七八九]+)?)"
    rf"(?P<numend>)(?P<m1>[万亿])?(?P<ap>余|多)?(?P<m2>[万亿])?(?=[{_UNIT_FIRST}])(?P<unit>{_UNIT_RE}))"
)
_PATTERN = rx.compile(rf"[\d{_CN_NUMERALS}]" + _FIGURE_REST)
# The same, opening with 0-9 for \d: the engine checks a class of characters alone in one table lookup, and one with
# \d at every character of the text a Unicode lookup too. It finds what _PATTERN finds in a text whose digits are all
# ASCII: a text with no character in the blocks where the other digits are (Arabic-Indic, Devanagari… and beyond
# U+FFFF; a test holds every digit Python knows to them), once its full-width digits are made ASCII.
_PATTERN_ASCII = rx.compile(rf"[0-9{_CN_NUMERALS}]" + _FIGURE_REST)
_OTHER_DIGIT_BLOCKS = "\u0100-\u1fff\ua000-\udfff\U00010000-\U0010ffff"
_OTHER_DIGITS = rx.compile(f"[{_OTHER_DIGIT_BLOCKS}]")
_FULLWIDTH_OR_OTHER_DIGITS = rx.compile(f"[０-９％．{_OTHER_DIGIT_BLOCKS}]")  # one scan for both, in most texts
_RANK = rx.compile(
    rf"(?:(?:位居|位列|排名|名列|居|列|获得?|取得|荣获)(?:全国|全省|全市|全区|全州|全盟|全县|[\u4e00-\u9fff]{{0,6}}?)"
    rf"|(?:全国|全省|全市|全区|全州|全盟|全县))第(?P<rnum>{_NUM_AR}|[一二三四五六七八九十]+)(?P<runit>名|位)?"
)

_SEP = "。；;，,：:！？!?\n"
_SENTENCE_SEP = "。；;！？!?\n"
_SEP_RE = rx.compile(f"[{_SEP}]")
_SENTENCE_SEP_RE = rx.compile(f"[{_SENTENCE_SEP}]")
_OPEN_QUOTES = '“‘「『"《〈【'
_CLOSE_QUOTES = '”’」』"》〉】'
_TARGET_BEFORE = rx.compile(
    r"每年|每季度?|每半年|每月|每周|每日|每天|至少|不少于|不低于|不超过|不高于|不得|力争|争取|拟(?!定|订)|"
    r"计划(?!生育)|目标|应当|必须|原则上|确保(?!了)|要求在|以上的|标准为"
)
# Matched at the figure's end (a ``^`` would not match at a position other than 0).
_TARGET_AFTER = rx.compile(r"(?:以内|之内|内)(?!容|部|涵|设|控)|的?(?:目标|任务|要求)")
_SLOGAN_AFTER = rx.compile(
    r"制度|机制|模式|工程|体系|清单|合一|统一|联动|结合|服务圈|圈|工作法|理念|意识|自信|维护|确立|全面|方针|"
    r"原则|战役|攻坚|规划|同步|公开|一|不|零|无|到位|覆盖|文明|品牌"
)
_SLOGANS = rx.compile(
    r"两个维护|两个确立|四个意识|四个自信|四个全面|五位一体|两个一百年|三个代表|一网通办|一件事"
)
_APPROX_BEFORE = rx.compile(r"(约|近|将近|接近|超过|逾|不到|不足|大约)$")
_APPROX_AFTER = rx.compile(r"以上|左右|多|有余")  # matched at the figure's end
_FILLER = rx.compile(
    r"^(其中|同时|另外|此外|全年|今年|本年度|年内|当年|一年来|截至目前|截至\S{0,8}?底|目前|已|共|累计|先后|"
    r"全[县市区省镇乡]|我[县市区省镇乡局]|本[县市区省镇乡]|[县市区省]政府|还|并|均|再|又|达|为)+"
)


@dataclass
class Indicator:
    value: float | int
    unit: str
    printed: str
    label: str
    approx: bool
    quote: str
    start: int
    end: int
    number_start: int
    number_end: int
    metric: str | None = None
    counted: str | None = None  # the evidence for ``metric``: the phrase naming what the figure counts

    def as_dict(self) -> dict:
        return {
            "value": self.value,
            "unit": self.unit,
            "printed": self.printed,
            "label": self.label,
            "approx": self.approx,
            "metric": self.metric,
            "counted": self.counted,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
        }


class _Bounds:
    """Where the clause and the sentence around a figure begin and end, in one span (a line) of the text.

    The separator after a position is looked for forwards in the text, the one before it forwards in the text
    reversed (``rs``, made once for all the spans of a text: Python's regex engine searches only forwards); a figure
    asks for two or three, fewer than the separators of its line.
    """

    __slots__ = ("s", "rs", "n", "lo", "hi")

    def __init__(self, s: str, lo: int, hi: int, rs: str | None = None):
        self.s, self.lo, self.hi = s, lo, hi
        self.rs = s[::-1] if rs is None else rs
        self.n = len(s)

    def clause_start(self, i: int) -> int:
        """Return where the clause of position ``i`` begins: after the last separator before ``i`` (else the span's
        start)."""
        m = _SEP_RE.search(self.rs, self.n - i, self.n - self.lo)
        return self.n - m.start() if m else self.lo

    def clause_end(self, j: int) -> int:
        """Return the first separator at or after ``j`` (the span's end when there is none)."""
        m = _SEP_RE.search(self.s, j, self.hi)
        return m.start() if m else self.hi

    def sentence_start(self, i: int) -> int:
        """Return where the sentence of position ``i`` begins: after the last sentence separator before ``i``."""
        m = _SENTENCE_SEP_RE.search(self.rs, self.n - i, self.n - self.lo)
        return self.n - m.start() if m else self.lo


_OPEN_QUOTES_RE = rx.compile("[" + re.escape(_OPEN_QUOTES.replace('"', "")) + "]")


def _inside_quotes(s: str, lo: int, i: int, j: int, hi: int) -> bool:
    """Return True when s[i:j] sits inside a short quoted or titled span (a slogan, a name, a book title)."""
    # Only an opening quote within the 30 characters before the figure can enclose it (the walk back
    # below looks no further); without one, only straight double quotes remain to be counted.
    if _OPEN_QUOTES_RE.search(s, max(lo, i - 30), i):
        depth = 0
        k = i - 1
        steps = 0
        while k >= lo and steps < 30:
            ch = s[k]
            if ch in _SEP and ch not in "，,：:":
                break
            if ch in _CLOSE_QUOTES and ch != '"':
                depth += 1
            elif ch in _OPEN_QUOTES and ch != '"':
                if depth == 0:
                    # Open quote before us: is it closed after us, soon?
                    close = s.find(_CLOSE_QUOTES[_OPEN_QUOTES.index(ch)], j, min(hi, j + 30))
                    return close >= 0
                depth -= 1
            k -= 1
            steps += 1
    # Straight double quotes carry no direction: count them on the line.
    return s.find('"', j, min(hi, j + 30)) >= 0 and s.count('"', lo, i) % 2 == 1


def _is_excluded(pos: int, excluded: list[tuple[int, int]]) -> bool:
    for a, b in excluded:  # noqa: SIM110 - a plain loop is faster than any() over a generator
        if a <= pos < b:
            return True
    return False


def find_indicators(
    text: str,
    spans: list[tuple[int, int]],
    excluded: list[tuple[int, int]],
    mapper: MetricMapper | None = None,
) -> list[Indicator]:
    """Return the indicators in the given text ``spans`` (paragraph lines), skipping the ``excluded`` ranges.

    Each indicator's ``metric`` is the catalog metric it states, by ``mapper`` (the shipped catalog unless
    another is given), or None.
    """
    mapper = mapper or default_mapper()
    out: list[Indicator] = []
    if not spans:
        return out
    s, pattern = text, _PATTERN_ASCII
    if _FULLWIDTH_OR_OTHER_DIGITS.search(text):
        s = normalize_digits(text)
        if _OTHER_DIGITS.search(s):
            pattern = _PATTERN
    # One scan of the text from the first span to the last, each match then placed in its span: a figure never
    # runs over a line's end, nor starts in a line's lead (blanks, 字号 大 中 小), so the matches inside the spans
    # are those a scan of each span would find, without a scan started per line.
    count = len(spans)
    k = 0
    lo, hi = spans[0]
    bounds = None  # where clauses and sentences end in span k, found at its first figure
    rs = None  # the text reversed, made at the first figure
    for m in pattern.finditer(s, lo, spans[-1][1]):
        start = m.start()
        if start >= hi:
            while k < count and spans[k][1] <= start:
                k += 1
            if k == count:
                break
            lo, hi = spans[k]
            bounds = None
        if start < lo or (excluded and _is_excluded(start, excluded)):
            continue
        if bounds is None:
            if rs is None:
                rs = s[::-1]
            bounds = _Bounds(s, lo, hi, rs)
        found = _accept(s, text, bounds, m, mapper)
        if found:
            out.extend(found)
    if "第" in s:  # every ranking reads 第…
        for lo, hi in spans:
            if s.find("第", lo, hi) < 0:
                continue
            bounds = None
            for m in _RANK.finditer(s, lo, hi):
                if excluded and _is_excluded(m.start(), excluded):
                    continue
                if bounds is None:
                    if rs is None:
                        rs = s[::-1]
                    bounds = _Bounds(s, lo, hi, rs)
                ind = _ranking(s, text, bounds, m)
                if ind:
                    out.append(ind)
    out.sort(key=attrgetter("number_start", "start"))
    return out


def _ranking(s: str, text: str, bounds: _Bounds, m: re.Match) -> Indicator | None:
    try:
        value = _parse(m.group("rnum")).value
    except ValueError:
        return None
    after = s[m.end() : m.end() + 2]
    if not m.group("runit") and after[:1] and after[:1] not in _SEP and after[:1] not in "的名":
        return None
    a, b = bounds.clause_start(m.start()), bounds.clause_end(m.end())
    quote_start, quote_end = _trim(a, b, m.start(), m.end())
    return Indicator(
        value,
        "名",
        s[m.start("rnum") - 1 : m.end()],
        _label(s, a, m.start(), m.end(), b, "名"),
        False,
        text[quote_start:quote_end],
        quote_start,
        quote_end,
        m.start("rnum"),
        m.end("rnum"),
    )


def _trim(a: int, b: int, i: int, j: int) -> tuple[int, int]:
    # Keep quotes short: at most ~30 characters before the figure and ~15 after it.
    return max(a, i - 30), min(b, j + 15)


@lru_cache(maxsize=1024)
def _parse(raw: str) -> Number:
    """``parse_number`` of a short printed number, remembered (the same few numbers recur); bounded."""
    return parse_number(raw)


_NOT_AFTER_ORDINAL = ("第", "No.", "NO.", "+", "-", "—", "~", "～", ".", "·", "▪")
_NOT_BEFORE_RANGE = ("+", "-", "—", "~", "～")
_NOT_BEFORE_RANGE_CHARS = frozenset("".join(_NOT_BEFORE_RANGE))
_RANGE_SIGNS = "-—~～至到"
_RANGE_AFTER = rx.compile(r"[-—~～至到]\s*\d")  # matched at the number's end, within 3 characters
_RANGE_BEFORE = rx.compile(r"\d\s*[-—~～至到]$")
# Words before a Chinese numeral that make it an idiom or a reference, not a count (每次, 这两个, 前三名…).
_CN_NOT_AFTER = (
    "每", "这", "那", "哪", "几", "前", "后", "头", "逐", "上", "下", "统", "唯", "同", "之", "万", "千", "百", "某",
    "任", "单", "合", "专", "整", "星期", "周", "初", "十", "数",
)  # fmt: skip
_ROUND_CN = rx.compile(r"[百千万十]+")
_SCORE_WORDS = rx.compile(r"得分|分数|评分|成绩|考核|测评")
_CIRCLE_AFTER = rx.compile(r"[^，,。；;：:]{0,10}?(服务圈|生活圈|证合一|合一)")  # matched at the figure's end
_SHORTENED = rx.compile(r"压缩|缩短|减少|降至|降低|提速|最快|平均|实际|提前")
_TARGET_UNITS = _TIME_UNITS | {"件", "次", "个", "项"}


# 第14、15次会议, 第三、四次: the later ordinals of a list of ordinals (matched at the end of the 8 characters before).
_ORDINAL_NUM = rf"(?:{_NUM_AR}|[{_CN_NUMERALS}]+)"
_ORDINAL_LIST = rx.compile(rf"第{_ORDINAL_NUM}(?:[、和及与至到]{_ORDINAL_NUM})*[、和及与至到]$")
_ORDINAL_LIST_LAST = frozenset("、和及与至到")
# A benchmark quoted for comparison: 超过国家规定的62.5%, 高于考核标准 (matched at the end of the clause before).
_THRESHOLD = rx.compile(r"(?:规定|要求|标准|考核目标|下达|基准)(?:的|值)(?:为|是)?$")
_THRESHOLD_LAST = frozenset("的值为是")
# 一 counts only ending its clause, after what it counts (聘请法律顾问一名, 召开专题会议一次).
_ONE_UNITS = frozenset(("名", "位", "人", "件", "个", "家", "次", "场", "期", "项"))
_YEAR_NUMBER = rx.compile(r"(?:1[89]|20)\d\d")


def _range(raw: str, unit: str) -> str:
    """Return the rule of a number in a range or formula (explaining only): (2021-2025年) is a plan period."""
    return "date_or_year" if unit == "年" and _YEAR_NUMBER.fullmatch(raw) else "range"


def _denied_unit_rule(raw: str, unit: str, s: str, j: int) -> str:
    """Return the rule that rejects a number carrying 级, 届 or 年 (explaining only)."""
    if unit == "届":
        return "ordinal"  # 十九届三中全会, 第十四届
    if unit == "年" and (_YEAR_NUMBER.fullmatch(raw) or s.startswith("度", j)):
        return "date_or_year"
    return "unit_not_counted"


_ORDINAL_LAST = frozenset(x[-1] for x in _NOT_AFTER_ORDINAL)
_CN_NOT_AFTER_LAST = frozenset(x[-1] for x in _CN_NOT_AFTER)
_RANGE_BEFORE_LAST = frozenset(_RANGE_SIGNS + "\n")  # "$" also matches before a final newline
_APPROX_BEFORE_LAST = frozenset("约近过逾到足\n")
_APPROX_AFTER_FIRST = frozenset("以左多有")
_TARGET_AFTER_FIRST = frozenset("以之内的目任要")


def _no(why: list[str], rule: str) -> list[Indicator]:
    """Name the rule that rejected a figure (explaining only) and return no indicators."""
    why.append(rule)
    return []


def _accept(
    s: str, text: str, bounds: _Bounds, m: re.Match, mapper: MetricMapper | None = None, why: list[str] | None = None
) -> list[Indicator]:
    """Return the indicators of one match of ``_PATTERN`` (none when it is not a result; several when rates
    share the figure), with their metric by ``mapper`` when one is given.

    ``why``: when a list is given (``--explain``), the code of the rule (``RULES``) that accepted or rejected the
    figure is appended to it; the default costs nothing.
    """
    lo, hi = bounds.lo, bounds.hi
    regs = m.regs  # the spans of the match and its groups: pnum, numend, m1, ap, m2, unit
    i, j = regs[0]
    pnum, _numend, m1, ap, m2, unit = m.groups()
    pct = pnum is not None
    if pct:
        raw, unit, mult_chars = pnum, "%", ""
        num_start, num_end = regs[1]
    else:
        num_start, num_end = i, regs[2][0]
        raw = s[num_start:num_end]
        mult_chars = (m1 or "") + (m2 or "") if m1 or m2 else ""
    cn = not raw[0].isdigit()
    before = s[max(lo, i - 8) : i]
    last = before[-1:]
    # Ordinals, ranges, formulas and decimals glued to other numbers are not results.
    if last in _ORDINAL_LAST and before.endswith(_NOT_AFTER_ORDINAL):
        ordinal = before.endswith(("第", "No.", "NO."))
        return [] if why is None else _no(why, "ordinal" if ordinal else _range(raw, unit))
    if j < hi and s[j] in _NOT_BEFORE_RANGE_CHARS:
        return [] if why is None else _no(why, _range(raw, unit))
    if (num_end < len(s) and s[num_end] in _RANGE_SIGNS and _RANGE_AFTER.match(s, num_end, num_end + 3)) or (
        last in _RANGE_BEFORE_LAST and _RANGE_BEFORE.search(before)
    ):
        return [] if why is None else _no(why, _range(raw, unit))
    if last in _ORDINAL_LIST_LAST and _ORDINAL_LIST.search(before):
        return [] if why is None else _no(why, "ordinal")  # 第14、15次会议: the second ordinal of a list
    streak = False
    if unit in _AR_ONLY_DENY:
        # 连续两年, 连续3年: a run of years achieved is a result; other years, levels and terms are not.
        streak = unit == "年" and before.endswith("连续") and not mult_chars
        if not streak:
            return [] if why is None else _no(why, _denied_unit_rule(raw, unit, s, j))
    if cn:
        if unit not in CN_UNITS_OK and not streak:
            return [] if why is None else _no(why, "cn_idiom_unit")
        if raw != "十" and _ROUND_CN.fullmatch(raw):
            return [] if why is None else _no(why, "round_brand")  # 百场讲座, 千项工程: brand figures, not counts
        if last in _CN_NOT_AFTER_LAST and before.endswith(_CN_NOT_AFTER):
            return [] if why is None else _no(why, "cn_reference")
        after = s[j : min(hi, j + 12)]
        head = _SEP_RE.split(after, maxsplit=1)[0]
        if _SLOGAN_AFTER.match(head[:6]) or _SLOGAN_AFTER.search(head[:4]):
            return [] if why is None else _no(why, "slogan")
        if _SLOGANS.search(s, max(lo, i - 2), j + 4):
            return [] if why is None else _no(why, "slogan")
    else:
        if unit == "分" and not _SCORE_WORDS.search(s, max(lo, i - 12), i):
            return [] if why is None else _no(why, "not_a_score")
        after = s[j : min(hi, j + 12)]
        if ("圈" in after or "合一" in after) and _CIRCLE_AFTER.match(after):
            return [] if why is None else _no(why, "slogan")
    # Inside quotes only with an opening quote shortly before or a straight quote shortly after.
    if (_OPEN_QUOTES_RE.search(s, max(lo, num_start - 30), num_start) or s.find('"', j, min(hi, j + 30)) >= 0) and (
        _inside_quotes(s, lo, num_start, j, hi)
    ):
        return [] if why is None else _no(why, "quoted")
    if not cn and not mult_chars:
        # An Arabic number alone (or after 百分之): what parse_number would compute, without its checks
        # (a whole number of up to 15 digits is exact as a float, so int() gives the same).
        if raw.isdecimal() and len(raw) <= 15:
            value = int(raw)
        else:
            value = _tidy(float(raw.replace(",", "") if "," in raw else raw))
        number_approx = False
    else:
        try:
            number = _parse(raw + mult_chars if not pct else "百分之" + raw)
        except ValueError:
            return [] if why is None else _no(why, "unparsable")
        value, number_approx = number.value, number.approx
    if cn:
        if value < 2 and not (unit in _ONE_UNITS and (j >= hi or s[j] in _SEP) and value == 1):
            return [] if why is None else _no(why, "idiom_one")  # 一次, 一个: idioms far more often than counts
        if unit == "条" and value >= 10 and not pct:
            return [] if why is None else _no(why, "round_brand")  # 优化营商环境二十条: a policy's name
    # The clause around the figure: from the last separator before it to the next one after it.
    a, b = bounds.clause_start(i), bounds.clause_end(j)
    clause_before = s[a:num_start]
    if _TARGET_BEFORE.search(clause_before):
        return [] if why is None else _no(why, "target_before")
    if cn and value == 1 and ("每" in clause_before or len(clause_before) < 2):
        return [] if why is None else _no(why, "idiom_one")  # 每村配备法律顾问一名: a rule, not a count
    if clause_before[-1:] in _THRESHOLD_LAST and _THRESHOLD.search(clause_before):
        return [] if why is None else _no(why, "threshold")  # 高于国家规定的62.5%: a benchmark, not a result
    after_first = s[j : j + 1]
    if (
        unit in _TARGET_UNITS
        and after_first in _TARGET_AFTER_FIRST
        and _TARGET_AFTER.match(s, j, b)
        and not _SHORTENED.search(s, a, j)
    ):
        return [] if why is None else _no(why, "target_after")
    approx_after = _APPROX_AFTER.match(s, j, j + 3) if after_first in _APPROX_AFTER_FIRST else None
    approx = (
        bool(ap)
        or number_approx
        or (
            s[num_start - 1 : num_start] in _APPROX_BEFORE_LAST
            and num_start > lo
            and bool(_APPROX_BEFORE.search(s[max(lo, num_start - 2) : num_start]))
        )
        or approx_after is not None
    )
    if why is not None:
        why.append("streak" if streak else "rate" if unit == "%" else "amount" if unit == "元" else "count")
    printed_unit_base = unit  # "%" for 百分之…; without 万/亿, which are in the value
    quote_start = max(a, i - 30)  # keep quotes short: ~30 characters before the figure, ~15 after it
    quote_end = min(b, j + 15)
    if approx_after:
        quote_end = max(quote_end, min(b, j + len(approx_after.group(0))))
    ind = Indicator(
        value,
        printed_unit_base,
        text[i:j],
        _label(s, a, i, j, b, unit),
        approx,
        text[quote_start:quote_end],
        quote_start,
        quote_end,
        num_start,
        num_end,
    )
    if "率、" in clause_before:
        labels = _shared_figure(clause_before)
        found = [ind] + [replace(ind, label=lbl) for lbl in labels[1:]]
    else:
        found = [ind]
    if mapper is not None:
        # The metric: from the clause before the figure, or from each rate's own label when rates share one
        # figure (备案率、审查率均为100%); the sentence before the figure tells apart metrics sharing a phrase.
        if len(found) == 1 and hasattr(mapper, "explain_with"):
            ind.metric, ind.counted = mapper.explain_with(
                clause_before,
                printed_unit_base,
                s[j:b],
                lambda: s[max(bounds.sentence_start(a), num_start - 160) : num_start],
            )
            return found
        context = s[max(bounds.sentence_start(a), num_start - 160) : num_start]
        if len(found) == 1:
            ind.metric = mapper.map(clause_before, printed_unit_base, after=s[j:b], context=context)
        else:
            labels = _shared_figure(clause_before)
            for indicator, label in zip(found, labels, strict=False):
                indicator.metric = mapper.map(label, indicator.unit, context=context)
    return found


_SHARED_FIGURE = rx.compile(r"((?:[\u4e00-\u9fff“”]+?率、)+[\u4e00-\u9fff“”]+?率)(?:均|都)?[\u4e00-\u9fff]{0,3}$")


def _shared_figure(clause_before: str) -> list[str]:
    """Return the rates that share one figure: 备案率、审查率均为100%, 覆盖率、及时率100% → two indicators (not
    …率、…率分别为98%、5%: one each)."""
    if "率、" not in clause_before or "分别" in clause_before:
        return []
    m = _SHARED_FIGURE.search(clause_before)
    if not m:
        return []
    return m.group(1).split("、")


_LABEL_MARKS = rx.compile(r"[“”\"（）()《》]")
_LABEL_VERB_ALTERNATIVES = (
    "达到", "达", "为", "共", "约", "近", "超过", "逾", "不到", "计", "有", "了", "至", "到", "降至", "提升至", "提高至",
    "下降", "增长", "增加",
)  # fmt: skip
_LABEL_VERBS = rx.compile("(" + "|".join(_LABEL_VERB_ALTERNATIVES) + ")+$")
_LABEL_VERB_ENDS = frozenset(v[-1] for v in _LABEL_VERB_ALTERNATIVES)
_POST_FILLER = rx.compile(r"^(以上|左右|多|有余|的)")
_POST_END = rx.compile(r"[和及与、]")


def _label(s: str, a: int, i: int, j: int, b: int, unit: str) -> str:
    """Return a short label for what the figure counts: the words before it, or the noun after it."""
    pre = _label_words(s[a:i])
    if len(pre) >= 2:
        return pre[-20:]
    post = _POST_FILLER.sub("", s[j:b])
    post = _POST_END.split(post, maxsplit=1)[0]
    return post[:20] or unit


@lru_cache(maxsize=4096)  # the words before figures recur (审结, 办理人大代表建议, 其中): bounded
def _label_words(before: str) -> str:
    """Return the words before a figure without quotes and brackets, the filler that opens them (其中, 全年) and the
    verbs that lead to the figure (达到, 共)."""
    pre = _LABEL_MARKS.sub("", before).strip()
    filler = _FILLER.match(pre)
    if filler:
        pre = pre[filler.end() :]
    if pre and pre[-1] in _LABEL_VERB_ENDS:
        pre = _LABEL_VERBS.sub("", pre)
    return pre

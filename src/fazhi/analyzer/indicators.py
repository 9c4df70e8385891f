"""Find the quantitative results a report states: 受理行政复议申请5件, 受教育群众15万余人次, 占比57%.

What is not a result is left out: dates and years, document numbers, ordinals (第14次常务会议), list
numbering, slogans and brand names containing numbers (三项制度, “31证合一”), rules and targets
(15日内备案, 每年至少举办10次) and everything in next year's plan.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from fazhi.analyzer.metrics import MetricMapper, default_mapper
from fazhi.analyzer.numbers import CN_BIG, normalize_digits, parse_number

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
    "%",
}
# Units that only count when an Arabic number carries them (级, 届, 年 are levels, terms and dates).
_AR_ONLY_DENY = {"级", "届", "年"}
_TIME_UNITS = {"天", "个工作日", "工作日", "小时", "分钟", "个月"}

_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_PATTERN = re.compile(
    rf"(?P<pct>百分之(?P<pnum>{_NUM_AR}|{_NUM_CN}))"
    rf"|(?P<num>{_NUM_AR}|{_NUM_CN})(?P<m1>[万亿])?(?P<ap>余|多)?(?P<m2>[万亿])?(?P<unit>{_UNIT_RE})"
)
_RANK = re.compile(
    rf"(?:(?:位居|位列|排名|名列|居|列|获得?|取得|荣获)(?:全国|全省|全市|全区|全州|全盟|全县|[\u4e00-\u9fff]{{0,6}}?)"
    rf"|(?:全国|全省|全市|全区|全州|全盟|全县))第(?P<rnum>{_NUM_AR}|[一二三四五六七八九十]+)(?P<runit>名|位)?"
)

_SEP = "。；;，,：:！？!?\n"
_SENTENCE_SEP = "。；;！？!?\n"
_SEP_RE = re.compile(f"[{_SEP}]")
_SENTENCE_SEP_RE = re.compile(f"[{_SENTENCE_SEP}]")
_OPEN_QUOTES = '“‘「『"《〈【'
_CLOSE_QUOTES = '”’」』"》〉】'
_TARGET_BEFORE = re.compile(
    r"每年|每季度?|每半年|每月|每周|每日|每天|至少|不少于|不低于|不超过|不高于|不得|力争|争取|拟(?!定|订)|"
    r"计划(?!生育)|目标|应当|必须|原则上|确保(?!了)|要求在|以上的|标准为"
)
_TARGET_AFTER = re.compile(r"^(?:以内|之内|内)(?!容|部|涵|设|控)|^的?(?:目标|任务|要求)")
_SLOGAN_AFTER = re.compile(
    r"制度|机制|模式|工程|体系|清单|合一|统一|联动|结合|服务圈|圈|工作法|理念|意识|自信|维护|确立|全面|方针|"
    r"原则|战役|攻坚|规划|同步|公开|一|不|零|无|到位|覆盖|文明|品牌"
)
_SLOGANS = re.compile(
    r"两个维护|两个确立|四个意识|四个自信|四个全面|五位一体|两个一百年|三个代表|一网通办|一件事"
)
_APPROX_BEFORE = re.compile(r"(约|近|将近|接近|超过|逾|不到|不足|大约)$")
_APPROX_AFTER = re.compile(r"^(以上|左右|多|有余)")
_FILLER = re.compile(
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

    def as_dict(self) -> dict:
        return {
            "value": self.value,
            "unit": self.unit,
            "printed": self.printed,
            "label": self.label,
            "approx": self.approx,
            "metric": self.metric,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
        }


def _clause_bounds(s: str, lo: int, hi: int, i: int, j: int) -> tuple[int, int]:
    a = i
    while a > lo and s[a - 1] not in _SEP:
        a -= 1
    b = j
    while b < hi and s[b] not in _SEP:
        b += 1
    return a, b


def _inside_quotes(s: str, lo: int, i: int, j: int, hi: int) -> bool:
    """Return True when s[i:j] sits inside a short quoted or titled span (a slogan, a name, a book title)."""
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
    return bool(s.count('"', lo, i) % 2 == 1 and s.find('"', j, min(hi, j + 30)) >= 0)


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
    s = normalize_digits(text)
    mapper = mapper or default_mapper()
    out: list[Indicator] = []
    for lo, hi in spans:
        bounds = None
        for m in _PATTERN.finditer(s, lo, hi):
            if any(a <= m.start() < b for a, b in excluded):
                continue
            found = _accept(s, text, lo, hi, m)
            if found:
                if bounds is None:  # where clauses and sentences end in this span, found once
                    bounds = _Bounds(s, lo, hi)
                _map_metrics(s, bounds, m, found, mapper)
            out.extend(found)
        for m in _RANK.finditer(s, lo, hi):
            if any(a <= m.start() < b for a, b in excluded):
                continue
            ind = _ranking(s, text, lo, hi, m)
            if ind:
                out.append(ind)
    out.sort(key=lambda x: (x.number_start, x.start))
    return out


def _ranking(s: str, text: str, lo: int, hi: int, m: re.Match) -> Indicator | None:
    try:
        value = parse_number(m.group("rnum")).value
    except ValueError:
        return None
    after = s[m.end() : m.end() + 2]
    if not m.group("runit") and after[:1] and after[:1] not in _SEP and after[:1] not in "的名":
        return None
    a, b = _clause_bounds(s, lo, hi, m.start(), m.end())
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


def _accept(s: str, text: str, lo: int, hi: int, m: re.Match) -> list[Indicator]:
    i, j = m.start(), m.end()
    if m.group("pct"):
        raw, unit, mult_chars, cn = m.group("pnum"), "%", "", not m.group("pnum")[0].isdigit()
        num_start, num_end = m.start("pnum"), m.end("pnum")
    else:
        raw, unit = m.group("num"), m.group("unit")
        mult_chars = (m.group("m1") or "") + (m.group("m2") or "")
        cn = not raw[0].isdigit()
        num_start, num_end = m.start("num"), m.end("num")
    before = s[max(lo, i - 8) : i]
    after = s[j : min(hi, j + 12)]
    # Ordinals, ranges, formulas and decimals glued to other numbers are not results.
    if before.endswith(("第", "No.", "NO.", "+", "-", "—", "~", "～", ".", "·", "▪")) or after.startswith(
        ("+", "-", "—", "~", "～")
    ):
        return []
    if re.match(r"^[-—~～至到]\s*\d", s[num_end : num_end + 3]) or re.search(r"\d\s*[-—~～至到]$", before):
        return []
    if unit in _AR_ONLY_DENY:
        return []
    if cn:
        if unit not in CN_UNITS_OK:
            return []
        if re.fullmatch(r"[百千万十]+", raw) and raw != "十":
            return []  # 百场讲座, 千项工程: round brand figures, not counts
        if before.endswith(
            (
                "每",
                "这",
                "那",
                "哪",
                "几",
                "前",
                "后",
                "头",
                "逐",
                "上",
                "下",
                "统",
                "唯",
                "同",
                "之",
                "万",
                "千",
                "百",
                "某",
                "任",
                "单",
                "合",
                "专",
                "整",
                "星期",
                "周",
                "初",
                "十",
                "数",
            )
        ):
            return []
        if _SLOGAN_AFTER.match(re.split(rf"[{_SEP}]", after, maxsplit=1)[0][:6]) or _SLOGAN_AFTER.search(
            re.split(rf"[{_SEP}]", after, maxsplit=1)[0][:4]
        ):
            return []
        if _SLOGANS.search(s[max(lo, i - 2) : j + 4]):
            return []
    else:
        if unit in ("分",) and not re.search(r"得分|分数|评分|成绩|考核|测评", s[max(lo, i - 12) : i]):
            return []
        if re.match(r"^[^，,。；;：:]{0,10}?(服务圈|生活圈|证合一|合一)", after):
            return []
    if _inside_quotes(s, lo, num_start, j, hi):
        return []
    try:
        number = parse_number(raw + mult_chars if not m.group("pct") else "百分之" + raw)
    except ValueError:
        return []
    value = number.value
    if cn and value < 2:
        return []  # 一次, 一个: idioms far more often than counts
    a, b = _clause_bounds(s, lo, hi, i, j)
    clause_before = s[a:num_start]
    if _TARGET_BEFORE.search(clause_before):
        return []
    if (
        _TARGET_AFTER.search(s[j:b])
        and unit in _TIME_UNITS | {"件", "次", "个", "项"}
        and not re.search(r"压缩|缩短|减少|降至|降低|提速|最快|平均|实际|提前", s[a:j])
    ):
        return []
    approx = (
        bool(m.group("ap"))
        or number.approx
        or bool(_APPROX_BEFORE.search(s[max(lo, num_start - 2) : num_start]))
    )
    approx = approx or bool(_APPROX_AFTER.match(s[j : j + 3]))
    printed_unit = (m.group("m2") or m.group("m1") or "") + unit if not m.group("pct") else "%"
    printed_unit_base = unit if printed_unit and printed_unit[0] in CN_BIG else printed_unit
    quote_start, quote_end = _trim(a, b, i, j)
    if _APPROX_AFTER.match(s[j : j + 3]):
        quote_end = max(quote_end, min(b, j + len(_APPROX_AFTER.match(s[j : j + 3]).group(0))))
    label = _label(s, a, i, j, b, unit)
    ind = Indicator(
        value,
        printed_unit_base,
        text[i:j],
        label,
        approx,
        text[quote_start:quote_end],
        quote_start,
        quote_end,
        num_start,
        num_end,
    )
    copies = _shared_figure(clause_before)
    return [ind] + [Indicator(**{**ind.__dict__, "label": lbl}) for lbl in copies[1:]]


class _Bounds:
    """The positions of clause and sentence separators in one span, to find a figure's clause quickly."""

    def __init__(self, s: str, lo: int, hi: int):
        self.lo, self.hi = lo, hi
        self.clauses = [m.start() for m in _SEP_RE.finditer(s, lo, hi)]
        self.sentences = [m.start() for m in _SENTENCE_SEP_RE.finditer(s, lo, hi)]

    def clause(self, i: int) -> tuple[int, int]:
        k = bisect_left(self.clauses, i)
        start = self.clauses[k - 1] + 1 if k else self.lo
        end = self.clauses[k] if k < len(self.clauses) else self.hi
        return start, end

    def sentence_start(self, i: int) -> int:
        k = bisect_left(self.sentences, i)
        return self.sentences[k - 1] + 1 if k else self.lo


def _map_metrics(s: str, bounds: _Bounds, m: re.Match, found: list[Indicator], mapper: MetricMapper) -> None:
    """Fill each indicator's ``metric``: from the clause before the figure, or from its own label for rates
    that share one figure (备案率、审查率均为100%)."""
    first = found[0]
    a, _end = bounds.clause(first.number_start)
    _start, b = bounds.clause(m.end())
    context = s[max(bounds.sentence_start(a), first.number_start - 160) : first.number_start]
    if len(found) == 1:
        first.metric = mapper.map(s[a : first.number_start], first.unit, after=s[m.end() : b], context=context)
        return
    labels = _shared_figure(s[a : first.number_start])
    for indicator, label in zip(found, labels, strict=False):
        indicator.metric = mapper.map(label, indicator.unit, context=context)


def _shared_figure(clause_before: str) -> list[str]:
    """Return the rates that share one figure: 备案率、审查率均为100% → two indicators."""
    m = re.search(
        r"((?:[\u4e00-\u9fff“”]+?率、)+[\u4e00-\u9fff“”]+?率)(?:均|都)[\u4e00-\u9fff]{0,3}$", clause_before
    )
    if not m:
        return []
    return m.group(1).split("、")


def _label(s: str, a: int, i: int, j: int, b: int, unit: str) -> str:
    """Return a short label for what the figure counts: the words before it, or the noun after it."""
    pre = s[a:i]
    pre = re.sub(r"[“”\"（）()《》]", "", pre).strip()
    pre = _FILLER.sub("", pre)
    pre = re.sub(
        r"(达到|达|为|共|约|近|超过|逾|不到|计|有|了|至|到|降至|提升至|提高至|下降|增长|增加)+$", "", pre
    )
    if len(pre) >= 2:
        return pre[-20:]
    post = s[j:b]
    post = re.sub(r"^(以上|左右|多|有余|的)", "", post)
    post = re.split(r"[和及与、]", post, maxsplit=1)[0]
    return post[:20] or unit

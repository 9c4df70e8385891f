"""Who issued a report (full name, GB/T 2260 code, level of government), for which year, and when it was published."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from fazhi.analyzer import rx
from fazhi.analyzer.bodies import Context, Mention, place_township, resolve, settles
from fazhi.analyzer.clutter import TITLE_LEAD, clean_title, is_clutter_line, is_metadata_line
from fazhi.analyzer.document import Layout, Line
from fazhi.analyzer.numbers import parse_cn_integer

PROVINCE, CITY, COUNTY, TOWNSHIP, DEPARTMENT = "province", "city", "county", "township", "department"
MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")

_YEAR = r"((?:19|20)\d\d|[二〇○零一两三四五六七八九]{4})\s*年度?"
_ORG_END = rx.compile(
    r"(人民政府|政府|办事处|委员会|办公室|局|厅|委|院|中心|署|部|所|站|会|队|司|处|公司|集团)$"
)
_DEPT = rx.compile(
    r"(局|厅|委员会|办公室|中心|署|部|院|所|站|队|处|管委会|管理委员会|支队|大队|公司|集团|检察院|法院|学校|大学|银行|"
    r"[^党县市区省镇乡州旗盟工]委)$"
)
_UNIT = rx.compile(  # X/× stand for a redacted name ("XX县")
    r"[\u4e00-\u9fffXＸ×＊*]+?(?:自治区|自治州|自治县|自治旗|特别行政区|省|市|州|盟|地区|县|区|旗|镇|乡|苏木|街道)"
)
_CITY_CUES = rx.compile(
    r"县[（(]市、?区[)）]|县[（(]区[)）]|县[（(]市[)）]|县市区|各县区|县区|区县|市辖区|各县|市县两级|市县乡"
)
_COUNTY_CUES = rx.compile(r"县级市|县市层面|乡镇|镇街|街道|镇（街|镇\(街|村（社区）|村\(社区\)")
_YEAR_RE = rx.compile(_YEAR)
_SPACES = rx.compile(r"[\s\u3000]+")
_SPACE = rx.compile(r"\s")
_ABOUT = rx.compile(r"^(关于)")
# A page's date printed before the title on its line: "2024-03-05 示范县2023年度…".
_DATE_BEFORE = rx.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*")
_GOV_BEFORE_YEAR = rx.compile(rf"^(.+?)\s*(?:关于)?\s*{_YEAR}")
_YEAR_FIRST = rx.compile(rf"^{_YEAR}")
_YEAR_FIRST_SPACE = rx.compile(rf"^{_YEAR}\s*")
_GOV_BEFORE_TOPIC = rx.compile(r"^(.+?)(?:关于|推进|贯彻|落实|年度|法治政府|依法行政|法治建设|全面依法|依法治)")
_TRAILING_OF = rx.compile(r"(关于|的)$")
_HANZI = rx.compile(r"[\u4e00-\u9fff]")
_BRACKETED = rx.compile(r"[（(].*?[)）]")
_GOV_SUFFIX = rx.compile(r"(人民政府|政府|行政公署|办事处|党委|党工委)$")
_PARTY_PREFIX = rx.compile(r"^中共")
_COMMITTEE = rx.compile(r"委$")
_CN_DATE = rx.compile(
    r"([二〇○零一两三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
# The six words written out (not (?:发布|印发|成文)?(?:时间|日期)): a pattern that opens with words lets the regex
# engine skip to their first characters, one that opens with an optional group is tried at every position.
_BYLINE_DATE = rx.compile(
    r"(?:发布时间|发布日期|印发时间|印发日期|成文时间|成文日期|时间|日期)\s*[:：]\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_DATE = rx.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_CLAUSE_MARKS = rx.compile(r"[。，；：,]")
_LINE_YEAR = rx.compile(rf"^\s*[（(]?{_YEAR}")  # "2023年，…", a subtitle "（2023年度）"
# The notice that asked for the report names the year reported on: "根据《关于做好2023年度法治政府建设情况报告工作的通知》".
_NOTICE_YEAR = rx.compile(
    rf"《[^《》\n]{{0,12}}?{_YEAR}\s*(?:法治政府建设|依法行政|法治建设)[^《》\n]{{0,20}}?(?:报告|总结)[^《》\n]{{0,12}}》"
)
# A report written in the year it reports on says so: "今年以来，…" (published in that year's last weeks).
_THIS_YEAR = rx.compile(r"今年(?:以来|来|[，,]|是|我[省市县区旗镇乡])")
# Any year in the opening, the last resort: not inside a cited document's name, not one end of a period.
_ANY_YEAR = rx.compile(r"(?<![\d—\-–~至到])((?:19|20)\d\d)\s*年(?![\d—\-–~至到])")
_CITED = rx.compile(r"《[^《》\n]*》")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_HAS_FULLWIDTH_DIGIT = rx.compile("[０-９]")
#: How far into the text the metadata are looked for: this many characters after the title (or the body's start),
#: and this many lines for the opening sentence.
OPENING, OPENING_LINES = 1500, 12
_SENTENCE_MARK = rx.compile(r"[，。；,;]")
# The opening sentence names the reporting body: "2021年，XX县坚持…", "2023年，在市委…领导下，区政府坚持…",
# "一年来，XX乡在县委…", "2018年是…之年，XX区人民政府认真…". Only the sentence's subject is read: further on,
# "召开省委…" or "在全市…" name other bodies.
_OPENING_SUBJECT = rx.compile(
    r"^\s*(?:(?:(?:19|20)\d\d\s*年度?(?:以来)?|一年来|一年以来|今年以来|近年来|过去的?一年|[^，,。]{0,30}?之年)\s*[，,]\s*)?"
    r"(?:在[^。]{0,80}?下\s*[，,]\s*)*"
    r"(?P<gov>(?:中共)?[\u4e00-\u9fffXＸ×＊*]{0,20}?"
    r"(?:自治区|省|市|县|区|旗|州|盟|镇|乡|街道|苏木|局|厅|委员会|办公室|办事处|行政公署|委)"
    r"(?:(?:党)?(?:工)?委[、，,和及]\s*[\u4e00-\u9fff]{0,12}?(?:(?:人民)?政府|办事处)|人民政府|政府|党组|党委|党工委|"
    r"办事处)?)"
    r"(?=认真|坚持|深入|全面|始终|高度|在|以|严格|带领|围绕|紧紧|紧扣|持续|扎实|不断|积极|按照|聚焦|立足|牢固|着力|"
    r"大力|进一步|切实|坚定|统筹|对标|锚定|强化|加快|继续|主动|结合|根据|贯彻|落实|紧密|精心|努力|奋力|全力|狠抓|致力|秉持|"
    r"把|将|抢抓|聚力|践行|树牢|上下|各级各部门|法治政府建设|法治建设|依法行政工作)"
)
# "现将江门市司法局2021年度法治政府建设报告如下" / "现将2017年自治区法治政府建设情况报告如下" / "现就XX市推进…报告如下".
_REPORT_AS = rx.compile(
    rf"现[将就](?P<pre>[^，。；：:,;《》“”\n]{{0,30}}?)(?P<year>{_YEAR})(?P<post>[^，。；：:,;《》\n]{{0,40}}?)(?:报告|汇报|总结)(?:如下|于后)"
)
_REPORT_AS_NO_YEAR = rx.compile(r"现[将就](?P<post>[^，。；：:,;《》“”\n\d]{1,40}?)(?:报告|汇报|总结)(?:如下|于后)")
_NAME_BEFORE_TOPIC = rx.compile(r"^(.+?)(?:关于|推进|贯彻|落实|年度|法治|依法行政|全面依法|依法治|有关|工作|情况)")
# A line that is only a body's name, set above a title that does not name it: "中共XX市交通运输局党组".
_ISSUER_ABOVE = rx.compile(
    r"^(?:中共)?[\u4e00-\u9fff（）() \u3000]{2,30}(?:人民政府|政府|办事处|委员会|办公室|局|厅|委|院|中心|党组|党委|党工委)$"
)
# A title glued to the text around it (a mirror copy in one line): "XX省人民政府关于2023年度法治政府建设情况的报告2023年…".
_TITLE_AT = rx.compile(
    rf"(?!现[将就]|根据|按照)[\u4e00-\u9fff（）()·]{{0,40}}?(?:关于)?{_YEAR}[\u4e00-\u9fff（）()、“”]{{0,30}}?"
    r"(?:法治政府|依法行政|法治建设|法治)[\u4e00-\u9fff（）()、“”]{0,30}?(?:报告|总结)"
)


@dataclass(frozen=True)
class Metadata:
    title: str | None
    government: str | None
    level: str | None
    year: int | None
    publication_date: str | None
    signed_date: str | None
    issuer: str | None
    region_code: str | None = None  # GB/T 2260 code of the body's place (of a township's county)
    # Where the government and the year were read: {"government": (start, end) or None, "year": …}.
    evidence: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        evidence = self.evidence or {}
        return {
            "title": self.title,
            "government": self.government,
            "region_code": self.region_code,
            "level": self.level,
            "year": self.year,
            "publication_date": self.publication_date,
            "signed_date": self.signed_date,
            "issuer": self.issuer,
            "evidence": {
                key: list(evidence[key]) if evidence.get(key) else None for key in ("government", "year")
            },
        }


def _ascii_digits(s: str) -> str:
    """Return ``s`` with its full-width digits made ASCII (the same length: offsets hold)."""
    return s.translate(_FULLWIDTH_DIGITS) if _HAS_FULLWIDTH_DIGIT.search(s) else s


def _year_value(raw: str) -> int | None:
    try:
        y = int(raw) if raw.isdigit() else parse_cn_integer(raw.replace("○", "〇"))
    except ValueError:
        return None
    return y if 1990 <= y <= 2100 else None


def government_from_title(title: str) -> str | None:
    """Return the issuing body as the title names it: 繁峙县 / 中共XX县委 XX县人民政府 / XX市司法局."""
    t = _SPACES.sub(" ", title).strip(" •·")
    t = _ABOUT.sub("", _DATE_BEFORE.sub("", t))
    m = _GOV_BEFORE_YEAR.match(t)
    if m and not _YEAR_FIRST.match(t):
        gov = m.group(1).strip()
    else:
        rest = _YEAR_FIRST_SPACE.sub("", t)
        m2 = _GOV_BEFORE_TOPIC.match(rest)
        gov = m2.group(1).strip() if m2 else None
    if not gov:
        return None
    gov = _TRAILING_OF.sub("", gov).strip()
    if len(gov) < 2 or not _HANZI.search(gov):
        return None
    return gov


def _last_unit(name: str) -> str | None:
    units = _UNIT.findall(name)
    return units[-1] if units else None


def classify_level(government: str | None, text: str) -> str | None:
    """Return the level of government: a 区 or county-level 市 is a county; 街道/镇/乡 a township."""
    if not government:
        return None
    # A joint issuer (中共XX县委 XX县人民政府) is classified by its government part.
    name = government.split()[-1] if " " in government.strip() else government
    name = _BRACKETED.sub("", name)
    core = _GOV_SUFFIX.sub("", name)
    core = _PARTY_PREFIX.sub("", core)
    core = _COMMITTEE.sub("", core) if core.endswith(("县委", "市委", "区委", "省委", "镇委", "乡委")) else core
    if _DEPT.search(core) and not core.endswith(("街道办事处",)):
        return DEPARTMENT
    if core in MUNICIPALITIES:
        return PROVINCE
    unit = _last_unit(core)
    if unit is None:
        return None
    if unit.endswith(("省", "自治区", "特别行政区")):
        return PROVINCE
    if unit.endswith(("镇", "乡", "苏木", "街道")):
        return TOWNSHIP
    if unit.endswith(("县", "区", "旗", "自治县", "自治旗")):
        return COUNTY
    if unit.endswith(("州", "盟", "地区")):
        return CITY
    if unit.endswith("市"):
        units = _UNIT.findall(core)
        if len(units) >= 2 and units[-2].endswith("市") and units[-2] not in MUNICIPALITIES:
            return COUNTY  # a 市 under a 市: county-level city
        # A prefecture-level city speaks of the counties below it (各县（市、区）); a county-level city
        # of its townships (乡镇, 镇街) and of the city above it.
        city_cues = len(_CITY_CUES.findall(text))
        county_cues = len(_COUNTY_CUES.findall(text))
        if "县级市" in text:
            return COUNTY
        if city_cues >= 2 and city_cues * 2 >= county_cues:
            return CITY
        return COUNTY if county_cues else CITY
    return None


def _date(y: str, m: str, d: str) -> str | None:
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _cn_date(raw: str) -> str | None:
    m = _CN_DATE.fullmatch(raw)
    if not m:
        return None
    try:
        return _date(
            str(parse_cn_integer(m.group(1).replace("○", "〇"))),
            str(parse_cn_integer(m.group(2))),
            str(parse_cn_integer(m.group(3))),
        )
    except ValueError:
        return None


def read_metadata(text: str, lay: Layout) -> Metadata:
    """Read who reports on which year (from the title wherever it is, and the opening), and the dates."""
    title, title_span, after_title = _find_title(text, lay)
    body = lay.body()
    base = title_span[1] if title_span else (lay.lines[lay.body_start].start if body else 0)
    limit = base + OPENING
    mentions: list[Mention] = []
    year, year_span = None, None

    if title:
        lo, hi = title_span
        plain = _ascii_digits(title)  # "２０２４年度" is a year too
        gov = government_from_title(plain)
        if gov:
            span = _locate(text, gov, lo, hi)
            if span:
                mentions.append(Mention(gov, *span, strict=False))
        elif lay.title is not None:
            above = _issuer_above(lay, lay.title)
            if above is not None:
                mentions.append(Mention(above.text.strip(), above.cstart, above.end))
        m = _YEAR_RE.search(plain)
        if m:
            year = _year_value(m.group(1))
            year_span = _locate(text, m.group(0).strip(), lo, hi) if year else None

    # A title that names its body fully needs no more; else the opening names it too.
    more = not (mentions and settles(mentions[0]))
    # "现将XX2021年度…报告如下"
    report_as = _report_as(_ascii_digits(text[:limit])) if more or year is None else None
    if report_as is not None:
        mention, found_year, found_span = report_as
        if mention is not None and more:
            mentions.append(mention)
        if year is None and found_year is not None:
            year, year_span = found_year, found_span

    # The opening sentence's subject.
    # Its first three sentences: a site's menu items (法规文件, 统计信息) left above it are no sentence.
    sentences = [(ln.cstart, ln.text) for ln in lay.content()[:OPENING_LINES] if _SENTENCE_MARK.search(ln.text)]
    starts = ([after_title] if after_title else []) + sentences[:3]
    for offset, line in starts if more else ():
        m = _OPENING_SUBJECT.match(_ascii_digits(line))
        if m:
            mentions.append(Mention(m.group("gov"), offset + m.start("gov"), offset + m.end("gov")))
            break

    # Publication date: the page's byline (发布时间/时间/日期) near the title.
    publication, publication_span = None, None
    head = lay.lines[: (lay.body_start + 3)] if lay.body_start else lay.lines[:10]
    for ln in head:
        m = _BYLINE_DATE.search(ln.text)
        if m:
            publication = _date(*m.groups())
            publication_span = (ln.cstart + m.start(1), ln.cstart + m.end())
            break
    # Signature: the issuing office and date closing the body.
    signed, issuer, signed_span, issuer_line = None, None, None, None
    for k in range(len(body) - 1, max(len(body) - 5, -1), -1):
        s = _SPACE.sub("", body[k].text)
        m = _DATE.fullmatch(s)
        cn = _cn_date(s)
        if m or cn:
            signed = _date(*m.groups()) if m else cn
            signed_span = (body[k].cstart, body[k].end)
            if k > 0:
                prev = _SPACE.sub("", body[k - 1].text)
                if 3 <= len(prev) <= 60 and not _CLAUSE_MARKS.search(prev) and _ORG_END.search(prev):
                    issuer = _SPACES.sub(" ", body[k - 1].text).strip()
                    issuer_line = body[k - 1]
            break
    if year is None:
        for ln in body[:3]:
            m = _LINE_YEAR.match(_ascii_digits(ln.text))
            if m:
                year = _year_value(m.group(1))
                year_span = (ln.cstart + m.start(1), ln.cstart + m.end()) if year else None
                break
    if year is None:
        opening = _ascii_digits(text[base:limit])
        year, year_span = _year_fallback(opening, base, publication or signed, publication_span or signed_span)

    ctx = Context(
        lambda: _opening_segments(lay, limit, title_span, after_title), head=lambda: _page_head(lay)
    )
    found = resolve(mentions, ctx, lambda name: classify_level(name, text))
    township_alone = found.level == TOWNSHIP and found.government is not None and found.region_code is None
    if (found.government is None or township_alone) and issuer_line is not None:
        # Without a name in the title or the opening, the signature: it may be an office acting for the body
        # (中共XX县委全面依法治县委员会办公室), so it comes last. A township named without its county takes the
        # county from a signature naming the same township in full (罗田县白沙镇人民政府).
        signer = resolve([Mention(issuer, issuer_line.cstart, issuer_line.end)], ctx, lambda n: classify_level(n, text))
        if signer.government is not None and (
            not township_alone
            or (signer.region_code and signer.level == TOWNSHIP and signer.government.endswith(found.government))
        ):
            found = signer
    # Still without its county: the country's township list (read only now) places it if it can.
    found = place_township(found, ctx)
    evidence = {"government": found.span if found.government else None, "year": year_span if year else None}
    return Metadata(
        title, found.government, found.level, year, publication or signed, signed, issuer, found.region_code, evidence
    )


def _year_fallback(
    opening: str, base: int, date: str | None, date_span: tuple[int, int] | None
) -> tuple[int | None, tuple[int, int] | None]:
    """The year reported on when neither the title nor the opening's first lines give it: the notice asking for
    the report, else the year before the page's date (the year itself for a report saying "今年以来" published in
    the last quarter), else the first year the opening names outside a cited document."""
    m = _NOTICE_YEAR.search(opening)
    if m:
        year = _year_value(m.group(1))
        if year:
            return year, (base + m.start(1), base + m.end(1))
    if date:
        # Published in the year's last quarter and saying "今年以来": that year; else the year before.
        this_year = int(date[5:7]) >= 10 and _THIS_YEAR.search(opening)
        return int(date[:4]) - (0 if this_year else 1), date_span
    m = _ANY_YEAR.search(_CITED.sub(lambda c: "　" * len(c.group()), opening))
    if m:
        return int(m.group(1)), (base + m.start(1), base + m.end())
    return None, None


def _find_title(text: str, lay: Layout) -> tuple[str | None, tuple[int, int] | None, tuple[int, str] | None]:
    """Return the title (its mirror-site clutter cut off), its span, and the text glued after it on its line.

    The title is the layout's; a copy whose title is glued to site clutter or to the first paragraph in one
    line ("XX网—全网资源每日更新www.….com XX省人民政府关于2023年度…的报告2023年，…") has it found inside the line.
    """
    if lay.title is not None:
        t = lay.title
        return clean_title(t.text.strip(" •·")) or None, (t.cstart, t.end), None
    # The page's lines before the body, and the body's first lines.
    limit = (lay.lines[lay.body_start].start if lay.body_start < len(lay.lines) else 0) + OPENING
    for ln in lay.lines[: lay.body_start + 5]:
        if ln.start > limit:
            break
        if ln.blank:
            continue
        lead = TITLE_LEAD.match(ln.text)
        at = lead.end() if lead else 0
        m = _TITLE_AT.match(ln.text, at)
        if m is None:
            continue
        title = clean_title(m.group(0))
        after = ln.text[m.end() :]
        return title, (ln.cstart + at, ln.cstart + m.end()), ((ln.cstart + m.end(), after) if after.strip() else None)
    return None, None, None


def _opening_segments(
    lay: Layout, limit: int, title_span: tuple[int, int] | None, after_title: tuple[int, str] | None
) -> list[tuple[int, str]]:
    """The opening's text as ``(offset, text)``: its lines up to ``limit`` but page furniture (a byline's
    来源 stays: a township's page is often its county's)."""
    out = []
    for ln in lay.lines:
        if ln.start > limit:
            break
        if ln.blank:
            continue
        if title_span and ln.cstart < title_span[0] <= ln.end:
            # A title found inside a line: its clutter before it is left out.
            out.append((title_span[0], _ascii_digits(ln.text[title_span[0] - ln.cstart :])))
            continue
        if is_clutter_line(ln.text) and not is_metadata_line(ln.text):
            continue
        out.append((ln.cstart, _ascii_digits(ln.text[: max(0, limit - ln.cstart)])))
    if after_title and not any(off <= after_title[0] < off + len(seg) for off, seg in out):
        out.append(after_title)
    return out


#: How many of the page's lines above the report, and how much of each, are read for a township's county.
HEAD_LINES, HEAD_CHARS = 20, 200


def _page_head(lay: Layout) -> list[tuple[int, str]]:
    """The page's furniture above the report (breadcrumb, site name) as ``(offset, text)``."""
    stop = lay.title.index if lay.title is not None else lay.body_start
    return [
        (ln.cstart, ln.text[:HEAD_CHARS])
        for ln in lay.lines[: min(stop, HEAD_LINES)]
        if not ln.blank and is_clutter_line(ln.text)
    ]


def _issuer_above(lay: Layout, title: Line) -> Line | None:
    for k in range(title.index - 1, max(title.index - 3, -1), -1):
        ln = lay.lines[k]
        if ln.blank:
            continue
        return ln if _ISSUER_ABOVE.match(ln.text.strip()) else None
    return None


def _report_as(opening: str) -> tuple[Mention | None, int | None, tuple[int, int] | None] | None:
    """Read "现将XX2021年度法治政府建设情况报告如下" in the opening: the body it names, and the year."""
    m = _REPORT_AS.search(opening)
    if m:
        year = _year_value(_YEAR_RE.match(m.group("year")).group(1))
        year_span = (m.start("year"), m.end("year")) if year else None
        pre = m.group("pre")
        if pre.strip():
            start = m.start("pre") + len(pre) - len(pre.lstrip())
            return Mention(pre.strip(), start, start + len(pre.strip())), year, year_span
        return _name_before_topic(m, "post"), year, year_span
    m = _REPORT_AS_NO_YEAR.search(opening)
    if m:
        mention = _name_before_topic(m, "post")
        return (mention, None, None) if mention else None
    return None


def _name_before_topic(m: re.Match, group: str) -> Mention | None:
    """The name that opens a group of ``m`` before its topic: "五常市推进法治政府建设情况" → 五常市."""
    part = m.group(group)
    cut = _NAME_BEFORE_TOPIC.match(part.strip())
    if not cut:
        return None
    start = m.start(group) + part.index(cut.group(1))
    return Mention(cut.group(1), start, start + len(cut.group(1)))


def _locate(text: str, needle: str, lo: int, hi: int) -> tuple[int, int] | None:
    """Return the span of ``needle`` in ``text[lo:hi]``, whitespace (a line break, spaces) allowed between its
    characters."""
    needle = _SPACES.sub("", needle)
    if not needle:
        return None
    i = text.find(needle, lo, hi)
    if i >= 0:
        return i, i + len(needle)
    parts = [f"[{c}{chr(ord(c) + 0xFEE0)}]" if c.isascii() and c.isdigit() else re.escape(c) for c in needle]
    m = rx.compile(r"\s*".join(parts)).search(text, lo, hi)
    return (m.start(), m.end()) if m else None

"""Who issued a report, at which level of government, for which year, and when it was published."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from fazhi.analyzer.document import Layout
from fazhi.analyzer.numbers import parse_cn_integer

PROVINCE, CITY, COUNTY, TOWNSHIP, DEPARTMENT = "province", "city", "county", "township", "department"
MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")

_YEAR = r"((?:19|20)\d\d|[二〇○零一两三四五六七八九]{4})\s*年度?"
_ORG_END = re.compile(
    r"(人民政府|政府|办事处|委员会|办公室|局|厅|委|院|中心|署|部|所|站|会|队|司|处|公司|集团)$"
)
_DEPT = re.compile(
    r"(局|厅|委员会|办公室|中心|署|部|院|所|站|队|处|管委会|管理委员会|支队|大队|公司|集团|检察院|法院|学校|大学|银行)$"
)
_UNIT = re.compile(  # X/× stand for a redacted name ("XX县")
    r"[\u4e00-\u9fffXＸ×＊*]+?(?:自治区|自治州|自治县|自治旗|特别行政区|省|市|州|盟|地区|县|区|旗|镇|乡|苏木|街道)"
)
_CITY_CUES = re.compile(
    r"县[（(]市、?区[)）]|县[（(]区[)）]|县[（(]市[)）]|县市区|各县区|县区|区县|市辖区|各县|市县两级|市县乡"
)
_COUNTY_CUES = re.compile(r"县级市|县市层面|乡镇|镇街|街道|镇（街|镇\(街|村（社区）|村\(社区\)")
_YEAR_RE = re.compile(_YEAR)
_SPACES = re.compile(r"[\s\u3000]+")
_SPACE = re.compile(r"\s")
_ABOUT = re.compile(r"^(关于)")
_GOV_BEFORE_YEAR = re.compile(rf"^(.+?)\s*(?:关于)?\s*{_YEAR}")
_YEAR_FIRST = re.compile(rf"^{_YEAR}")
_YEAR_FIRST_SPACE = re.compile(rf"^{_YEAR}\s*")
_GOV_BEFORE_TOPIC = re.compile(r"^(.+?)(?:关于|推进|贯彻|落实|年度|法治政府|依法行政|法治建设|全面依法|依法治)")
_TRAILING_OF = re.compile(r"(关于|的)$")
_HANZI = re.compile(r"[\u4e00-\u9fff]")
_BRACKETED = re.compile(r"[（(].*?[)）]")
_GOV_SUFFIX = re.compile(r"(人民政府|政府|办事处|党委|党工委)$")
_PARTY_PREFIX = re.compile(r"^中共")
_COMMITTEE = re.compile(r"委$")
_CN_DATE = re.compile(
    r"([二〇○零一两三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
_BYLINE_DATE = re.compile(
    r"(?:发布|印发|成文)?(?:时间|日期)\s*[:：]\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_CLAUSE_MARKS = re.compile(r"[。，；：,]")
_LINE_YEAR = re.compile(rf"^\s*{_YEAR}")
# The body's opening names the reporting body: "2021年，XX县坚持…" / "XX县人民政府认真…". Only the opening
# clause is read: further on, "召开省委…" or "在全市…" name other bodies.
_BODY_GOVERNMENT = re.compile(
    r"^\s*(?:(?:19|20)\d\d\s*年度?(?:以来)?\s*[，,]\s*|(?:一年来|今年以来|近年来)\s*[，,]\s*)?"
    r"((?:中共)?[\u4e00-\u9fff]{2,20}?(?:省|市|县|区|旗|镇|乡|街道|局|委员会))(?:委|人民政府)?"
    r"(?:认真|坚持|深入|全面|始终|高度|在)"
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

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "government": self.government,
            "level": self.level,
            "year": self.year,
            "publication_date": self.publication_date,
            "signed_date": self.signed_date,
            "issuer": self.issuer,
        }


def _year_value(raw: str) -> int | None:
    try:
        y = int(raw) if raw.isdigit() else parse_cn_integer(raw.replace("○", "〇"))
    except ValueError:
        return None
    return y if 1990 <= y <= 2100 else None


def government_from_title(title: str) -> str | None:
    """Return the issuing body as the title names it: 繁峙县 / 中共XX县委 XX县人民政府 / XX市司法局."""
    t = _SPACES.sub(" ", title).strip(" •·")
    t = _ABOUT.sub("", t)
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
    title = lay.title.text.strip(" •·") if lay.title else None
    government = government_from_title(title) if title else None
    year = None
    if title:
        m = _YEAR_RE.search(title)
        if m:
            year = _year_value(m.group(1))
    body = lay.body()
    # Publication date: the page's byline (发布时间/时间/日期) near the title.
    publication = None
    head = lay.lines[: (lay.body_start + 3)] if lay.body_start else lay.lines[:10]
    for ln in head:
        m = _BYLINE_DATE.search(ln.text)
        if m:
            publication = _date(*m.groups())
            break
    # Signature: the issuing office and date closing the body.
    signed, issuer = None, None
    for k in range(len(body) - 1, max(len(body) - 5, -1), -1):
        s = _SPACE.sub("", body[k].text)
        m = _DATE.fullmatch(s)
        cn = _cn_date(s)
        if m or cn:
            signed = _date(*m.groups()) if m else cn
            if k > 0:
                prev = _SPACE.sub("", body[k - 1].text)
                if 3 <= len(prev) <= 60 and not _CLAUSE_MARKS.search(prev) and _ORG_END.search(prev):
                    issuer = _SPACES.sub(" ", body[k - 1].text).strip()
            break
    if year is None:
        for ln in body[:3]:
            m = _LINE_YEAR.match(ln.text)
            if m:
                year = _year_value(m.group(1))
                break
    if year is None:
        date = publication or signed
        if date:
            year = int(date[:4]) - 1
    if government is None:
        # Without a title (a copy cut at the top), the opening sentence names the reporting body; the signature
        # may be an office acting for it (中共XX县委全面依法治县委员会办公室), so it comes second.
        government = _government_from_body(body) or issuer
    level = classify_level(government, text)
    return Metadata(title, government, level, year, publication or signed, signed, issuer)


def _government_from_body(body) -> str | None:
    for ln in body[:3]:
        m = _BODY_GOVERNMENT.search(ln.text)
        if m:
            return m.group(1)
    return None

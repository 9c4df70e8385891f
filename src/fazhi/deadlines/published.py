"""Read the State Council General Office's holiday notice as published (国务院办公厅关于YYYY年部分节假日安排的通知).

A clerk pastes or uploads the page as it is: gov.cn or a site that reposts it, with its navigation around the text,
in simplified or traditional characters, full-width or ASCII punctuation, pinyin after a character (节(jié)), the
arrangements one per line or the whole notice on one line. Every form used since 2015 reads the same way::

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    三、清明节：4月5日放假，4月6日（星期一）补休。
    四、劳动节：5月1日放假，与周末连休。
    六、国庆节、中秋节：10月1日至8日放假调休，共8天。9月27日（星期日）、10月10日（星期六）上班。

An arrangement is a festival (or several, joined by 、) and a colon, then sentences: a date or a range (至; the end may
omit its month, "至3日") with 放假, 放假调休 or 补休 is days off; dates (several, joined by 、) with 上班 are make-up
working days; "共N天" counts the days off; the rest ("与周末连休", "不调休") is read as a tail. A supplement is one
arrangement without the numbering ("2019年劳动节放假调整为：…"), a one-off holiday ("…纪念日：9月3日至5日放假调休…")
or an extension ("延长2020年春节假期至2月2日…"). Lines that hold no arrangement are left aside.

Every check that can be made on the text alone is made here (``check``): each weekday note matches its date, a
make-up working day is a Saturday or Sunday, a day is not both off and on, 春节 holds 正月初一, 端午 五月初五 and
中秋 八月十五 (the lunar calendar of ``lunardate``), "共N天" is the number of days off, and an annual notice names all
seven festivals. The result lists every problem with the arrangement it was found in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from fazhi.deadlines.notice import HOLIDAY, WORKDAY  # the kinds of day, as the typed form has them

ANNUAL = "annual"
SUPPLEMENT = "supplement"

#: The festivals an annual notice arranges, in its order; 中秋 and 国庆 may share one arrangement.
FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
_SHORT = {"清明": "清明节", "劳动": "劳动节", "五一": "劳动节", "端午": "端午节", "中秋": "中秋节", "国庆": "国庆节"}
#: Each festival's name as the notice gives it, from the short forms and the English ones too.
FESTIVAL_NAMES = {**_SHORT, "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
                  "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "Mid-autumn Festival": "中秋节",
                  "National Day": "国庆节"}
#: Lunar month and day each lunar festival must contain.
LUNAR = {"春节": (1, 1), "端午节": (5, 5), "中秋节": (8, 15)}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# Punctuation as gov.cn prints it; a reposting site may use ASCII, which is read the same after this.
_PUNCT = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；", "~": "至", "～": "至",
                        "[": "〔", "]": "〕", "【": "〔", "】": "〕", "\u3000": " ", "\xa0": " ",
                        "０": "0", "１": "1", "２": "2", "３": "3", "４": "4", "５": "5", "６": "6", "７": "7",
                        "８": "8", "９": "9"})
_PINYIN = re.compile(r"[（(]\s*[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]+\s*[）)]")
_NOTE = r"(?:（[^（）]{1,24}）)?"
_DATE = re.compile(r"(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日" + rf"(?P<note>{_NOTE})")
_FESTIVAL = "|".join(sorted({*FESTIVALS, *_SHORT}, key=len, reverse=True))
_ARRANGEMENT = re.compile(
    rf"(?:(?P<num>[一二三四五六七八九十]+)、)?(?:\d{{4}}年)?(?P<names>(?:{_FESTIVAL})(?:、(?:{_FESTIVAL}))*)"
    r"(?:放假(?:安排)?调整为|假期调整为)?[：]"
)
_ONE_OFF = re.compile(r"(?P<names>[^，。：\s]{2,40}?(?:纪念日|纪念活动))[：]")
_EXTEND = re.compile(rf"延长(?:(?P<y>\d{{4}})年)?(?P<names>{_FESTIVAL})假期至")
_NUMBER = re.compile(r"国办发(?:明电)?〔(\d{4})〕(\d+)号")
_TITLE_YEAR = re.compile(r"关于(\d{4})年(?:部分)?节假日安排的通知")
_SUPPLEMENT_WORDS = ("调整", "延长", "纪念日")
_TOTAL = re.compile(r"共(\d+)天")


@dataclass(frozen=True)
class Day:
    date: dt.date
    kind: str  # HOLIDAY or WORKDAY
    name: str  # the festival (for days of a shared arrangement, the first named)
    where: str  # the arrangement it was read from, for messages


@dataclass
class Reading:
    """What a notice says, and what is wrong with it."""

    year: int | None = None
    kind: str = ANNUAL
    number: str = ""
    title: str = ""
    festivals: list[str] = field(default_factory=list)
    days: list[Day] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extensions: dict[str, dt.date] = field(default_factory=dict)  # festival → last day off, for 延长…至

    @property
    def source(self) -> str:
        return self.number or self.title


def decode(data: bytes) -> str:
    """The text of an uploaded notice: UTF-8 (with or without its mark), GB 18030 (which reads GBK and GB 2312) or
    Big5, whichever reads it whole; ValueError if none does."""
    readings = []
    for encoding in ("utf-8-sig", "gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig":
            return text
        # Big5 bytes read as GB 18030 too, as nonsense: the reading with more of a notice's words is the right one.
        readings.append((sum(text.count(word) for word in ("月", "日", "放假", "上班", "节", "節")), text))
    if not readings:
        raise ValueError(_("The file is neither UTF-8, GBK nor Big5 text."))
    return max(readings, key=lambda reading: reading[0])[1]


def looks_published(text: str) -> bool:
    """Whether ``text`` holds at least one arrangement in the published form (rather than the typed one)."""
    text = normalise(text)
    return bool(_ARRANGEMENT.search(text) or _EXTEND.search(text) or _ONE_OFF.search(text))


def normalise(text: str) -> str:
    """Simplified characters, full-width punctuation, no pinyin, one space for any run of blanks."""
    import zhconv

    text = zhconv.convert(text, "zh-cn")
    text = _PINYIN.sub("", text).translate(_PUNCT)
    text = text.replace("星期", "周").replace("礼拜", "周")
    text = re.sub(r"（[^（）]*）", lambda note: note[0].replace("，", "、"), text)  # a note's comma is not a clause's
    return re.sub(r"[ \t]+", " ", text)


def read(text: str, year: int | None = None) -> Reading:
    """Read a published notice; ``year`` (if given) must agree with the one the notice states."""
    text = normalise(text)
    reading = Reading()
    _heading(reading, text)
    stated = reading.year
    if year is not None:
        if stated is not None and stated != year:
            reading.errors.append(_("The notice is for %(stated)d, not %(year)d.") % {"stated": stated, "year": year})
            return reading
        reading.year = year
    segments = _segments(text)
    if reading.year is None:
        reading.year = _year_from_dates(segments)
    if reading.year is None:
        reading.errors.append(_("The notice says neither its year nor a date with a year; give the year."))
        return reading
    for where, names, body in segments:
        _arrangement(reading, where, names, body)
    if not reading.days and not reading.extensions and not reading.errors:
        reading.errors.append(_("No holiday arrangement was found (e.g. “一、元旦：1月1日放假，共1天。”)."))
    if not reading.errors:
        check(reading)
    return reading


def _heading(reading: Reading, text: str) -> None:
    number = _NUMBER.search(text)
    if number:
        reading.number = f"国办发明电〔{number[1]}〕{number[2]}号" if "明电" in number[0] else number[0]
    title = _TITLE_YEAR.search(text)
    if title:
        reading.year = int(title[1])
        start = text.rfind("\n", 0, title.start()) + 1
        reading.title = ("国务院办公厅" if "国务院办公厅" in text[start:title.start()] else "") + title[0]
        reading.kind = ANNUAL
        return
    reading.kind = SUPPLEMENT if any(word in text for word in _SUPPLEMENT_WORDS) else ANNUAL
    stated = re.search(r"(\d{4})年(?:" + _FESTIVAL + r")(?:放假调整|假期)", text)
    if stated:
        reading.year = int(stated[1])
        line_start = text.rfind("\n", 0, stated.start()) + 1
        line_end = text.find("\n", stated.end())
        reading.title = text[line_start:line_end if line_end >= 0 else None].strip()[:80]


def _segments(text: str) -> list[tuple[str, list[str], str]]:
    """Split the text into arrangements: (where, festival names, the text after the colon)."""
    starts = []
    for pattern in (_ARRANGEMENT, _ONE_OFF):
        for match in pattern.finditer(text):
            if pattern is _ONE_OFF and any(s <= match.start() < e for s, e, *_ in starts):
                continue
            names = [_SHORT.get(n, n) for n in match["names"].split("、")] if pattern is _ARRANGEMENT else [
                match["names"]]
            starts.append((match.start(), match.end(), names, match[0]))
    for match in _EXTEND.finditer(text):
        starts.append((match.start(), match.end(), ["延长:" + _SHORT.get(match["names"], match["names"])], match[0]))
    starts.sort()
    segments = []
    for index, (start, end, names, head) in enumerate(starts):
        stop = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        body = text[end:stop]
        body = body.split("\n\n")[0]
        line_end = body.find("\n")
        if line_end >= 0 and not _DATE.search(body[line_end:].split("。")[0]):
            body = body[:line_end]  # an arrangement ends with its line unless the next line goes on with dates
        where = _("Line %(line)d (%(text)s)") % {"line": text.count("\n", 0, start) + 1,
                                                 "text": (head + body).strip()[:40]}
        segments.append((where, names, body))
    return segments


def _year_from_dates(segments) -> int | None:
    for _where, _names, body in segments:
        match = re.search(r"(\d{4})年\d{1,2}月", body)
        if match:
            return int(match[1])
    return None


def _arrangement(reading: Reading, where: str, names: list[str], body: str) -> None:
    if names[0].startswith("延长:"):
        _extension(reading, where, names[0].split(":", 1)[1], body)
        return
    for name in names:
        if name not in reading.festivals:
            reading.festivals.append(name)
    label = names[0]
    month, last_year = None, reading.year
    read_any = False
    for sentence in re.split(r"[。；]", body):
        pending: list[dt.date] = []
        last_off: list[dt.date] = []
        for clause in sentence.split("，"):
            clause = clause.strip()
            if _DATE.search(clause):
                dates, month, last_year = _dates_in(reading, where, label, clause, month, last_year)
                if dates is None:
                    return
                pending.extend(dates)
            total = _TOTAL.search(clause)
            if "上班" in clause and pending:
                reading.days.extend(Day(d, WORKDAY, label, where) for d in pending)
                pending, read_any = [], True
            elif any(word in clause for word in ("放假", "补休", "休息", "调休")) and pending:
                reading.days.extend(Day(d, HOLIDAY, label, where) for d in pending)
                last_off, pending, read_any = pending, [], True
            if total and last_off and int(total[1]) != len(last_off):
                reading.errors.append(_("%(where)s: it says %(said)s days off, the dates give %(counted)d.")
                                      % {"where": where, "said": total[1], "counted": len(last_off)})
        if pending and not read_any:
            reading.errors.append(_("%(where)s: “%(sentence)s” says neither 放假 (days off) nor 上班 (make-up "
                                    "working days).") % {"where": where, "sentence": sentence.strip()[:30]})
            return


def _dates_in(reading: Reading, where, label, sentence, month, last_year):
    """The days a sentence names: each date, and every day of a range (至). Returns (days, month, year)."""
    days: list[dt.date] = []
    previous_end = 0
    pending = None  # the start of a range awaiting its end
    for match in _DATE.finditer(sentence):
        between = sentence[previous_end:match.start()]
        previous_end = match.end()
        year = int(match["y"]) if match["y"] else None
        if match["m"]:
            month = int(match["m"])
        if month is None:
            reading.errors.append(_("%(where)s: “%(date)s” has no month.") % {"where": where, "date": match[0]})
            return None, month, last_year
        if year is None:
            year = last_year if last_year is not None else reading.year
            if label == "元旦" and month == 12 and not match["y"]:
                year = reading.year - 1
        last_year = year
        try:
            day = dt.date(year, month, int(match["d"]))
        except ValueError:
            reading.errors.append(_("%(where)s: %(date)s does not exist.") % {"where": where, "date": match[0]})
            return None, month, last_year
        if not _note_matches(reading, where, match, day):
            return None, month, last_year
        if pending is not None and "至" in between:
            start = pending
            if day < start:
                reading.errors.append(_("%(where)s: the range ends before it starts.") % {"where": where})
                return None, month, last_year
            if (day - start).days > 15:
                reading.errors.append(_("%(where)s: a break of more than 16 days is not a holiday.")
                                      % {"where": where})
                return None, month, last_year
            days.extend(start + dt.timedelta(days=i) for i in range(1, (day - start).days + 1))
            pending = None
            continue
        days.append(day)
        pending = day
    return days, month, last_year


def _note_matches(reading: Reading, where: str, match, day: dt.date) -> bool:
    note = match["note"].strip("（）")
    weekday = re.search(r"周([一二三四五六日天])", note)
    if weekday and _WEEKDAYS[weekday[1]] != day.weekday():
        reading.errors.append(_("%(where)s: %(date)s is a %(real)s, not 周%(said)s as the notice says.")
                              % {"where": where, "date": day.isoformat(), "real": _weekday_name(day),
                                 "said": weekday[1]})
        return False
    lunar = re.search(r"(正|[一二三四五六七八九十冬腊]+)月(初[一二三四五六七八九十]|十[一二三四五六七八九]|二十[一二三四五六七八九]?"
                      r"|廿[一二三四五六七八九]|三十|十|除夕)", note)
    if lunar is None and "除夕" in note:
        lunar = ("除夕",)
    if lunar is not None and not _lunar_matches(lunar, day):
        reading.errors.append(_("%(where)s: %(date)s is not %(lunar)s of the lunar calendar.")
                              % {"where": where, "date": day.isoformat(), "lunar": lunar[0]})
        return False
    return True


def _weekday_name(day: dt.date) -> str:
    return "周" + "一二三四五六日"[day.weekday()]


def _lunar_matches(found, day: dt.date) -> bool:
    from lunardate import LunarDate

    lunar = LunarDate.from_solar_date(day.year, day.month, day.day)
    if found[0] == "除夕":
        following = dt.date.fromordinal(day.toordinal() + 1)
        nxt = LunarDate.from_solar_date(following.year, following.month, following.day)
        return (nxt.month, nxt.day) == (1, 1) and not nxt.is_leap_month
    month_word, day_word = found[1], found[2]
    months = {"正": 1, "冬": 11, "腊": 12}
    month = months.get(month_word) or _chinese_number(month_word)
    return (lunar.month, lunar.day) == (month, _lunar_day(day_word)) and not lunar.is_leap_month


def _chinese_number(word: str) -> int:
    if word == "十":
        return 10
    if word.startswith("十"):
        return 10 + _CN_DIGITS[word[1]]
    if word.endswith("十"):
        return _CN_DIGITS[word[0]] * 10
    if "十" in word:
        tens, ones = word.split("十")
        return _CN_DIGITS[tens] * 10 + _CN_DIGITS[ones]
    return _CN_DIGITS[word]


def _lunar_day(word: str) -> int:
    if word.startswith("初"):
        return _chinese_number(word[1:])
    if word.startswith("廿"):
        return 20 + _CN_DIGITS[word[1]]
    return _chinese_number(word)


def _extension(reading: Reading, where: str, festival: str, body: str) -> None:
    match = _DATE.search(body)
    if match is None or match.start() > 2:
        reading.errors.append(_("%(where)s: the extension does not say to which day.") % {"where": where})
        return
    month = int(match["m"]) if match["m"] else None
    if month is None:
        reading.errors.append(_("%(where)s: “%(date)s” has no month.") % {"where": where, "date": match[0]})
        return
    try:
        day = dt.date(int(match["y"]) if match["y"] else reading.year, month, int(match["d"]))
    except ValueError:
        reading.errors.append(_("%(where)s: %(date)s does not exist.") % {"where": where, "date": match[0]})
        return
    if _note_matches(reading, where, match, day):
        reading.kind = SUPPLEMENT
        reading.extensions[festival] = day
        if festival not in reading.festivals:
            reading.festivals.append(festival)


def check(reading: Reading) -> None:
    """The checks a notice's text allows (see the module's docstring); problems go to ``reading.errors``."""
    seen: dict[dt.date, Day] = {}
    for day in reading.days:
        if day.kind == WORKDAY and day.date.weekday() < 5:
            reading.errors.append(_("%(where)s: %(date)s is a %(weekday)s, a working day anyway; a make-up working "
                                    "day is a Saturday or Sunday.")
                                  % {"where": day.where, "date": day.date.isoformat(),
                                     "weekday": _weekday_name(day.date)})
        other = seen.get(day.date)
        if other is not None:
            if other.kind != day.kind:
                reading.errors.append(_("%(date)s is both a day off (%(a)s) and a working day (%(b)s).")
                                      % {"date": day.date.isoformat(), "a": other.where, "b": day.where})
            else:
                reading.errors.append(_("%(where)s: %(date)s is given twice.")
                                      % {"where": day.where, "date": day.date.isoformat()})
        seen[day.date] = day
    low, high = dt.date(reading.year - 1, 12, 24), dt.date(reading.year + 1, 1, 7)
    for day in reading.days:
        if not low <= day.date <= high:
            reading.errors.append(_("%(where)s: %(date)s is not in %(year)d.")
                                  % {"where": day.where, "date": day.date.isoformat(), "year": reading.year})
    check_lunar(reading)
    if reading.kind == ANNUAL:
        missing = [name for name in FESTIVALS if name not in reading.festivals]
        if missing:
            reading.errors.append(missing_message(missing))


def missing_message(missing: list[str]) -> str:
    return _("An annual notice arranges all seven festivals (元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节); "
             "missing: %(missing)s. Is the copy cut short?") % {"missing": "、".join(missing)}


def check_lunar(reading: Reading) -> None:
    """春节, 端午 and 中秋 each hold their lunar day in the notice's year."""
    from lunardate import LunarDate

    for festival, (month, day) in LUNAR.items():
        if festival not in reading.festivals or festival in reading.extensions:
            continue
        off = {d.date for d in reading.days if d.kind == HOLIDAY and festival in _names_of(reading, d)}
        if not off:
            continue
        try:
            expected = LunarDate(reading.year, month, day).to_solar_date()
        except ValueError:
            continue
        if expected not in off:
            first, last = min(off), max(off)
            reading.errors.append(_("%(festival)s must hold %(lunar)s (%(date)s in %(year)d), but its days off run "
                                    "from %(first)s to %(last)s: is this the notice of another year?")
                                  % {"festival": festival, "lunar": _lunar_label(month, day),
                                     "date": expected.isoformat(), "year": reading.year,
                                     "first": first.isoformat(), "last": last.isoformat()})


def _names_of(reading: Reading, day: Day) -> list[str]:
    """The festivals of the arrangement a day came from (中秋 and 国庆 may share one)."""
    return [FESTIVAL_NAMES.get(n, n) for n in day.name.split("、")] + [
        name for name in reading.festivals if name in day.where]


def _lunar_label(month: int, day: int) -> str:
    return {(1, 1): "正月初一", (5, 5): "五月初五", (8, 15): "八月十五"}[(month, day)]

"""China's working-day calendar (工作日历) for statutory deadlines.

Sources, in increasing order of precedence:

1. chinese-calendar's data: the 法定节假日 and 调休 make-up working days of each State Council
   (国务院办公厅) holiday notice up to the last year the installed release knows (2026 for 1.11);
2. extra tables passed in, e.g. the holiday table a system administrator keeps in the admin for years
   chinese-calendar does not know yet, or corrections to it.

A year is *covered* only when some table declares it. Asking about a date in a year no table covers
raises :class:`CalendarNotCovered`: a deadline is never computed on a guess.

Kinds of day:

* ``workday``: Monday to Friday, not a day off in a notice;
* ``makeup_workday``: a Saturday or Sunday the notice turns into a working day (调休上班日). Whether it
  counts as a 工作日 for a legal deadline is not settled by any statute (legal-rules §10, §13 item 9),
  so it is the ``count_makeup_workdays`` option (default True, the conservative reading for an agency's
  own deadlines: the office is open that day);
* ``weekend``: an ordinary weekly rest day (公休日; 国务院关于职工工作时间的规定 第7条: Saturday and
  Sunday);
* ``holiday``: a day off in the notice (法定节假日 and the rest days swapped around it).

Roll-over (民事诉讼法 第85条 as incorporated by 行政诉讼法 第101条 and 行政复议法 第88条): when the last day
of a period is a 法定休假日, the period ends on the first day after it. In Chinese court practice the
法定休假日 there covers weekly rest days as well as holidays, so :meth:`WorkCalendar.is_rest_day` (any
day that is not a working day) is what roll-over tests, and the roll-over target is the next working
day. With ``count_makeup_workdays=False`` a make-up Saturday is a rest day for roll-over too: the option
defines what a working day is, everywhere.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "CalendarNotCovered",
    "DayInfo",
    "DayKind",
    "EntryKind",
    "HolidayEntry",
    "HolidayTable",
    "WorkCalendar",
    "chinese_calendar_table",
    "holiday_name_en",
    "year_span",
]

_ONE_DAY = dt.timedelta(days=1)


class DayKind(StrEnum):
    WORKDAY = "workday"
    MAKEUP_WORKDAY = "makeup_workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"


class EntryKind(StrEnum):
    """What a holiday table says about a date."""

    HOLIDAY = "holiday"  # a day off in the notice
    WORKDAY = "workday"  # a make-up working day (调休上班)


# chinese-calendar names its holidays in English; these are the names used in explanations.
_KNOWN_NAMES: dict[str, tuple[str, str]] = {
    "New Year's Day": ("元旦", "New Year's Day"),
    "Spring Festival": ("春节", "Spring Festival"),
    "Tomb-sweeping Day": ("清明节", "Qingming Festival"),
    "Labour Day": ("劳动节", "Labour Day"),
    "Dragon Boat Festival": ("端午节", "Dragon Boat Festival"),
    "National Day": ("国庆节", "National Day"),
    "Mid-autumn Festival": ("中秋节", "Mid-Autumn Festival"),
    "Anti-Fascist 70th Day": ("抗战胜利70周年纪念日", "Victory Day (70th anniversary)"),
}
_EN_BY_ZH: dict[str, str] = {zh: en for zh, en in _KNOWN_NAMES.values()}
_EN_BY_ZH.update({"清明": "Qingming Festival", "端午": "Dragon Boat Festival", "中秋": "Mid-Autumn Festival"})


def holiday_name_en(name_zh: str) -> str:
    """Return the English name of a holiday known by its Chinese name, or the name unchanged."""
    return _EN_BY_ZH.get(name_zh, name_zh)


class CalendarNotCovered(LookupError):
    """The calendar has no holiday schedule for the year of a date, so no working day can be decided."""

    def __init__(self, date: dt.date, covered_years: Iterable[int]):
        self.date = date
        self.year = date.year
        self.covered_years = frozenset(covered_years)
        span = year_span(self.covered_years)
        super().__init__(
            f"No holiday schedule for {date.year} (needed for {date.isoformat()}); the calendar covers "
            f"{span}. Enter the State Council's {date.year} holiday notice in the holiday table and "
            f"declare the year covered."
        )


def year_span(years: frozenset[int]) -> str:
    """Write years as runs: ``2004-2026, 2028``."""
    if not years:
        return "no year"
    ordered = sorted(years)
    runs: list[str] = []
    first = prev = ordered[0]
    for year in ordered[1:] + [None]:
        if year is not None and year == prev + 1:
            prev = year
            continue
        runs.append(str(first) if first == prev else f"{first}-{prev}")
        if year is not None:
            first = prev = year
    return ", ".join(runs)


@dataclass(frozen=True)
class HolidayEntry:
    kind: EntryKind
    name_zh: str = ""
    name_en: str = ""
    source: str = ""  # the notice that set the day (its number or title), or the table's source


@dataclass(frozen=True)
class HolidayTable:
    """Holiday and make-up working days for some years, with the years it fully covers.

    ``days`` may hold dates outside ``years`` (a correction to another source's year); they apply but
    do not make their year covered.
    """

    source: str
    years: frozenset[int]
    days: Mapping[dt.date, HolidayEntry] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        source: str,
        years: Iterable[int],
        entries: Iterable[tuple] = (),
    ) -> HolidayTable:
        """Build a table from ``(date, kind, name)`` or ``(date, kind, name, notice)`` rows, kind being
        ``"holiday"`` or ``"workday"``; a row without its notice has the table's source."""
        days: dict[dt.date, HolidayEntry] = {}
        for day, kind, name, *notice in entries:
            days[day] = HolidayEntry(EntryKind(kind), name, holiday_name_en(name) if name else "",
                                     (notice[0] if notice else "") or source)
        return cls(source=source, years=frozenset(years), days=days)


#: The source of the days chinese-calendar ships (the State Council's notices up to its last year).
CHINESE_CALENDAR = "chinese-calendar"


def chinese_calendar_table() -> HolidayTable:
    """Return chinese-calendar's data as a table covering the years of its first and last notice."""
    from chinese_calendar import constants

    days: dict[dt.date, HolidayEntry] = {}
    for day, name in constants.holidays.items():
        zh, en = _KNOWN_NAMES.get(name, (name, name))
        days[day] = HolidayEntry(EntryKind.HOLIDAY, zh, en, CHINESE_CALENDAR)
    for day, name in constants.workdays.items():
        zh, en = _KNOWN_NAMES.get(name, (name, name))
        days[day] = HolidayEntry(EntryKind.WORKDAY, zh, en, CHINESE_CALENDAR)
    years = range(min(constants.holidays).year, max(constants.holidays).year + 1)
    return HolidayTable(source=CHINESE_CALENDAR, years=frozenset(years), days=days)


@dataclass(frozen=True)
class DayInfo:
    date: dt.date
    kind: DayKind
    working: bool
    name_zh: str = ""
    name_en: str = ""
    source: str = ""  # for a holiday or a make-up working day: the notice that set it

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name_zh


class WorkCalendar:
    """Decide working days from chinese-calendar plus extra holiday tables."""

    def __init__(
        self,
        tables: Iterable[HolidayTable] = (),
        *,
        include_chinese_calendar: bool = True,
        count_makeup_workdays: bool = True,
    ):
        all_tables = [chinese_calendar_table()] if include_chinese_calendar else []
        all_tables.extend(tables)
        self.count_makeup_workdays = count_makeup_workdays
        self.sources: tuple[str, ...] = tuple(t.source for t in all_tables)
        self._days: dict[dt.date, HolidayEntry] = {}
        years: set[int] = set()
        for table in all_tables:  # later tables win
            self._days.update(table.days)
            years.update(table.years)
        self.covered_years: frozenset[int] = frozenset(years)

    def __repr__(self) -> str:
        return (
            f"<WorkCalendar {year_span(self.covered_years)} from {', '.join(self.sources) or 'nothing'}; "
            f"count_makeup_workdays={self.count_makeup_workdays}>"
        )

    # -- coverage --------------------------------------------------------------------------------

    def covers(self, day_or_year: dt.date | int) -> bool:
        year = day_or_year if isinstance(day_or_year, int) else day_or_year.year
        return year in self.covered_years

    def require(self, day: dt.date) -> None:
        """Raise CalendarNotCovered unless the year of ``day`` is covered (a provisional view records it instead)."""
        if day.year not in self.covered_years:
            guessed = getattr(self, "guessed_years", None)
            if guessed is None:
                raise CalendarNotCovered(day, self.covered_years)
            guessed.add(day.year)

    def provisional(self) -> WorkCalendar:
        """Return a view of this calendar that counts a year no table covers on weekends alone (no holiday, no
        make-up working day) rather than refuse it, and records each year it so counted in ``guessed_years``.

        For one computation at a time: a deadline reaching into a year whose notice is not out yet is then given,
        marked provisional, instead of refused (see ``Deadline.provisional_years``).
        """
        view = copy.copy(self)
        view.guessed_years = set()
        return view

    # -- one day ---------------------------------------------------------------------------------

    def day(self, day: dt.date) -> DayInfo:
        """Return what kind of day ``day`` is, with the holiday's name where known."""
        if isinstance(day, dt.datetime):
            day = day.date()
        self.require(day)
        entry = self._days.get(day)
        if entry is not None and entry.kind == EntryKind.HOLIDAY:
            return DayInfo(day, DayKind.HOLIDAY, False, entry.name_zh, entry.name_en, entry.source)
        if entry is not None and entry.kind == EntryKind.WORKDAY:
            return DayInfo(day, DayKind.MAKEUP_WORKDAY, self.count_makeup_workdays, entry.name_zh, entry.name_en,
                           entry.source)
        if day.weekday() >= 5:
            return DayInfo(day, DayKind.WEEKEND, False)
        return DayInfo(day, DayKind.WORKDAY, True)

    def is_working_day(self, day: dt.date) -> bool:
        return self.day(day).working

    def is_rest_day(self, day: dt.date) -> bool:
        """Return whether ``day`` is a 法定休假日 for roll-over: a weekend or holiday, i.e. not a working day."""
        return not self.day(day).working

    def is_holiday(self, day: dt.date) -> bool:
        """Return whether ``day`` is a day off under a holiday notice (法定节假日 or a swapped rest day)."""
        return self.day(day).kind == DayKind.HOLIDAY

    def is_weekend(self, day: dt.date) -> bool:
        """Return whether ``day`` is an ordinary weekly rest day (not a holiday, not a make-up workday)."""
        return self.day(day).kind == DayKind.WEEKEND

    def is_makeup_workday(self, day: dt.date) -> bool:
        return self.day(day).kind == DayKind.MAKEUP_WORKDAY

    def holiday_name(self, day: dt.date, lang: str = "zh") -> str | None:
        info = self.day(day)
        return (info.name(lang) or None) if info.kind in (DayKind.HOLIDAY, DayKind.MAKEUP_WORKDAY) else None

    # -- moving ----------------------------------------------------------------------------------

    def next_working_day(self, day: dt.date, *, include: bool = False) -> dt.date:
        """Return the first working day after ``day`` (or ``day`` itself if ``include`` and it is one)."""
        candidate = day if include else day + _ONE_DAY
        while not self.is_working_day(candidate):
            candidate += _ONE_DAY
        return candidate

    def previous_working_day(self, day: dt.date, *, include: bool = False) -> dt.date:
        """Return the last working day before ``day`` (or ``day`` itself if ``include`` and it is one)."""
        candidate = day if include else day - _ONE_DAY
        while not self.is_working_day(candidate):
            candidate -= _ONE_DAY
        return candidate

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """Return the ``n``-th working day after ``day`` (``day`` itself not counted); before it if n < 0.

        ``n == 0`` returns ``day`` unchanged, whatever kind of day it is.
        """
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        remaining = abs(n)
        current = day
        while remaining:
            current += step
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Return the number of working days after ``start`` up to and including ``end`` (0 if end <= start)."""
        count = 0
        current = start + _ONE_DAY
        while current <= end:
            if self.is_working_day(current):
                count += 1
            current += _ONE_DAY
        return count

    def days_between(self, start: dt.date, end: dt.date) -> list[DayInfo]:
        """Return every day after ``start`` up to and including ``end``."""
        out: list[DayInfo] = []
        current = start + _ONE_DAY
        while current <= end:
            out.append(self.day(current))
            current += _ONE_DAY
        return out

    def rest_days_between(self, start: dt.date, end: dt.date) -> list[DayInfo]:
        """Return the non-working days after ``start`` up to and including ``end``."""
        return [info for info in self.days_between(start, end) if not info.working]

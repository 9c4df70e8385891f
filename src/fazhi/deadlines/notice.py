"""Read a year's holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知) as the administrator types it.

Each November the State Council General Office publishes the next year's days off and make-up working
days (legal-rules §10). Until they are in the holiday table no deadline reaching into that year can be
computed (:class:`fazhi.clock.CalendarNotCovered`). Entering some thirty dates one by one in the admin is
slow and error-prone, so the notice is typed as it reads, one arrangement per line::

    元旦 2027-01-01 至 2027-01-03 放假
    春节 2月6日 至 2月13日 放假
    春节 2月14日 上班

A line is: the holiday's name, a date or a range (至, ~ or ..), and 放假/休 (days off) or 上班/补班 (a
make-up working day). Dates are ISO (2027-01-01) or 月日 (1月1日, read in the notice's year; a December
date on a New Year's line is the December before). Lines starting with # are comments.

Every line is checked and every error named with its line number, so nothing is saved from a notice with
a mistake. Checks: a make-up working day must fall on a Saturday or Sunday (a weekday is a working day
already); a date may appear once; dates lie in the year or within a week of it. The
全国年节及纪念日放假办法 (2024 revision) 第7条 says consecutive work around a holiday should generally not
exceed six days: a longer run is a warning, not an error, since the notice is the authority.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

HOLIDAY = "holiday"
WORKDAY = "workday"

_KINDS = {
    "放假": HOLIDAY, "休": HOLIDAY, "休息": HOLIDAY, "holiday": HOLIDAY, "off": HOLIDAY,
    "上班": WORKDAY, "补班": WORKDAY, "调休上班": WORKDAY, "workday": WORKDAY, "work": WORKDAY,
}
_DATE = r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日)"
_LINE = re.compile(
    rf"^\s*(?P<name>[^\s\d][^\s]*?)\s*(?P<start>{_DATE})(?:\s*(?:至|~|～|\.\.|到)\s*(?P<end>{_DATE}))?"
    rf"\s*(?P<kind>\S+)\s*$"
)
_NEW_YEAR_NAMES = {"元旦", "New Year's Day"}
#: 全国年节及纪念日放假办法 (2024年11月12日 第四次修订, in force 2025-01-01) 第7条.
MAX_CONSECUTIVE_WORKDAYS = 6
#: How far outside the notice's year a date may lie (a New Year break may start on 30 or 31 December).
_SLACK = dt.timedelta(days=7)


@dataclass(frozen=True)
class NoticeDay:
    date: dt.date
    kind: str  # HOLIDAY or WORKDAY
    name: str
    line: int


@dataclass
class Notice:
    year: int | None
    days: list[NoticeDay] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind: str = "annual"  # or "supplement" (fazhi.deadlines.published)
    source: str = ""  # the notice's number or title, where the text gives it
    extensions: dict[str, dt.date] = field(default_factory=dict)  # festival → its new last day off

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.days or self.extensions)

    def summary(self) -> list[tuple[str, int, int, dt.date, dt.date]]:
        """Return (name, days off, make-up working days, first day, last day) per holiday, in date order."""
        groups: dict[str, list[NoticeDay]] = {}
        for day in sorted(self.days, key=lambda d: d.date):
            groups.setdefault(day.name, []).append(day)
        rows = []
        for name, days in groups.items():
            off = sum(1 for d in days if d.kind == HOLIDAY)
            rows.append((name, off, len(days) - off, days[0].date, days[-1].date))
        return sorted(rows, key=lambda row: row[3])


def _date(text: str, year: int, name: str) -> dt.date:
    if "-" in text:
        y, m, d = (int(part) for part in text.split("-"))
        return dt.date(y, m, d)
    match = re.fullmatch(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日", text)
    y, m, d = match.groups()
    if y is None:
        y = year - 1 if m == "12" and name in _NEW_YEAR_NAMES else year
    return dt.date(int(y), int(m), int(d))


def parse_notice(text: str, year: int | None = None) -> Notice:
    """Read a notice: as published (``fazhi.deadlines.published``) or typed one line per arrangement for ``year``.
    The result names every error and warning with its line or arrangement."""
    from fazhi.deadlines import published

    if published.looks_published(text):
        return _from_reading(published.read(text, year))
    if year is None:
        return Notice(year=None, errors=[_("Give the year of a notice typed one arrangement per line.")])
    notice = _parse_typed(text, year)
    if not notice.errors:
        # The checks of a published notice that need more than a line: the lunar festivals, all seven named.
        reading = published.Reading(year=year, days=[
            published.Day(d.date, d.kind, d.name, _("Line %(line)d") % {"line": d.line}) for d in notice.days])
        for day in notice.days:
            for name in day.name.split("、"):
                name = published.FESTIVAL_NAMES.get(name, name)
                if name not in reading.festivals:
                    reading.festivals.append(name)
        published.check_lunar(reading)
        missing = [name for name in published.FESTIVALS if name not in reading.festivals]
        if missing:
            reading.errors.append(published.missing_message(missing))
        notice.errors.extend(reading.errors)
    return notice


def _from_reading(reading) -> Notice:
    notice = Notice(year=reading.year, errors=list(reading.errors), warnings=list(reading.warnings),
                    kind=reading.kind, source=reading.source, extensions=dict(reading.extensions))
    notice.days = [NoticeDay(d.date, d.kind, d.name, 0) for d in reading.days]
    if not notice.errors and notice.days:
        notice.warnings.extend(_long_runs(notice))
    return notice


def _parse_typed(text: str, year: int) -> Notice:
    notice = Notice(year=year)
    seen: dict[dt.date, int] = {}
    low, high = dt.date(year, 1, 1) - _SLACK, dt.date(year, 12, 31) + _SLACK
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = _("Line %(line)d (%(text)s)") % {"line": number, "text": line[:40]}
        match = _LINE.match(line)
        if match is None:
            notice.errors.append(
                _("%(where)s: write the holiday's name, a date or a range (至), then 放假 or 上班.") % {"where": where}
            )
            continue
        kind = _KINDS.get(match["kind"].lower())
        if kind is None:
            notice.errors.append(
                _("%(where)s: “%(kind)s” is neither 放假 (day off) nor 上班 (make-up working day).")
                % {"where": where, "kind": match["kind"]}
            )
            continue
        name = match["name"]
        try:
            start = _date(match["start"], year, name)
            end = _date(match["end"], year, name) if match["end"] else start
        except ValueError:
            notice.errors.append(_("%(where)s: that date does not exist.") % {"where": where})
            continue
        if end < start:
            notice.errors.append(_("%(where)s: the range ends before it starts.") % {"where": where})
            continue
        if start < low or end > high:
            notice.errors.append(
                _("%(where)s: the dates are not in %(year)d.") % {"where": where, "year": year}
            )
            continue
        if (end - start).days > 15:
            notice.errors.append(_("%(where)s: a break of more than 16 days is not a holiday.") % {"where": where})
            continue
        day = start
        while day <= end:
            if kind == WORKDAY and day.weekday() < 5:
                notice.errors.append(
                    _("%(where)s: %(date)s is a weekday, a working day anyway; a make-up working day is a Saturday "
                      "or Sunday.") % {"where": where, "date": day.isoformat()}
                )
            elif day in seen:
                notice.errors.append(
                    _("%(where)s: %(date)s is already given on line %(other)d.")
                    % {"where": where, "date": day.isoformat(), "other": seen[day]}
                )
            else:
                seen[day] = number
                notice.days.append(NoticeDay(day, kind, name, number))
            day += dt.timedelta(days=1)
    if not notice.days and not notice.errors:
        notice.errors.append(_("The notice has no dates. Type one line per holiday arrangement."))
    if not notice.errors:
        notice.warnings.extend(_long_runs(notice))
    return notice


def _long_runs(notice: Notice) -> list[str]:
    """Warn of runs of more than six working days that touch a make-up working day (放假办法 第7条)."""
    by_date = {d.date: d.kind for d in notice.days}

    def working(day: dt.date) -> bool:
        kind = by_date.get(day)
        if kind is not None:
            return kind == WORKDAY
        return day.weekday() < 5

    runs: dict[tuple[dt.date, dt.date], list[dt.date]] = {}
    for makeup in sorted(d for d, kind in by_date.items() if kind == WORKDAY):
        start = end = makeup
        while working(start - dt.timedelta(days=1)):
            start -= dt.timedelta(days=1)
        while working(end + dt.timedelta(days=1)):
            end += dt.timedelta(days=1)
        runs.setdefault((start, end), []).append(makeup)
    warnings = []
    for (start, end), makeups in runs.items():
        length = (end - start).days + 1
        if length > MAX_CONSECUTIVE_WORKDAYS:
            warnings.append(_(
                "%(start)s to %(end)s are %(n)d working days in a row; the holiday regulations (放假办法 第7条) say "
                "generally no more than six. Check the make-up working days %(dates)s against the notice."
            ) % {"start": start.isoformat(), "end": end.isoformat(), "n": length,
                 "dates": ", ".join(d.isoformat() for d in makeups)})
    return warnings

"""Compute a statutory due date from a rule, a start event, pauses and extensions, and record how.

Counting conventions (legal-rules §0, §10):

* The start day is not counted unless the rule says so (民事诉讼法 第85条; 民法典 第201条): day 1 is the
  day after the start event.
* ``working_day``: only working days of the :class:`~fazhi.clock.calendar.WorkCalendar` count; weekends
  and holiday days off are skipped; 调休 make-up days count if the calendar says so.
* ``calendar_day``: every day counts, holidays included; the last day stays where it falls.
* ``calendar_day_rollover``: as ``calendar_day``, but a last day that is a rest day (weekend or holiday)
  moves to the next working day (民事诉讼法 第85条).
* ``month``: the corresponding day of the last month, or that month's last day (民法典 第202条).

Pauses (``Pause(kind, start, end)``):

* ``restart`` (e.g. 补正 under 政府信息公开条例 第30条): the period starts again, in full, from ``end``
  (the day the corrected application arrives), ``end`` itself not counted. A restart that begins after
  the period had already run out is ignored and reported.
* ``exclude`` (e.g. third-party consultation under 条例 第33条第3款, 中止 of a reconsideration): the days
  from ``start`` to ``end`` inclusive are not counted; the clock then continues with the days left.
  Counting the day the clock stops as excluded mirrors the start-day rule: a day on which the clock
  restarts is not counted either. A pause that begins after the period has run out is ignored.
* ``end=None`` means the pause is still running: the deadline has no due date yet (``due is None``)
  and records how many days were left when the clock stopped.

Extensions (``Extension(length, reason, approver)``) add to the statutory length up to the rule's
maximum (total of all extensions); beyond it :class:`ExtensionNotAllowed` is raised. The extended
period continues from the unrolled last day of the original period; roll-over applies to the final
last day only (the earlier of the two readings, so the safer one for the agency).

Roll-over of purely administrative calendar deadlines is UNCONFIRMED (legal-rules §13 item 9): rules
flagged ``rollover_unconfirmed`` do not roll over unless ``rollover_unconfirmed_rules=True`` (a
deployment setting), and the deadline carries a warning whenever its last day is a rest day.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from fazhi.clock.calendar import CalendarNotCovered, DayInfo, DayKind, WorkCalendar
from fazhi.clock.rules import DeadlineRule, PauseKind, PauseMode, PauseRule, Unit

__all__ = [
    "Deadline",
    "DeadlineStatus",
    "Extension",
    "ExtensionNotAllowed",
    "InvalidPause",
    "Pause",
    "PauseNotAllowed",
    "Step",
    "StepKind",
    "WarningCode",
    "add_months",
    "compute_deadline",
]

_ONE_DAY = dt.timedelta(days=1)


class ExtensionNotAllowed(ValueError):
    """An extension the rule does not allow, or beyond its maximum."""

    def __init__(self, message: str, *, rule: DeadlineRule, requested: int, maximum: int):
        super().__init__(message)
        self.rule = rule
        self.requested = requested
        self.maximum = maximum


class PauseNotAllowed(ValueError):
    """A pause of a kind the rule does not provide for."""


class InvalidPause(ValueError):
    """A pause whose dates make no sense (ends before it starts, starts before the start event)."""


@dataclass(frozen=True)
class Pause:
    kind: PauseKind
    start: dt.date
    end: dt.date | None = None  # None: still paused
    note: str = ""

    def __post_init__(self):
        object.__setattr__(self, "kind", PauseKind(self.kind))
        if self.end is not None and self.end < self.start:
            raise InvalidPause(f"Pause {self.kind} ends ({self.end}) before it starts ({self.start}).")


@dataclass(frozen=True)
class Extension:
    length: int
    reason: str = ""
    approver: str = ""
    unit: Unit | None = None  # default: the unit of the rule's maximum extension
    approved_on: dt.date | None = None

    def __post_init__(self):
        if self.length < 1:
            raise ValueError(f"An extension must be at least 1, not {self.length}.")


class StepKind(StrEnum):
    START = "start"
    LENGTH = "length"
    RESTART = "restart"
    PAUSE = "pause"
    PAUSED = "paused"  # a pause still running: no due date yet
    PAUSE_IGNORED = "pause_ignored"
    SKIPPED = "skipped"
    MAKEUP_COUNTED = "makeup_counted"
    BASE_DUE = "base_due"
    EXTENSION = "extension"
    ROLLOVER = "rollover"
    WARNING = "warning"
    DUE = "due"


class WarningCode(StrEnum):
    ROLLOVER_UNCONFIRMED = "rollover_unconfirmed"  # last day on a rest day, not rolled over
    ROLLOVER_BY_SETTING = "rollover_by_setting"  # rolled over under the deployment setting
    DUE_NOT_CHECKED = "due_not_checked"  # the calendar does not cover the last day
    PAUSE_AFTER_EXPIRY = "pause_after_expiry"
    PAUSE_INFERRED = "pause_inferred"
    PAUSE_START_DAY = "pause_start_day"  # the law is silent on the pause's first day: the reading taken
    EXTENSION_AFTER_EXPIRY = "extension_after_expiry"
    DEFAULT_LENGTH = "default_length"


@dataclass(frozen=True)
class Step:
    """One recorded step of a computation; which fields are set depends on ``kind``."""

    kind: StepKind
    date: dt.date | None = None
    end: dt.date | None = None
    length: int | None = None
    unit: Unit | None = None
    days: tuple[DayInfo, ...] = ()
    pause_kind: PauseKind | None = None
    pause_rule: PauseRule | None = None
    reason: str = ""
    approver: str = ""
    warning: WarningCode | None = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": str(self.kind)}
        for name in ("date", "end"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value.isoformat()
        for name in ("length", "reason", "approver", "note"):
            value = getattr(self, name)
            if value not in (None, ""):
                out[name] = value
        if self.unit is not None:
            out["unit"] = str(self.unit)
        if self.pause_kind is not None:
            out["pause_kind"] = str(self.pause_kind)
        if self.warning is not None:
            out["warning"] = str(self.warning)
        if self.days:
            out["days"] = [
                {"date": d.date.isoformat(), "kind": str(d.kind), "name_zh": d.name_zh, "name_en": d.name_en}
                for d in self.days
            ]
        return out


class DeadlineStatus(StrEnum):
    RUNNING = "running"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    PAUSED = "paused"


@dataclass(frozen=True)
class Deadline:
    """A computed due date and the record of how it was reached."""

    rule: DeadlineRule
    start: dt.date
    due: dt.date | None  # None while a pause is still running
    base_due: dt.date | None  # last day of the statutory period, before extension and roll-over
    length: int
    extension_total: int
    counted_from: dt.date  # the start event, or the day the period last restarted
    steps: tuple[Step, ...]
    length_source: str = ""
    paused_since: dt.date | None = None
    left_at_pause: int | None = None  # days (in the rule's unit) left when the running pause began
    calendar: WorkCalendar | None = field(default=None, compare=False, repr=False)
    # Years counted on weekends alone because no holiday notice covers them (a provisional calendar's guess).
    provisional_years: frozenset[int] = frozenset()

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    @property
    def unit(self) -> Unit:
        return self.rule.unit

    @property
    def warnings(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.warning is not None)

    @property
    def is_paused(self) -> bool:
        return self.due is None

    def remaining(self, today: dt.date) -> int | None:
        """Return calendar days from ``today`` to the due date: 0 on the day, negative when overdue."""
        return None if self.due is None else (self.due - today).days

    def working_days_remaining(self, today: dt.date) -> int | None:
        """Return working days after ``today`` up to the due date (negative when overdue)."""
        if self.due is None or self.calendar is None:
            return None
        if today <= self.due:
            return self.calendar.working_days_between(today, self.due)
        return -self.calendar.working_days_between(self.due, today)

    def is_overdue(self, today: dt.date) -> bool:
        return self.due is not None and today > self.due

    def status(self, today: dt.date, *, due_soon_days: int = 3) -> DeadlineStatus:
        """Return where ``today`` stands: running, due soon (within ``due_soon_days``), due today, overdue."""
        left = self.remaining(today)
        if left is None:
            return DeadlineStatus.PAUSED
        if left < 0:
            return DeadlineStatus.OVERDUE
        if left == 0:
            return DeadlineStatus.DUE_TODAY
        if left <= due_soon_days:
            return DeadlineStatus.DUE_SOON
        return DeadlineStatus.RUNNING

    def explain(self, lang: str = "zh") -> str:
        """Return a readable multi-line explanation in Chinese (``zh``) or English (``en``)."""
        from fazhi.clock.explain import explain

        return explain(self, lang)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe record (for storing next to a ledger row or sending over the API)."""
        return {
            "rule": self.rule.code,
            "rule_valid_from": self.rule.valid_from.isoformat() if self.rule.valid_from else None,
            "start": self.start.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "base_due": self.base_due.isoformat() if self.base_due else None,
            "length": self.length,
            "unit": str(self.rule.unit),
            "extension_total": self.extension_total,
            "counted_from": self.counted_from.isoformat(),
            "length_source": self.length_source,
            "paused_since": self.paused_since.isoformat() if self.paused_since else None,
            "left_at_pause": self.left_at_pause,
            "steps": [s.to_dict() for s in self.steps],
        }


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the corresponding day ``months`` later, or that month's last day (民法典 第202条)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    last = _stdlib_calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def _as_pause(value: Pause | tuple) -> Pause:
    return value if isinstance(value, Pause) else Pause(*value)


def _as_extension(value: Extension | tuple) -> Extension:
    return value if isinstance(value, Extension) else Extension(*value)


def _check_extensions(rule: DeadlineRule, extensions: list[Extension]) -> int:
    if not extensions:
        return 0
    requested = sum(e.length for e in extensions)
    if rule.max_extension is None:
        raise ExtensionNotAllowed(
            f"{rule.code} ({rule.name_en}) cannot be extended under {rule.instrument.name_en}.",
            rule=rule, requested=requested, maximum=0,
        )
    maximum, max_unit = rule.max_extension
    for e in extensions:
        if e.unit is not None and e.unit.family != max_unit.family:
            raise ExtensionNotAllowed(
                f"{rule.code} is extended in {max_unit.family}s, not {e.unit.family}s.",
                rule=rule, requested=requested, maximum=maximum,
            )
    if requested > maximum:
        raise ExtensionNotAllowed(
            f"{rule.code} ({rule.name_en}) may be extended by at most {maximum} ({max_unit}); "
            f"{requested} requested.",
            rule=rule, requested=requested, maximum=maximum,
        )
    return requested


@dataclass
class _Walk:
    last: dt.date | None = None  # the day the count was reached (None if stopped by a running pause)
    milestone: dt.date | None = None  # the day ``milestone`` days were reached
    counted: int = 0
    skipped: list[DayInfo] = field(default_factory=list)
    makeup: list[DayInfo] = field(default_factory=list)
    excluded: dict[Pause, int] = field(default_factory=dict)  # pause -> days not counted
    stopped_by: Pause | None = None


def _walk(
    rule: DeadlineRule,
    anchor: dt.date,
    target: int,
    milestone: int,
    excludes: list[Pause],
    calendar: WorkCalendar,
    late: frozenset[Pause] = frozenset(),
) -> _Walk:
    """Count ``target`` days of the rule's unit after ``anchor``, skipping excluded pauses (those in ``late`` from
    the day after they begin)."""
    walk = _Walk()
    day = anchor if rule.start_day_counts else anchor + _ONE_DAY
    while True:
        pause = next((p for p in excludes if (p.start < day if p in late else p.start <= day)
                      and (p.end is None or day <= p.end)), None)
        info = calendar.day(day) if rule.unit == Unit.WORKING_DAY else None
        if pause is not None:
            if pause.end is None:
                walk.stopped_by = pause
                return walk
            if info is None or info.working:
                walk.excluded[pause] = walk.excluded.get(pause, 0) + 1
        elif info is not None and not info.working:
            walk.skipped.append(info)
        else:
            if info is not None and info.kind == DayKind.MAKEUP_WORKDAY:
                walk.makeup.append(info)
            walk.counted += 1
            if walk.counted == milestone:
                walk.milestone = day
            if walk.counted == target:
                walk.last = day
                return walk
        day += _ONE_DAY


def compute_deadline(
    rule: DeadlineRule,
    start: dt.date,
    calendar: WorkCalendar,
    *,
    pauses: Iterable[Pause | tuple] = (),
    extensions: Iterable[Extension | tuple] = (),
    length_override: int | None = None,
    length_source: str = "",
    rollover_unconfirmed_rules: bool = False,
    pause_start_day_counts: bool = True,
) -> Deadline:
    """Return the due date of ``rule`` for a start event on ``start``, with the steps that led to it.

    ``length_override`` replaces the rule's length (a provincial setting, or a law setting a different
    period); ``length_source`` cites where it comes from. Where a pause's rule leaves open whether the day it
    begins still counts (``PauseRule.start_day_ambiguous``), ``pause_start_day_counts`` decides: True (the
    default) counts it, the reading that gives the earlier due date. Raises CalendarNotCovered when a day the
    result depends on lies in a year without a holiday schedule, ExtensionNotAllowed, PauseNotAllowed
    and InvalidPause.
    """
    if isinstance(start, dt.datetime):
        start = start.date()
    length = rule.length if length_override is None else length_override
    if length < 1:
        raise ValueError(f"The length of {rule.code} must be at least 1, not {length}.")
    pause_list = sorted((_as_pause(p) for p in pauses), key=lambda p: p.start)
    extension_list = [_as_extension(e) for e in extensions]
    extension_total = _check_extensions(rule, extension_list)

    steps: list[Step] = [
        Step(StepKind.START, date=start),
        Step(StepKind.LENGTH, length=length, unit=rule.unit, note=length_source),
    ]
    if rule.length_is_local and length_override is None:
        steps.append(Step(StepKind.WARNING, warning=WarningCode.DEFAULT_LENGTH))

    restarts: list[tuple[Pause, PauseRule]] = []
    excludes: list[Pause] = []
    for pause in pause_list:
        pause_rule = rule.pause_rule(pause.kind)
        if pause_rule is None:
            raise PauseNotAllowed(f"{rule.code} ({rule.name_en}) provides for no {pause.kind} pause.")
        if pause.start < start:
            raise InvalidPause(f"A {pause.kind} pause cannot start ({pause.start}) before the start event ({start}).")
        if rule.unit == Unit.MONTH:
            raise PauseNotAllowed(f"{rule.code}: pauses are not supported for periods in months.")
        if pause_rule.mode == PauseMode.RESTART:
            restarts.append((pause, pause_rule))
        else:
            excludes.append(pause)
    # Pauses whose first day still counts: the clock stops from the day after they begin.
    late = frozenset(p for p in excludes if pause_start_day_counts and rule.pause_rule(p.kind).start_day_ambiguous)

    anchor = start
    paused_since: dt.date | None = None
    left_at_pause: int | None = None

    if rule.unit == Unit.MONTH:
        base_due = add_months(start, length)
        due: dt.date | None = add_months(start, length + extension_total)
    else:
        # Apply restarts in order: each must begin while the period it interrupts is still running.
        for pause, pause_rule in restarts:
            if pause.start < anchor:
                raise InvalidPause(f"A {pause.kind} pause ({pause.start}) overlaps the previous restart ({anchor}).")
            live = [p for p in excludes if p.end is None or p.end >= anchor]
            running = _walk(rule, anchor, length, length, live, calendar, late)
            if running.last is not None and pause.start > running.last:
                steps.append(Step(StepKind.PAUSE_IGNORED, date=pause.start, end=pause.end, pause_kind=pause.kind,
                                  pause_rule=pause_rule, warning=WarningCode.PAUSE_AFTER_EXPIRY, note=pause.note))
                continue
            if pause.end is None:
                paused_since = pause.start
                left_at_pause = length
                steps.append(Step(StepKind.PAUSED, date=pause.start, length=left_at_pause, unit=rule.unit,
                                  pause_kind=pause.kind, pause_rule=pause_rule, note=pause.note))
                anchor = pause.start
                break
            steps.append(Step(StepKind.RESTART, date=pause.start, end=pause.end, pause_kind=pause.kind,
                              pause_rule=pause_rule, note=pause.note))
            anchor = pause.end

        base_due = due = None
        if paused_since is None:
            live = [p for p in excludes if p.end is None or p.end >= anchor]
            walk = _walk(rule, anchor, length + extension_total, length, live, calendar, late)
            for pause in live:
                pause_rule = rule.pause_rule(pause.kind)
                if pause is walk.stopped_by:
                    continue
                if walk.last is not None and pause.start > walk.last:
                    steps.append(Step(StepKind.PAUSE_IGNORED, date=pause.start, end=pause.end, pause_kind=pause.kind,
                                      pause_rule=pause_rule, warning=WarningCode.PAUSE_AFTER_EXPIRY, note=pause.note))
                    continue
                steps.append(Step(StepKind.PAUSE, date=pause.start, end=pause.end,
                                  length=walk.excluded.get(pause, 0), unit=rule.unit, pause_kind=pause.kind,
                                  pause_rule=pause_rule, note=pause.note))
                if pause_rule is not None and pause_rule.inferred:
                    steps.append(Step(StepKind.WARNING, warning=WarningCode.PAUSE_INFERRED, pause_kind=pause.kind,
                                      pause_rule=pause_rule))
                if pause_rule is not None and pause_rule.start_day_ambiguous:
                    steps.append(Step(StepKind.WARNING, date=pause.start, warning=WarningCode.PAUSE_START_DAY,
                                      pause_kind=pause.kind, pause_rule=pause_rule, length=int(pause in late)))
            if walk.skipped:
                steps.append(Step(StepKind.SKIPPED, days=tuple(walk.skipped)))
            if walk.makeup:
                steps.append(Step(StepKind.MAKEUP_COUNTED, days=tuple(walk.makeup)))
            if walk.stopped_by is not None:
                paused_since = walk.stopped_by.start
                left_at_pause = length + extension_total - walk.counted
                base_due = walk.milestone
                steps.append(Step(StepKind.PAUSED, date=paused_since, length=left_at_pause, unit=rule.unit,
                                  pause_kind=walk.stopped_by.kind, pause_rule=rule.pause_rule(walk.stopped_by.kind),
                                  note=walk.stopped_by.note))
            else:
                base_due, due = walk.milestone, walk.last

    if base_due is not None and extension_list:
        steps.append(Step(StepKind.BASE_DUE, date=base_due))
        max_unit = rule.max_extension[1] if rule.max_extension else rule.unit
        for e in extension_list:
            steps.append(Step(StepKind.EXTENSION, date=e.approved_on, length=e.length, unit=e.unit or max_unit,
                              reason=e.reason, approver=e.approver))
            if e.approved_on is not None and e.approved_on > base_due:
                steps.append(Step(StepKind.WARNING, date=e.approved_on, warning=WarningCode.EXTENSION_AFTER_EXPIRY))

    if due is not None:
        rolls = rule.unit == Unit.CALENDAR_DAY_ROLLOVER or (rule.rollover_unconfirmed and rollover_unconfirmed_rules)
        if rolls:
            if calendar.is_rest_day(due):
                rolled = calendar.next_working_day(due)
                steps.append(Step(StepKind.ROLLOVER, date=due, end=rolled,
                                  days=tuple(calendar.rest_days_between(due - _ONE_DAY, rolled - _ONE_DAY))))
                if rule.unit != Unit.CALENDAR_DAY_ROLLOVER:
                    steps.append(Step(StepKind.WARNING, date=due, warning=WarningCode.ROLLOVER_BY_SETTING))
                due = rolled
        elif rule.rollover_unconfirmed and rule.unit != Unit.WORKING_DAY:
            try:
                info = calendar.day(due)
            except CalendarNotCovered:
                steps.append(Step(StepKind.WARNING, date=due, warning=WarningCode.DUE_NOT_CHECKED))
            else:
                if not info.working:
                    try:
                        before = calendar.previous_working_day(due)
                    except CalendarNotCovered:
                        before = None
                    steps.append(Step(StepKind.WARNING, date=due, end=before, days=(info,),
                                      warning=WarningCode.ROLLOVER_UNCONFIRMED))
        steps.append(Step(StepKind.DUE, date=due))

    return Deadline(
        rule=rule,
        start=start,
        due=due,
        base_due=base_due,
        length=length,
        extension_total=extension_total,
        counted_from=anchor,
        steps=tuple(steps),
        length_source=length_source,
        paused_since=paused_since,
        left_at_pause=left_at_pause,
        calendar=calendar,
        provisional_years=frozenset(getattr(calendar, "guessed_years", ())),
    )

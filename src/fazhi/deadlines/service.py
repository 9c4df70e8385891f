"""The face of the deadlines app: due dates for ledgers, with the holiday table and provincial settings applied.

Other apps call :func:`due_date` (or :func:`work_calendar` for plain working-day arithmetic) and never
read this app's tables. The calendar and the provincial settings are cached per process; saving or
deleting a row through the ORM clears the cache in that process (signals), and other processes pick
the change up within ``CACHE_SECONDS``. Bulk updates that bypass signals should call :func:`clear_cache`.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fazhi.clock import (
    CalendarNotCovered,
    Deadline,
    Extension,
    ExtensionNotAllowed,
    HolidayTable,
    InvalidPause,
    Pause,
    PauseNotAllowed,
    RuleNotInForce,
    Unit,
    WorkCalendar,
    compute_deadline,
    rule_for,
)

__all__ = [
    "CACHE_SECONDS",
    "clear_cache",
    "describe_error",
    "due_date",
    "explain",
    "province_of",
    "provincial_length",
    "work_calendar",
]

# How long another process may keep using a calendar after an administrator changed the table.
CACHE_SECONDS = 300.0

_lock = threading.Lock()


@dataclass(frozen=True)
class _Snapshot:
    built_at: float
    calendar: WorkCalendar
    # (province, rule_code) -> ((valid_from, length, source), ...) newest first
    provincial: dict[tuple[str, str], tuple[tuple[dt.date, int, str], ...]]


_snapshots: dict[bool, _Snapshot] = {}


def clear_cache(**_kwargs) -> None:
    """Forget the cached calendar and provincial settings (connected to the models' save/delete signals)."""
    with _lock:
        _snapshots.clear()


def _build(count_makeup_workdays: bool) -> _Snapshot:
    from fazhi.deadlines.models import CalendarYear, HolidayOverride, ProvincialDeadline

    table = HolidayTable.build(
        "holiday table",
        CalendarYear.objects.values_list("year", flat=True),
        HolidayOverride.objects.values_list("date", "kind", "name", "source"),
    )
    calendar = WorkCalendar([table], count_makeup_workdays=count_makeup_workdays)
    provincial: dict[tuple[str, str], list[tuple[dt.date, int, str]]] = {}
    rows = ProvincialDeadline.objects.order_by("-valid_from").values_list(
        "province", "rule_code", "valid_from", "length", "source"
    )
    for province, rule_code, valid_from, length, source in rows:
        provincial.setdefault((province, rule_code), []).append((valid_from, length, source))
    return _Snapshot(
        built_at=time.monotonic(),
        calendar=calendar,
        provincial={key: tuple(value) for key, value in provincial.items()},
    )


def _snapshot() -> _Snapshot:
    count = bool(settings.FAZHI_COUNT_MAKEUP_WORKDAYS)
    snapshot = _snapshots.get(count)
    if snapshot is None or time.monotonic() - snapshot.built_at > CACHE_SECONDS:
        snapshot = _build(count)
        with _lock:
            _snapshots[count] = snapshot
    return snapshot


def work_calendar() -> WorkCalendar:
    """Return the working-day calendar: chinese-calendar plus the administrator's holiday table.

    Honours ``FAZHI_COUNT_MAKEUP_WORKDAYS``. Raises nothing itself; asking it about a year no table
    covers raises :class:`fazhi.clock.CalendarNotCovered`.
    """
    return _snapshot().calendar


def province_of(region_code: str | None) -> str | None:
    """Return the province code (GB/T 2260, ``xx0000``) of any region code, or None."""
    code = (region_code or "").strip()
    if len(code) < 2 or not code[:2].isdigit():
        return None
    return code[:2] + "0000"


def provincial_length(rule_code: str, province: str | None, on: dt.date) -> tuple[int, str] | None:
    """Return ``(length, source)`` a province sets for ``rule_code`` on ``on``, or None if it sets none."""
    code = province_of(province)
    if code is None:
        return None
    for valid_from, length, source in _snapshot().provincial.get((code, rule_code), ()):
        if valid_from <= on:
            return length, source
    return None


def due_date(
    rule_code: str,
    start: dt.date,
    *,
    province: str | None = None,
    pauses: Iterable[Pause | tuple] = (),
    extensions: Iterable[Extension | tuple] = (),
    provisional: bool = False,
    default_length: tuple[int, str] | None = None,
) -> Deadline:
    """Return the Deadline of ``rule_code`` for a start event on ``start``.

    With ``provisional``, a year whose holiday notice is not entered is counted on weekends alone and the deadline
    says so (``Deadline.provisional_years``), instead of CalendarNotCovered.

    The rule version is the one in force on ``start``. The length comes from the province's setting
    (``province`` may be any region code of that province; default ``FAZHI_PROVINCE``), else from the
    rule, or ``default_length`` (``(length, source)``: a setting standing in for the provinces' rules) before the
    rule's own. Raises the clock's errors: UnknownRule, RuleNotInForce, CalendarNotCovered,
    ExtensionNotAllowed, PauseNotAllowed, InvalidPause.
    """
    rule = rule_for(rule_code, on=start)
    setting = provincial_length(rule_code, province or settings.FAZHI_PROVINCE, start)
    length, source = setting or default_length or (None, "")
    calendar = work_calendar()
    return compute_deadline(
        rule,
        start,
        calendar.provisional() if provisional else calendar,
        pauses=pauses,
        extensions=extensions,
        length_override=length,
        length_source=source,
        # legal-rules §13 item 9: unconfirmed, so a setting (default off) rather than a constant.
        rollover_unconfirmed_rules=bool(getattr(settings, "FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES", False)),
        pause_start_day_counts=bool(getattr(settings, "FAZHI_PAUSE_START_DAY_COUNTS", True)),
    )


def is_provisional(day: dt.date | None) -> bool:
    """Whether a stored deadline on ``day`` is provisional: its year has no holiday notice yet, so it was counted on
    weekends alone and is recomputed when the notice is entered (``fazhi.ledgers.clock.recompute``)."""
    return day is not None and not work_calendar().covers(day.year)


def explain(deadline: Deadline) -> str:
    """Return the deadline's explanation in the active language (English or Chinese)."""
    language = get_language() or settings.LANGUAGE_CODE
    return deadline.explain("en" if language.startswith("en") else "zh")


def describe_error(error: Exception) -> str:
    """Return a translated message for one of the clock's errors, for showing to the person who acted."""
    if isinstance(error, CalendarNotCovered):
        return _(
            "No holiday schedule has been entered for %(year)s, so this deadline cannot be computed. A system "
            "administrator must enter the State Council's holiday notice for %(year)s on the working-day calendar "
            "page (/calendar/)."
        ) % {"year": error.year}
    if isinstance(error, ExtensionNotAllowed):
        if not error.maximum:
            return _("The law allows no extension of this deadline.")
        unit = error.rule.max_extension[1] if error.rule.max_extension else error.rule.unit
        units = {
            Unit.WORKING_DAY: _("working days"),
            Unit.MONTH: _("months"),
        }
        return _("This deadline may be extended by at most %(maximum)s %(unit)s; %(requested)s requested.") % {
            "maximum": error.maximum,
            "unit": units.get(unit, _("days")),
            "requested": error.requested,
        }
    if isinstance(error, PauseNotAllowed):
        return _("The law does not stop this deadline's clock for that reason.")
    if isinstance(error, InvalidPause):
        return _(
            "The dates of the pause are not valid: it must start on or after the start event and cannot end before it starts."
        )
    if isinstance(error, RuleNotInForce):
        return _("No version of this deadline rule was in force on that date.")
    return str(error)

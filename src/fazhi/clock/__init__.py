"""The statutory clock: China's working-day calendar and dated deadline rules (pure Python, no Django).

Typical use::

    from fazhi.clock import WorkCalendar, compute_deadline, rule_for

    rule = rule_for("disclosure.reply", on=received)
    deadline = compute_deadline(rule, received, WorkCalendar(), pauses=[("third_party", sent, answered)])
    deadline.due, deadline.explain("zh")

Inside the Django project, call ``fazhi.deadlines.service.due_date`` instead: it builds the calendar
from the administrator's holiday table and applies provincial settings.
"""

from fazhi.clock.calendar import (
    CalendarNotCovered,
    DayInfo,
    DayKind,
    EntryKind,
    HolidayEntry,
    HolidayTable,
    WorkCalendar,
    chinese_calendar_table,
)
from fazhi.clock.compute import (
    Deadline,
    DeadlineStatus,
    Extension,
    ExtensionNotAllowed,
    InvalidPause,
    Pause,
    PauseNotAllowed,
    Step,
    StepKind,
    WarningCode,
    add_months,
    compute_deadline,
)
from fazhi.clock.rules import (
    RULES,
    Citation,
    DeadlineRule,
    Instrument,
    PauseKind,
    PauseMode,
    PauseRule,
    RuleNotInForce,
    Unit,
    UnknownRule,
    rule_for,
    rule_versions,
)

__all__ = [
    "RULES",
    "CalendarNotCovered",
    "Citation",
    "DayInfo",
    "DayKind",
    "Deadline",
    "DeadlineRule",
    "DeadlineStatus",
    "EntryKind",
    "Extension",
    "ExtensionNotAllowed",
    "HolidayEntry",
    "HolidayTable",
    "Instrument",
    "InvalidPause",
    "Pause",
    "PauseKind",
    "PauseMode",
    "PauseNotAllowed",
    "PauseRule",
    "RuleNotInForce",
    "Step",
    "StepKind",
    "Unit",
    "UnknownRule",
    "WarningCode",
    "WorkCalendar",
    "add_months",
    "chinese_calendar_table",
    "compute_deadline",
    "rule_for",
    "rule_versions",
]

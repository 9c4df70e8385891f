"""A ledger's statutory deadlines, computed on the working-day calendar of the record's province."""

from __future__ import annotations

import datetime as dt

from fazhi.core.ledger import IllegalTransition


def due(rule_code: str, start: dt.date, agency, **kwargs):
    """Return the clock's ``Deadline`` of ``rule_code`` from ``start`` in ``agency``'s province, turning the clock's
    errors (a year without a holiday notice, a rule not in force) into a refusal for the person acting."""
    from fazhi.clock import (
        CalendarNotCovered,
        ExtensionNotAllowed,
        InvalidPause,
        PauseNotAllowed,
        RuleNotInForce,
        UnknownRule,
    )
    from fazhi.deadlines.service import describe_error, due_date

    try:
        return due_date(rule_code, start, province=agency.region.code, **kwargs)
    except (CalendarNotCovered, RuleNotInForce, UnknownRule, ExtensionNotAllowed, PauseNotAllowed,
            InvalidPause) as exc:
        raise IllegalTransition(describe_error(exc), code="clock") from None

"""When a submission is late, and the colour the office's status board gives it (pure functions).

A submission is late from the day after the round's due date while the agency has not submitted (a
draft, or a submission returned to it). Late by up to ``red_after`` days it is yellow, beyond that red
(``FAZHI_COLLECTION_RED_AFTER_DAYS``). Once submitted it is blue, once accepted green; a pending
submission that is not late is grey.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["Lateness", "board_colour", "lateness"]

PENDING = ("draft", "returned")


@dataclass(frozen=True)
class Lateness:
    days: int  # days past the due date; 0 when not late
    colour: str  # "" (not late), "yellow" or "red"

    @property
    def is_late(self) -> bool:
        return self.days > 0


def lateness(due: date, today: date, *, pending: bool, red_after: int) -> Lateness:
    """Return how late a submission is on ``today``: days past ``due`` while ``pending``, and its colour."""
    if not pending or today <= due:
        return Lateness(0, "")
    days = (today - due).days
    return Lateness(days, "yellow" if days <= red_after else "red")


def board_colour(status: str, due: date, today: date, *, red_after: int) -> str:
    """Return the status board colour: green accepted, blue submitted, yellow/red late, grey otherwise."""
    if status == "accepted":
        return "green"
    if status == "submitted":
        return "blue"
    late = lateness(due, today, pending=status in PENDING, red_after=red_after)
    return late.colour or "grey"

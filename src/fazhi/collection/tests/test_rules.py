"""Lateness and board colours (pure functions)."""

from datetime import date

from fazhi.collection.rules import board_colour, lateness

DUE = date(2026, 1, 20)


def test_not_late_on_the_due_date_itself():
    assert lateness(DUE, DUE, pending=True, red_after=5).days == 0
    assert lateness(DUE, DUE, pending=True, red_after=5).colour == ""


def test_yellow_up_to_the_threshold_then_red():
    assert lateness(DUE, date(2026, 1, 21), pending=True, red_after=5).colour == "yellow"
    late = lateness(DUE, date(2026, 1, 25), pending=True, red_after=5)
    assert (late.days, late.colour) == (5, "yellow")
    late = lateness(DUE, date(2026, 1, 26), pending=True, red_after=5)
    assert (late.days, late.colour, late.is_late) == (6, "red", True)


def test_a_submitted_form_is_never_late():
    assert lateness(DUE, date(2026, 3, 1), pending=False, red_after=5).days == 0


def test_board_colours():
    late = date(2026, 2, 1)
    assert board_colour("accepted", DUE, late, red_after=5) == "green"
    assert board_colour("submitted", DUE, late, red_after=5) == "blue"
    assert board_colour("draft", DUE, date(2026, 1, 10), red_after=5) == "grey"
    assert board_colour("draft", DUE, date(2026, 1, 22), red_after=5) == "yellow"
    assert board_colour("returned", DUE, late, red_after=5) == "red"
    assert board_colour("draft", DUE, late, red_after=30) == "yellow"

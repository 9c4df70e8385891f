"""WorkCalendar against the State Council schedules in legal-rules §10 (2025 and 2026)."""

import datetime as dt

import pytest

from fazhi.clock import CalendarNotCovered, DayKind, HolidayTable, WorkCalendar

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar()


@pytest.fixture(scope="module")
def strict():
    return WorkCalendar(count_makeup_workdays=False)


def test_2025_national_day_and_mid_autumn_are_days_off_with_names(cal):
    # 2025: National Day and Mid-Autumn together 1–8 October.
    for day in range(1, 9):
        assert cal.is_holiday(D(2025, 10, day))
        assert not cal.is_working_day(D(2025, 10, day))
    assert cal.holiday_name(D(2025, 10, 6)) == "中秋节"
    assert cal.holiday_name(D(2025, 10, 6), "en") == "Mid-Autumn Festival"
    assert cal.holiday_name(D(2025, 10, 1)) == "国庆节"
    assert cal.is_working_day(D(2025, 10, 9))


def test_2025_make_up_days_are_working_days(cal):
    # Work on Sunday 28 September and Saturday 11 October 2025.
    for day in (D(2025, 9, 28), D(2025, 10, 11)):
        assert cal.day(day).kind == DayKind.MAKEUP_WORKDAY
        assert cal.is_working_day(day)


def test_2026_spring_festival(cal):
    # 2026: Spring Festival 15–23 February off; work Saturday 14 and Saturday 28 February.
    assert all(cal.is_holiday(D(2026, 2, day)) for day in range(15, 24))
    assert cal.holiday_name(D(2026, 2, 18)) == "春节"
    assert cal.is_makeup_workday(D(2026, 2, 14)) and cal.is_working_day(D(2026, 2, 14))
    assert cal.is_makeup_workday(D(2026, 2, 28)) and cal.is_working_day(D(2026, 2, 28))
    assert cal.is_working_day(D(2026, 2, 24))


def test_2026_national_day(cal):
    # 2026: National Day 1–7 October off; work Sunday 20 September and Saturday 10 October.
    assert all(cal.is_holiday(D(2026, 10, day)) for day in range(1, 8))
    assert cal.is_working_day(D(2026, 9, 20)) and cal.is_working_day(D(2026, 10, 10))
    assert cal.next_working_day(D(2026, 9, 30)) == D(2026, 10, 8)


def test_make_up_days_can_be_left_uncounted(strict):
    # legal-rules §10/§13: whether 调休 Saturdays are 工作日 is unconfirmed, hence the option.
    assert not strict.is_working_day(D(2026, 2, 14))
    assert strict.is_rest_day(D(2026, 2, 14))
    assert strict.next_working_day(D(2026, 10, 9)) == D(2026, 10, 12)


def test_weekend_holiday_and_rest_day_are_distinguished(cal):
    saturday_in_block = D(2026, 10, 3)
    plain_saturday = D(2026, 3, 7)
    assert cal.is_holiday(saturday_in_block) and not cal.is_weekend(saturday_in_block)
    assert cal.is_weekend(plain_saturday) and not cal.is_holiday(plain_saturday)
    # Both are 法定休假日 for 民事诉讼法 第85条 roll-over.
    assert cal.is_rest_day(saturday_in_block) and cal.is_rest_day(plain_saturday)
    assert not cal.is_rest_day(D(2026, 3, 9))


def test_add_working_days_across_spring_festival(cal, strict):
    thursday = D(2026, 2, 12)
    assert cal.add_working_days(thursday, 1) == D(2026, 2, 13)  # Friday
    assert cal.add_working_days(thursday, 2) == D(2026, 2, 14)  # make-up Saturday
    assert cal.add_working_days(thursday, 3) == D(2026, 2, 24)  # first day after 15–23 February
    # Without make-up days: 13 Feb (1), 24 Feb (2), 25 Feb (3).
    assert strict.add_working_days(thursday, 3) == D(2026, 2, 25)
    assert cal.add_working_days(thursday, 0) == thursday
    assert cal.add_working_days(D(2026, 2, 24), -1) == D(2026, 2, 14)


def test_working_days_between(cal):
    # After 30 Sep 2026 up to 10 Oct: 8 Oct, 9 Oct and make-up Saturday 10 Oct.
    assert cal.working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert cal.working_days_between(D(2026, 10, 10), D(2026, 9, 30)) == 0
    rest = cal.rest_days_between(D(2026, 9, 30), D(2026, 10, 7))
    assert [r.date.day for r in rest] == list(range(1, 8))


def test_year_beyond_every_table_raises(cal):
    with pytest.raises(CalendarNotCovered) as excinfo:
        cal.is_working_day(D(2027, 1, 4))
    assert excinfo.value.year == 2027
    assert "2027" in str(excinfo.value) and "2004-2026" in str(excinfo.value)
    with pytest.raises(CalendarNotCovered):
        cal.day(D(2003, 12, 31))
    with pytest.raises(CalendarNotCovered):
        cal.add_working_days(D(2026, 12, 24), 10)  # runs into January 2027
    assert not cal.covers(2027) and cal.covers(D(2026, 12, 31))


def test_extra_table_extends_coverage_and_overrides():
    table = HolidayTable.build(
        "test 2027 table (fictional, not the real notice)",
        [2027],
        [(D(2027, 1, 1), "holiday", "元旦"), (D(2027, 1, 9), "workday", "元旦"), (D(2026, 12, 31), "holiday", "测试")],
    )
    cal = WorkCalendar([table])
    assert cal.covers(2027)
    assert cal.is_holiday(D(2027, 1, 1)) and cal.holiday_name(D(2027, 1, 1), "en") == "New Year's Day"
    assert cal.is_weekend(D(2027, 1, 2))
    assert cal.is_makeup_workday(D(2027, 1, 9))
    assert cal.is_working_day(D(2027, 1, 4))
    # A later table corrects an earlier source's day.
    assert cal.is_holiday(D(2026, 12, 31))
    assert cal.next_working_day(D(2026, 12, 30)) == D(2027, 1, 4)


def test_entries_alone_do_not_make_a_year_covered():
    table = HolidayTable.build("partial", [], [(D(2027, 1, 1), "holiday", "元旦")])
    with pytest.raises(CalendarNotCovered):
        WorkCalendar([table]).is_working_day(D(2027, 1, 4))


def test_calendar_without_chinese_calendar_covers_only_its_tables():
    cal = WorkCalendar([HolidayTable.build("only", [2030])], include_chinese_calendar=False)
    assert cal.covered_years == frozenset({2030})
    assert cal.is_working_day(D(2030, 1, 2))
    with pytest.raises(CalendarNotCovered):
        cal.is_working_day(D(2026, 1, 5))

"""The Django side of the clock: the admin's holiday table, provincial settings and due_date()."""

import datetime as dt

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import translation

from fazhi.clock import CalendarNotCovered, WarningCode
from fazhi.deadlines.models import CalendarYear, HolidayOverride, ProvincialDeadline
from fazhi.deadlines.service import due_date, explain, province_of, provincial_length, work_calendar

D = dt.date
pytestmark = pytest.mark.django_db


def test_calendar_honours_the_make_up_day_setting(settings):
    settings.FAZHI_COUNT_MAKEUP_WORKDAYS = True
    assert work_calendar().is_working_day(D(2026, 2, 14))
    settings.FAZHI_COUNT_MAKEUP_WORKDAYS = False
    assert not work_calendar().is_working_day(D(2026, 2, 14))
    # Received Mon 2 Feb 2026; without make-up Saturdays 14 and 28 Feb the 20th working day is Tue 10 Mar.
    assert due_date("disclosure.reply", D(2026, 2, 2)).due == D(2026, 3, 10)


def test_2027_is_refused_until_the_administrator_declares_it():
    with pytest.raises(CalendarNotCovered):
        due_date("disclosure.reply", D(2027, 1, 25))

    # Test data shaped like a notice, NOT the real 2027 schedule.
    CalendarYear.objects.create(year=2027, source="测试用通知（虚构）", published_on=D(2026, 11, 10))
    for day in range(6, 13):  # Sat 6 – Fri 12 Feb 2027 off
        HolidayOverride.objects.create(date=D(2027, 2, day), kind="holiday", name="春节", source="测试")
    HolidayOverride.objects.create(date=D(2027, 2, 20), kind="workday", name="春节", source="测试")

    # No manual cache clearing: the save signals did it.
    calendar = work_calendar()
    assert calendar.covers(2027) and calendar.is_holiday(D(2027, 2, 8))
    assert calendar.holiday_name(D(2027, 2, 8), "en") == "Spring Festival"
    # Received Mon 25 Jan 2027: 26–29 Jan (1–4), 1–5 Feb (5–9), 6–12 Feb off, 15–19 Feb (10–14),
    # Sat 20 make-up (15), 22–26 Feb (16–20): Fri 26 Feb 2027.
    deadline = due_date("disclosure.reply", D(2027, 1, 25))
    assert deadline.due == D(2027, 2, 26)
    assert "春节" in deadline.explain("zh")


def test_deleting_the_year_removes_coverage_again():
    year = CalendarYear.objects.create(year=2027, source="测试")
    assert work_calendar().covers(2027)
    year.delete()
    assert not work_calendar().covers(2027)


def test_an_override_corrects_a_chinese_calendar_day():
    assert work_calendar().is_working_day(D(2026, 12, 31))
    HolidayOverride.objects.create(date=D(2026, 12, 31), kind="holiday", name="测试更正")
    assert not work_calendar().is_working_day(D(2026, 12, 31))


def test_filing_period_per_province_across_national_day(settings):
    settings.FAZHI_PROVINCE = ""
    ProvincialDeadline.objects.create(
        province="330000", rule_code="normative.filing", length=15, source="某省规范性文件管理办法第二十条（测试）",
        valid_from=D(2020, 1, 1),
    )
    ProvincialDeadline.objects.create(
        province="140000", rule_code="normative.filing", length=20, source="另一省规定（测试）", valid_from=D(2020, 1, 1)
    )
    # Published Sun 20 Sep 2026: Sep 21–30 = 10 days.
    # 15 days: Mon 5 Oct, inside the 1–7 Oct break; calendar days, no roll-over, with a warning.
    zhejiang = due_date("normative.filing", D(2026, 9, 20), province="330782")  # a county of that province
    assert zhejiang.due == D(2026, 10, 5)
    assert zhejiang.length_source.startswith("某省规范性文件管理办法")
    assert WarningCode.ROLLOVER_UNCONFIRMED in [w.warning for w in zhejiang.warnings]
    assert "某省规范性文件管理办法第二十条" in zhejiang.explain("zh")
    # 20 days: Sat 10 Oct (a make-up working day).
    assert due_date("normative.filing", D(2026, 9, 20), province="140000").due == D(2026, 10, 10)
    # No setting anywhere: 30 days, Tue 20 Oct, flagged as the fallback.
    fallback = due_date("normative.filing", D(2026, 9, 20), province="110000")
    assert fallback.due == D(2026, 10, 20)
    assert WarningCode.DEFAULT_LENGTH in [w.warning for w in fallback.warnings]


def test_province_falls_back_to_the_deployment_setting(settings):
    ProvincialDeadline.objects.create(
        province="140000", rule_code="normative.filing", length=15, source="测试", valid_from=D(2020, 1, 1)
    )
    settings.FAZHI_PROVINCE = "140000"
    assert due_date("normative.filing", D(2026, 9, 20)).length == 15
    settings.FAZHI_PROVINCE = ""
    assert due_date("normative.filing", D(2026, 9, 20)).length == 30


def test_provincial_settings_are_dated():
    ProvincialDeadline.objects.create(
        province="330000", rule_code="normative.filing", length=30, source="旧规定", valid_from=D(2015, 1, 1)
    )
    ProvincialDeadline.objects.create(
        province="330000", rule_code="normative.filing", length=15, source="新规定", valid_from=D(2026, 10, 1)
    )
    assert provincial_length("normative.filing", "330000", D(2026, 9, 30)) == (30, "旧规定")
    assert provincial_length("normative.filing", "330000", D(2026, 10, 1)) == (15, "新规定")
    assert provincial_length("normative.filing", "330000", D(2014, 1, 1)) is None
    assert provincial_length("normative.filing", None, D(2026, 10, 1)) is None


def test_province_of():
    assert province_of("330782") == "330000"
    assert province_of("330782001") == "330000"
    assert province_of("") is None and province_of(None) is None


def test_province_code_is_validated():
    setting = ProvincialDeadline(province="330782", rule_code="normative.filing", length=15, source="x",
                                 valid_from=D(2020, 1, 1))
    with pytest.raises(ValidationError):
        setting.full_clean()
    with pytest.raises(ValidationError):
        ProvincialDeadline(province="330000", rule_code="nope", length=15, source="x",
                           valid_from=D(2020, 1, 1)).full_clean()


def test_unconfirmed_rollover_setting(settings):
    # 立案 Sat 4 Jul 2026 + 90 days = Fri 2 Oct (National Day break).
    assert due_date("penalty.decision", D(2026, 7, 4)).due == D(2026, 10, 2)
    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = True
    assert due_date("penalty.decision", D(2026, 7, 4)).due == D(2026, 10, 8)


def test_explain_follows_the_active_language():
    deadline = due_date("reconsideration.acceptance", D(2025, 9, 26))
    with translation.override("en"):
        assert explain(deadline).splitlines()[-1] == "Due: Fri 10 October 2025."
    with translation.override("zh-hans"):
        assert explain(deadline).splitlines()[-1] == "截止日期：2025年10月10日（星期五）。"


def test_models_are_in_the_admin():
    for model in (CalendarYear, HolidayOverride, ProvincialDeadline):
        assert admin.site.is_registered(model)


def test_errors_are_described_in_the_active_language():
    from fazhi.clock import ExtensionNotAllowed
    from fazhi.deadlines.service import describe_error

    with pytest.raises(CalendarNotCovered) as not_covered:
        due_date("disclosure.reply", D(2027, 3, 1))
    with pytest.raises(ExtensionNotAllowed) as too_long:
        due_date("disclosure.reply", D(2026, 2, 2), extensions=[(21, "x", "y")])
    with translation.override("en"):
        assert "2027" in describe_error(not_covered.value)
        assert describe_error(too_long.value) == (
            "This deadline may be extended by at most 20 working days; 21 requested."
        )

"""Worked examples for every rule, crossing 春节, 国庆 and 调休 days (schedules: legal-rules §10).

2025: National Day + Mid-Autumn 1–8 Oct off, work Sun 28 Sep and Sat 11 Oct.
2026: Spring Festival 15–23 Feb off, work Sat 14 and Sat 28 Feb; Qingming 4–6 Apr; Labour Day 1–5 May,
      work Sat 9 May; National Day 1–7 Oct off, work Sun 20 Sep and Sat 10 Oct.
Each expected date is counted by hand in the comment above it.
"""

import datetime as dt

import pytest

from fazhi.clock import (
    DeadlineStatus,
    Extension,
    ExtensionNotAllowed,
    InvalidPause,
    Pause,
    PauseNotAllowed,
    StepKind,
    WarningCode,
    WorkCalendar,
    add_months,
    compute_deadline,
    rule_for,
)

D = dt.date
CAL = WorkCalendar()
STRICT = WorkCalendar(count_makeup_workdays=False)


def due(code, start, cal=CAL, **kwargs):
    return compute_deadline(rule_for(code, on=start), start, cal, **kwargs)


def kinds(deadline):
    return [s.kind for s in deadline.steps]


def warnings(deadline):
    return [s.warning for s in deadline.warnings]


# -- 行政复议 受理审查 (5 working days, 行政复议法 第30条, 第88条第2款) -------------------------------------


def test_acceptance_across_national_day_2025_counts_the_make_up_sunday():
    # Received Fri 26 Sep 2025 (not counted). Sat 27 rest; Sun 28 make-up (1); Mon 29 (2); Tue 30 (3);
    # 1–8 Oct off; Thu 9 (4); Fri 10 (5).
    deadline = due("reconsideration.acceptance", D(2025, 9, 26))
    assert deadline.due == D(2025, 10, 10)
    skipped = next(s for s in deadline.steps if s.kind == StepKind.SKIPPED)
    assert {d.name_zh for d in skipped.days if d.name_zh} == {"国庆节", "中秋节"}
    makeup = next(s for s in deadline.steps if s.kind == StepKind.MAKEUP_COUNTED)
    assert [d.date for d in makeup.days] == [D(2025, 9, 28)]


def test_acceptance_without_counting_make_up_days():
    # Mon 29 (1); Tue 30 (2); Thu 9 Oct (3); Fri 10 (4); Sat 11 make-up not counted; Mon 13 (5).
    assert due("reconsideration.acceptance", D(2025, 9, 26), STRICT).due == D(2025, 10, 13)


def test_acceptance_restarts_after_correction_across_spring_festival_2026():
    # Received Mon 9 Feb 2026; correction notice Wed 11 Feb; materials back Fri 13 Feb (行政复议法 第31条:
    # examined again under 第30条). From 13 Feb: Sat 14 make-up (1); 15–23 off; Tue 24 (2); 25 (3);
    # 26 (4); Fri 27 (5).
    deadline = due(
        "reconsideration.acceptance", D(2026, 2, 9), pauses=[("correction", D(2026, 2, 11), D(2026, 2, 13))]
    )
    assert deadline.due == D(2026, 2, 27)
    assert deadline.counted_from == D(2026, 2, 13)
    assert StepKind.RESTART in kinds(deadline)


def test_acceptance_before_2024_uses_the_1999_law():
    # Received Wed 27 Sep 2023. 2023: 29 Sep–6 Oct off, work Sat 7 and Sun 8 Oct.
    # Thu 28 (1); Sat 7 Oct (2); Sun 8 (3); Mon 9 (4); Tue 10 (5).
    deadline = due("reconsideration.acceptance", D(2023, 9, 27))
    assert deadline.rule.article == 17
    assert deadline.due == D(2023, 10, 10)


# -- 行政复议 决定 (60 days + ≤30, 第62条; calendar days with 民诉法 第85条 roll-over) -------------------------


def test_decision_rolls_over_national_day_2026():
    # Accepted Mon 3 Aug 2026. Aug 4–31 = 28, Sep = 30 (58), Oct 1–2 (60): Fri 2 Oct is in the
    # 1–7 Oct holiday, so the period ends on the first day after it, Thu 8 Oct.
    deadline = due("reconsideration.decision", D(2026, 8, 3))
    assert deadline.base_due == D(2026, 10, 2)
    assert deadline.due == D(2026, 10, 8)
    rollover = next(s for s in deadline.steps if s.kind == StepKind.ROLLOVER)
    assert (rollover.date, rollover.end) == (D(2026, 10, 2), D(2026, 10, 8))
    assert {d.name_zh for d in rollover.days} == {"国庆节"}


def test_decision_before_2024_uses_the_1999_law():
    # Accepted Fri 1 Dec 2023 (old law). Dec 2–31 = 30, Jan 1–30 = 60: Tue 30 Jan 2024, a working day.
    deadline = due("reconsideration.decision", D(2023, 12, 1))
    assert deadline.rule.article == 31 and deadline.rule.valid_to == D(2023, 12, 31)
    assert deadline.due == D(2024, 1, 30)


def test_decision_extension_within_maximum():
    # Accepted Sat 2 Aug 2025. Aug 3–31 = 29, Sep = 30 (59), Oct 1 (60): the original last day 1 Oct is
    # a holiday but the extension continues from it (not from the rolled-over day): +30 = Fri 31 Oct.
    deadline = due(
        "reconsideration.decision", D(2025, 8, 2), extensions=[Extension(30, "案情复杂", "复议机构负责人")]
    )
    assert deadline.base_due == D(2025, 10, 1)
    assert deadline.due == D(2025, 10, 31)
    assert deadline.extension_total == 30
    assert StepKind.EXTENSION in kinds(deadline)


def test_decision_extension_beyond_maximum_is_refused():
    with pytest.raises(ExtensionNotAllowed) as excinfo:
        due("reconsideration.decision", D(2025, 8, 2), extensions=[(31, "复杂", "负责人")])
    assert excinfo.value.maximum == 30 and excinfo.value.requested == 31
    with pytest.raises(ExtensionNotAllowed):
        due("reconsideration.decision", D(2025, 8, 2), extensions=[(20, "a", "x"), (20, "b", "y")])


def test_simplified_decision_cannot_be_extended():
    with pytest.raises(ExtensionNotAllowed):
        due("reconsideration.decision_simplified", D(2026, 1, 20), extensions=[(5, "x", "y")])


def test_decision_suspension_is_excluded():
    # Accepted Mon 2 Mar 2026; suspended 10–19 Mar (10 days not counted), so day 60 is the 70th day:
    # Mar 3–31 = 29, Apr = 30 (59), May 1–11 (70): Mon 11 May, a working day after Labour Day.
    deadline = due(
        "reconsideration.decision", D(2026, 3, 2), pauses=[Pause("suspension", D(2026, 3, 10), D(2026, 3, 19))]
    )
    assert deadline.due == D(2026, 5, 11)
    pause = next(s for s in deadline.steps if s.kind == StepKind.PAUSE)
    assert pause.length == 10
    assert WarningCode.PAUSE_INFERRED in warnings(deadline)


def test_simplified_decision_rolls_over_spring_festival_2026():
    # Accepted Tue 20 Jan 2026. Jan 21–31 = 11, Feb 1–19 = 30: Thu 19 Feb is in 15–23 Feb, so Tue 24 Feb.
    deadline = due("reconsideration.decision_simplified", D(2026, 1, 20))
    assert deadline.due == D(2026, 2, 24)


# -- 政府信息公开 (20 working days + ≤20, 条例 第33条; 补正 第30条; 征求意见 第33条第3款) ---------------------


def test_disclosure_reply_across_spring_festival_2026():
    # Received Mon 2 Feb 2026. 3–6 Feb (1–4); 9–13 (5–9); Sat 14 make-up (10); 15–23 off; 24–27 (11–14);
    # Sat 28 make-up (15); 2–6 Mar (16–20): Fri 6 Mar.
    assert due("disclosure.reply", D(2026, 2, 2)).due == D(2026, 3, 6)
    # Without the two make-up Saturdays, 6 Mar is day 18: Mon 9 (19), Tue 10 Mar (20).
    assert due("disclosure.reply", D(2026, 2, 2), STRICT).due == D(2026, 3, 10)


def test_disclosure_extension_within_and_beyond_maximum():
    # 20 more working days after Fri 6 Mar: 9–13 (5), 16–20 (10), 23–27 (15), 30 Mar–3 Apr (20):
    # Fri 3 Apr 2026, before the Qingming days off (4–6 Apr).
    deadline = due("disclosure.reply", D(2026, 2, 2), extensions=[(20, "需要调取档案", "公开办主任")])
    assert (deadline.base_due, deadline.due) == (D(2026, 3, 6), D(2026, 4, 3))
    with pytest.raises(ExtensionNotAllowed):
        due("disclosure.reply", D(2026, 2, 2), extensions=[(21, "x", "y")])


@pytest.mark.parametrize("start_day_counts, due_on, excluded", [(True, D(2026, 3, 27), 9), (False, D(2026, 3, 30), 10)])
def test_disclosure_correction_restarts_and_third_party_time_is_excluded(start_day_counts, due_on, excluded):
    # Received Mon 26 Jan 2026; correction asked Wed 28 Jan, corrected request received Tue 10 Feb, so the
    # 20 days run afresh from 10 Feb (条例 第30条): 11–13 Feb (1–3); Sat 14 make-up (4); 15–23 off.
    # Third party consulted 24 Feb–6 Mar (第33条第3款), which does not say whether 24 Feb itself counts. By
    # default it does (day 5), the earlier of the two due dates: 25–27 Feb, make-up Sat 28 Feb and 2–6 Mar are
    # 9 working days not counted; then 9–13 Mar (6–10), 16–20 (11–15), 23–27 (16–20). Otherwise 24 Feb is not
    # counted either (10 days) and the last day is Mon 30 Mar.
    deadline = due(
        "disclosure.reply", D(2026, 1, 26),
        pauses=[("correction", D(2026, 1, 28), D(2026, 2, 10)), ("third_party", D(2026, 2, 24), D(2026, 3, 6))],
        pause_start_day_counts=start_day_counts,
    )
    assert deadline.due == due_on
    pause = next(s for s in deadline.steps if s.kind == StepKind.PAUSE)
    assert pause.length == excluded
    said = "2026年2月24日当日计入期限" if start_day_counts else "2026年2月24日当日即不计入期限"
    assert said in deadline.explain("zh") and "第三十三条第三款" in deadline.explain("zh")
    assert "does not say from which day" in deadline.explain("en")


@pytest.mark.parametrize("start_day_counts, left", [(True, 15), (False, 16)])
def test_disclosure_pause_still_running_has_no_due_date(start_day_counts, left):
    # Received Mon 2 Mar 2026: 3–6 Mar are days 1–4; the third party was asked on Mon 9 Mar (day 5 by default)
    # and has not answered, so 15 working days are left (16 if 9 Mar is not counted) and there is no due date.
    deadline = due("disclosure.reply", D(2026, 3, 2), pauses=[("third_party", D(2026, 3, 9), None)],
                   pause_start_day_counts=start_day_counts)
    assert deadline.due is None and deadline.is_paused
    assert (deadline.paused_since, deadline.left_at_pause) == (D(2026, 3, 9), left)
    assert deadline.status(D(2026, 3, 20)) == DeadlineStatus.PAUSED
    assert f"尚余{left}个工作日" in deadline.explain("zh")


def test_disclosure_correction_still_pending_has_no_due_date():
    deadline = due("disclosure.reply", D(2026, 3, 2), pauses=[("correction", D(2026, 3, 4), None)])
    assert deadline.due is None and deadline.left_at_pause == 20


def test_pause_after_expiry_is_ignored_with_a_warning():
    deadline = due("disclosure.reply", D(2026, 2, 2), pauses=[("third_party", D(2026, 3, 20), D(2026, 3, 25))])
    assert deadline.due == D(2026, 3, 6)
    assert WarningCode.PAUSE_AFTER_EXPIRY in warnings(deadline)


def test_pause_the_rule_does_not_provide_for_is_refused():
    with pytest.raises(PauseNotAllowed):
        due("disclosure.reply", D(2026, 2, 2), pauses=[("suspension", D(2026, 2, 3), D(2026, 2, 4))])
    with pytest.raises(PauseNotAllowed):
        due("litigation.defence", D(2026, 2, 2), pauses=[("correction", D(2026, 2, 3), D(2026, 2, 4))])


def test_pause_dates_are_checked():
    with pytest.raises(InvalidPause):
        Pause("third_party", D(2026, 2, 5), D(2026, 2, 4))
    with pytest.raises(InvalidPause):
        due("disclosure.reply", D(2026, 2, 2), pauses=[("third_party", D(2026, 1, 30), D(2026, 2, 4))])


# -- 行政处罚 (90 calendar days from 立案, 行政处罚法 第60条; roll-over unconfirmed) ------------------------


def test_penalty_does_not_roll_over_and_warns():
    # 立案 Sat 4 Jul 2026. Jul 5–31 = 27, Aug = 31 (58), Sep = 30 (88), Oct 1–2 (90): Fri 2 Oct, in the
    # National Day holiday. No roll-over; warn and point at the last working day before it, Wed 30 Sep.
    deadline = due("penalty.decision", D(2026, 7, 4))
    assert deadline.due == D(2026, 10, 2)
    warning = deadline.warnings[0]
    assert warning.warning == WarningCode.ROLLOVER_UNCONFIRMED
    assert warning.end == D(2026, 9, 30)
    assert StepKind.ROLLOVER not in kinds(deadline)


def test_penalty_warning_points_at_a_make_up_saturday():
    # 立案 Thu 20 Nov 2025. Nov 21–30 = 10, Dec = 31 (41), Jan = 31 (72), Feb 1–18 (90): Wed 18 Feb 2026,
    # in the Spring Festival. The last working day before it is make-up Saturday 14 Feb (Fri 13 Feb
    # when make-up days are not counted).
    assert due("penalty.decision", D(2025, 11, 20)).warnings[0].end == D(2026, 2, 14)
    assert due("penalty.decision", D(2025, 11, 20), STRICT).warnings[0].end == D(2026, 2, 13)


def test_penalty_rolls_over_when_the_deployment_says_so():
    deadline = due("penalty.decision", D(2026, 7, 4), rollover_unconfirmed_rules=True)
    assert deadline.due == D(2026, 10, 8)
    assert WarningCode.ROLLOVER_BY_SETTING in warnings(deadline)


def test_calendar_day_deadline_beyond_coverage_is_computed_but_flagged():
    # 立案 Fri 20 Nov 2026 + 90 = Thu 18 Feb 2027 (same count as above). Calendar days need no holiday
    # schedule, but whether 18 Feb 2027 is a holiday cannot be checked.
    deadline = due("penalty.decision", D(2026, 11, 20))
    assert deadline.due == D(2027, 2, 18)
    assert warnings(deadline) == [WarningCode.DUE_NOT_CHECKED]


def test_rolled_over_deadline_beyond_coverage_raises():
    from fazhi.clock import CalendarNotCovered

    with pytest.raises(CalendarNotCovered):
        due("litigation.defence", D(2026, 12, 20))  # day 15 is 4 Jan 2027
    with pytest.raises(CalendarNotCovered):
        due("disclosure.reply", D(2026, 12, 10))


# -- 行政应诉 (15 days from receipt of the complaint copy, 行政诉讼法 第67条, 第101条 → 民诉法 第85条) ----------


def test_defence_rolls_over_national_day():
    # Received Wed 16 Sep 2026. Sep 17–30 = 14, Oct 1 = 15: a holiday, so Thu 8 Oct.
    assert due("litigation.defence", D(2026, 9, 16)).due == D(2026, 10, 8)


def test_defence_rolls_over_an_ordinary_weekend():
    # Weekends are 法定休假日 for roll-over. Received Fri 7 Mar 2025: Mar 8–22 = 15, Sat 22 Mar → Mon 24.
    deadline = due("litigation.defence", D(2025, 3, 7))
    assert deadline.due == D(2025, 3, 24)
    assert "休息日" in deadline.explain("zh") and "a weekend" in deadline.explain("en")


def test_defence_ending_on_a_make_up_saturday():
    # Received Fri 25 Sep 2026: Sep 26–30 = 5, Oct 1–10 = 15: Sat 10 Oct is a make-up working day, so no
    # roll-over; if make-up days do not count it is a rest day and rolls to Mon 12 Oct.
    assert due("litigation.defence", D(2026, 9, 25)).due == D(2026, 10, 10)
    assert due("litigation.defence", D(2026, 9, 25), STRICT).due == D(2026, 10, 12)


# -- 信访 (信访工作条例 第22–23条 15 days, 第34条 60 + ≤30 days, 第36条 hearing excluded) ---------------------


def test_petition_forward_ends_in_the_holiday_without_roll_over():
    # Received Sat 20 Sep 2025. Sep 21–30 = 10, Oct 1–5 = 15: Sun 5 Oct, in 1–8 Oct; previous working day
    # Tue 30 Sep.
    deadline = due("petition.forward", D(2025, 9, 20))
    assert deadline.due == D(2025, 10, 5)
    assert deadline.warnings[0].end == D(2025, 9, 30)


def test_petition_notify_across_spring_festival():
    # Received Sat 31 Jan 2026: Feb 1–15 = 15, Sun 15 Feb is the first day of the Spring Festival break.
    deadline = due("petition.notify", D(2026, 1, 31))
    assert deadline.due == D(2026, 2, 15)
    assert deadline.warnings[0].warning == WarningCode.ROLLOVER_UNCONFIRMED


def test_petition_handling_with_extension():
    # Accepted Sun 10 Aug 2025. Aug 11–31 = 21, Sep = 30 (51), Oct 1–9 (60): Thu 9 Oct (calendar days,
    # the holiday counts). +30: Oct 10–31 = 22, Nov 1–8 = 30: Sat 8 Nov, a weekend: warning, no roll-over.
    assert due("petition.handling", D(2025, 8, 10)).due == D(2025, 10, 9)
    deadline = due("petition.handling", D(2025, 8, 10), extensions=[(30, "情况复杂", "局长")])
    assert deadline.due == D(2025, 11, 8)
    assert deadline.warnings[0].end == D(2025, 11, 7)
    with pytest.raises(ExtensionNotAllowed):
        due("petition.handling", D(2025, 8, 10), extensions=[(31, "x", "y")])


def test_petition_recheck_hearing_time_is_excluded():
    # Received Wed 1 Apr 2026; hearing 10–14 Apr (5 days not counted): day 30 is the 35th day:
    # Apr 2–30 = 29, May 1–6 = 35: Wed 6 May 2026.
    deadline = due("petition.recheck", D(2026, 4, 1), pauses=[("hearing", D(2026, 4, 10), D(2026, 4, 14))])
    assert deadline.due == D(2026, 5, 6)


def test_petition_objection_in_working_days():
    # Received Mon 28 Sep 2026: Tue 29 (1), Wed 30 (2), 1–7 Oct off, Thu 8 (3), Fri 9 (4), Sat 10 make-up (5).
    assert due("petition.objection", D(2026, 9, 28)).due == D(2026, 10, 10)


# -- 规范性文件 备案 (provincial length; calendar days) ------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        # Published Sun 20 Sep 2026. Sep 21–30 = 10 days.
        (15, D(2026, 10, 5)),  # Oct 1–5: Mon 5 Oct, in the National Day break (warning)
        (20, D(2026, 10, 10)),  # Oct 1–10: make-up Saturday 10 Oct
        (30, D(2026, 10, 20)),  # Oct 1–20: Tue 20 Oct
    ],
)
def test_filing_length_from_the_province(length, expected):
    deadline = due("normative.filing", D(2026, 9, 20), length_override=length, length_source="某省规定第十条")
    assert deadline.due == expected
    assert WarningCode.DEFAULT_LENGTH not in warnings(deadline)


def test_filing_without_provincial_setting_uses_30_days_and_says_so():
    deadline = due("normative.filing", D(2026, 9, 20))
    assert deadline.due == D(2026, 10, 20)
    assert WarningCode.DEFAULT_LENGTH in warnings(deadline)
    assert "未配置本省备案期限" in deadline.explain("zh")


# -- 人大代表建议 (3 months, ≤6, 代表法 第51条; 民法典 第202条) ---------------------------------------------


def test_deputy_suggestion_in_months():
    # Assigned 30 Nov 2025: +3 months has no 30 Feb, so the last day of February, Sat 28 Feb 2026 (a
    # make-up working day). Extended by 3 months: 30 May 2026 (Sat, a weekend: warning).
    assert due("deputy.suggestion", D(2025, 11, 30)).due == D(2026, 2, 28)
    extended = due("deputy.suggestion", D(2025, 11, 30), extensions=[(3, "涉及面广", "主任")])
    assert extended.due == D(2026, 5, 30)
    assert extended.warnings[0].warning == WarningCode.ROLLOVER_UNCONFIRMED
    with pytest.raises(ExtensionNotAllowed):
        due("deputy.suggestion", D(2025, 11, 30), extensions=[(4, "x", "y")])


def test_add_months():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2025, 11, 15), 3) == D(2026, 2, 15)
    assert add_months(D(2025, 12, 31), 12) == D(2026, 12, 31)


# -- status helpers -------------------------------------------------------------------------------------


def test_status_and_remaining():
    deadline = due("disclosure.reply", D(2026, 2, 2))  # due Fri 6 Mar 2026
    assert deadline.remaining(D(2026, 3, 1)) == 5
    assert deadline.status(D(2026, 3, 1)) == DeadlineStatus.RUNNING
    assert deadline.status(D(2026, 3, 4)) == DeadlineStatus.DUE_SOON
    assert deadline.status(D(2026, 3, 6)) == DeadlineStatus.DUE_TODAY
    assert deadline.status(D(2026, 3, 7)) == DeadlineStatus.OVERDUE and deadline.is_overdue(D(2026, 3, 7))
    # Working days after Fri 27 Feb up to 6 Mar: Sat 28 Feb (make-up) and 2–6 Mar.
    assert deadline.working_days_remaining(D(2026, 2, 27)) == 6
    assert deadline.working_days_remaining(D(2026, 3, 10)) == -2


def test_to_dict_is_json_safe():
    import json

    # Restart from Tue 10 Feb 2026: 11–13 Feb (1–3), Sat 14 (4), 24–27 Feb (5–8), Sat 28 (9),
    # 2–6 Mar (10–14), 9–13 Mar (15–19), Mon 16 Mar (20).
    deadline = due("disclosure.reply", D(2026, 1, 26), pauses=[("correction", D(2026, 1, 28), D(2026, 2, 10))])
    record = json.loads(json.dumps(deadline.to_dict()))
    assert record["due"] == "2026-03-16" and record["rule"] == "disclosure.reply"


# -- explanations ---------------------------------------------------------------------------------------


def test_explain_zh_acceptance():
    text = due("reconsideration.acceptance", D(2025, 9, 26)).explain("zh")
    assert "《中华人民共和国行政复议法》第三十条" in text
    assert "第八十八条第二款" in text
    assert "2025年9月26日" in text and "起算日当日不计入" in text
    assert "国庆节、中秋节" in text
    assert "2025年9月28日（星期日）为国庆节调休上班日" in text
    assert text.splitlines()[-1] == "截止日期：2025年10月10日（星期五）。"


def test_explain_en_acceptance():
    text = due("reconsideration.acceptance", D(2025, 9, 26)).explain("en")
    assert "Art. 30 of the Administrative Reconsideration Law" in text
    assert "National Day and Mid-Autumn Festival" in text
    assert "not counted" in text
    assert text.splitlines()[-1] == "Due: Fri 10 October 2025."


def test_explain_rollover_and_extension():
    zh = due("reconsideration.decision", D(2026, 8, 3)).explain("zh")
    assert "《中华人民共和国民事诉讼法》第八十五条" in zh and "顺延" in zh and "国庆节" in zh
    assert "2026年10月8日（星期四）" in zh
    en = due("reconsideration.decision", D(2026, 8, 3)).explain("en")
    assert "Roll-over" in en and "Art. 85 of the Civil Procedure Law" in en and "Thu 8 October 2026" in en
    ext = due("disclosure.reply", D(2026, 2, 2), extensions=[(20, "需要调取档案", "公开办主任")]).explain("zh")
    assert "经公开办主任批准" in ext and "延长20个工作日" in ext and "原期限届满日：2026年3月6日" in ext


def test_explain_pauses_and_warnings():
    zh = due(
        "disclosure.reply",
        D(2026, 1, 26),
        pauses=[("correction", D(2026, 1, 28), D(2026, 2, 10)), ("third_party", D(2026, 2, 24), D(2026, 3, 6))],
    ).explain("zh")
    assert "第三十条" in zh and "重新计算" in zh
    assert "征求第三方意见：2026年2月24日至3月6日，其间9个工作日不计入期限" in zh  # 24 Feb itself counts (setting)
    assert "春节" in zh
    penalty_zh = due("penalty.decision", D(2026, 7, 4)).explain("zh")
    assert "《中华人民共和国行政处罚法》第六十条" in penalty_zh and "未予顺延" in penalty_zh
    assert "2026年9月30日（星期三）" in penalty_zh
    penalty_en = due("penalty.decision", D(2026, 7, 4)).explain("en")
    assert "Warning" in penalty_en and "not rolled over" in penalty_en


@pytest.mark.parametrize("code", ["reconsideration.application", "disclosure.correction_notice", "petition.review",
                                  "regulation.filing"])
def test_other_rules_compute_and_explain(code):
    deadline = due(code, D(2026, 3, 2))
    assert deadline.due is not None and deadline.due > D(2026, 3, 2)
    assert deadline.explain("zh") and deadline.explain("en")

"""The rule registry: versions by date, units and sources."""

import datetime as dt

import pytest

from fazhi.clock import (
    RULES,
    PauseKind,
    PauseMode,
    RuleNotInForce,
    Unit,
    UnknownRule,
    rule_for,
    rule_versions,
)

D = dt.date


def test_reconsideration_rules_switch_on_1_january_2024():
    old = rule_for("reconsideration.decision", on=D(2023, 12, 31))
    new = rule_for("reconsideration.decision", on=D(2024, 1, 1))
    assert (old.instrument.code, old.article) == ("admin_reconsideration_law_1999", 31)
    assert (new.instrument.code, new.article, new.paragraph) == ("admin_reconsideration_law_2023", 62, 1)
    assert rule_for("reconsideration.acceptance", on=D(2023, 6, 1)).article == 17
    assert rule_for("reconsideration.acceptance", on=D(2024, 6, 1)).article == 30
    assert len(rule_versions("reconsideration.decision")) == 2
    assert RULES["reconsideration.decision"] is new  # the registry holds the current version


def test_simplified_procedure_did_not_exist_before_2024():
    with pytest.raises(RuleNotInForce):
        rule_for("reconsideration.decision_simplified", on=D(2023, 6, 1))


def test_unknown_rule():
    with pytest.raises(UnknownRule):
        rule_for("no.such.rule")


@pytest.mark.parametrize(
    ("code", "length", "unit"),
    [
        ("reconsideration.acceptance", 5, Unit.WORKING_DAY),  # 行政复议法 第30条, 第88条第2款
        ("reconsideration.decision", 60, Unit.CALENDAR_DAY_ROLLOVER),  # 第62条第1款, 第88条第1款
        ("reconsideration.decision_simplified", 30, Unit.CALENDAR_DAY_ROLLOVER),  # 第62条第2款
        ("disclosure.reply", 20, Unit.WORKING_DAY),  # 政府信息公开条例 第33条
        ("penalty.decision", 90, Unit.CALENDAR_DAY),  # 行政处罚法 第60条
        ("litigation.defence", 15, Unit.CALENDAR_DAY_ROLLOVER),  # 行政诉讼法 第67条, 第101条
        ("litigation.appeal_reply", 15, Unit.CALENDAR_DAY_ROLLOVER),  # 民事诉讼法 第174条 via 行政诉讼法 第101条
        ("litigation.appeal_judgment", 15, Unit.CALENDAR_DAY_ROLLOVER),  # 行政诉讼法 第85条
        ("litigation.appeal_ruling", 10, Unit.CALENDAR_DAY_ROLLOVER),  # 第85条
        ("litigation.judicial_suggestion_reply", 2, Unit.MONTH),  # local, UNCONFIRMED fallback
        ("litigation.procuratorial_suggestion_reply", 2, Unit.MONTH),  # local, UNCONFIRMED fallback
        ("petition.forward", 15, Unit.CALENDAR_DAY),  # 信访工作条例 第22条
        ("petition.notify", 15, Unit.CALENDAR_DAY),  # 第23条
        ("petition.handling", 60, Unit.CALENDAR_DAY),  # 第34条
        ("normative.filing", 30, Unit.CALENDAR_DAY),  # provincial; fallback 30
        ("deputy.suggestion", 3, Unit.MONTH),  # 代表法 第51条
    ],
)
def test_lengths_and_units(code, length, unit):
    rule = RULES[code]
    assert (rule.length, rule.unit) == (length, unit)


def test_extension_maxima():
    assert RULES["reconsideration.decision"].max_extension == (30, Unit.CALENDAR_DAY_ROLLOVER)
    assert RULES["reconsideration.decision_simplified"].max_extension is None
    assert RULES["disclosure.reply"].max_extension == (20, Unit.WORKING_DAY)
    assert RULES["petition.handling"].max_extension == (30, Unit.CALENDAR_DAY)
    assert RULES["penalty.decision"].max_extension is None


def test_pause_kinds():
    disclosure = RULES["disclosure.reply"]
    assert disclosure.pause_rule(PauseKind.CORRECTION).mode == PauseMode.RESTART  # 条例 第30条
    assert disclosure.pause_rule(PauseKind.THIRD_PARTY).mode == PauseMode.EXCLUDE  # 第33条第3款
    assert disclosure.pause_rule(PauseKind.SUSPENSION) is None
    assert RULES["reconsideration.acceptance"].pause_rule(PauseKind.CORRECTION).basis.article == 31


def test_unconfirmed_rollover_is_flagged_on_administrative_calendar_deadlines():
    flagged = {code for code, rule in RULES.items() if rule.rollover_unconfirmed}
    assert {"penalty.decision", "petition.handling", "normative.filing"} <= flagged
    assert "litigation.defence" not in flagged and "reconsideration.decision" not in flagged
    assert {"litigation.appeal_judgment", "litigation.appeal_ruling", "litigation.appeal_reply"}.isdisjoint(flagged)


def test_suggestion_replies_are_local_lengths_the_court_periods_are_not():
    local = {code for code, rule in RULES.items() if rule.length_is_local}
    assert {"litigation.judicial_suggestion_reply", "litigation.procuratorial_suggestion_reply"} <= local
    assert {"litigation.defence", "litigation.appeal_judgment", "litigation.appeal_ruling"}.isdisjoint(local)
    appeal = RULES["litigation.appeal_ruling"]
    assert (appeal.instrument.code, appeal.article) == ("admin_litigation_law_2017", 85)


def test_every_rule_is_cited_and_named():
    for code, rule in RULES.items():
        assert rule.code == code
        assert rule.name_zh and rule.name_en and rule.start_event_zh and rule.start_event_en
        assert rule.instrument.local or rule.article, code
        assert rule.length >= 1

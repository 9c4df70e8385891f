"""Worked examples for every clock an item stores, on the 2026 calendar of conftest.

A period in months ends on the corresponding day of the last month, or on that month's last day when it has none
(民法典 第202条): the holidays inside it change nothing. Whether a last day on a rest day rolls over is unconfirmed
for these administrative periods (legal-rules §13 item 9): it stays put unless FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES is
on. The lengths of the proposals, the co-handlers' opinions and the second handling are the province's (a provincial
deadline in the admin), with the fallbacks of ``fazhi.clock.rules``.
"""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.suggestions import actions
from fazhi.suggestions.tests.conftest import at, message

pytestmark = pytest.mark.django_db

D = date


# -- the answer (代表法 第51条) and its outer limit ------------------------------------------------------------------


def test_a_suggestion_assigned_in_late_january_is_answered_3_months_later_across_the_spring_festival(assign):
    # Assigned Wed 28 Jan 2026: three months end on Tue 28 April; 春节 (15–23 Feb) inside the months changes nothing.
    item = assign(assigned_on=D(2026, 1, 28))
    assert item.answer_due == item.next_deadline == D(2026, 4, 28)
    assert item.answer_limit == D(2026, 7, 28)  # six months at the most
    assert item.status == "assigned"


def test_a_month_end_assignment_ends_on_the_last_day_of_february(assign):
    # Assigned Sun 30 Nov 2025: February 2026 has no 30th, so its last day, Sat 28 Feb (a make-up working day).
    item = assign(assigned_on=D(2025, 11, 30))
    assert item.answer_due == D(2026, 2, 28)
    assert item.answer_limit == D(2026, 5, 30)


def test_a_month_end_assignment_ends_on_29_february_in_a_leap_year(assign):
    from fazhi.ledgers.clock import is_provisional

    with at(D(2027, 12, 1)):
        item = assign(assigned_on=D(2027, 11, 30))
    assert item.answer_due == D(2028, 2, 29)
    assert is_provisional(item.answer_due)  # 2028 has no holiday notice yet


def test_the_roll_over_setting_moves_a_last_day_on_a_rest_day_but_not_a_make_up_working_day(assign, settings):
    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = True
    item = assign(assigned_on=D(2025, 11, 30))
    assert item.answer_due == D(2026, 2, 28)  # Saturday 28 Feb 2026 is a make-up working day: it stays
    assert item.answer_limit == D(2026, 6, 1)  # Saturday 30 May is a rest day: Monday 1 June


def test_a_longer_period_runs_to_6_months_and_no_further(contacted, world):
    item = contacted(assigned_on=D(2026, 3, 2))
    assert item.answer_due == D(2026, 6, 2)
    item = actions.extend_answer(item, by=world.owner, extended_on=D(2026, 6, 1), extension_months=3,
                                 extension_reason="涉及面广", extension_approver="县政府办公室")
    # Three months plus three from Mon 2 March: Wed 2 September, the outer limit itself.
    assert item.answer_due == item.answer_limit == item.next_deadline == D(2026, 9, 2)


def test_the_clock_refuses_more_than_3_months_of_extension(assign, world):
    from django.core.exceptions import ValidationError

    item = assign(assigned_on=D(2026, 3, 2))
    with pytest.raises(ValidationError) as excinfo:
        actions.extend_answer(item, by=world.owner, extended_on=D(2026, 5, 4), extension_months=4,
                              extension_reason="涉及面广", extension_approver="县政府办公室")
    assert "at most 3 months; 4 requested" in message(excinfo)


# -- a proposal: the province's periods --------------------------------------------------------------------------


def test_a_proposal_takes_the_provinces_period_and_falls_back_to_3_months(assign):
    from fazhi.deadlines.models import ProvincialDeadline

    session = assign(kind="cppcc", assigned_on=D(2026, 1, 28))
    interim = assign(kind="cppcc", raised_during="interim", assigned_on=D(2026, 1, 28))
    assert session.answer_due == interim.answer_due == D(2026, 4, 28)  # no provincial period: 3 months
    assert session.answer_limit == D(2026, 7, 28)
    # Sichuan 2024 (legal-rules §7.3): 5 months for proposals of the plenary session.
    ProvincialDeadline.objects.create(province="990000", rule_code="cppcc.proposal_session", length=5,
                                      source="四川省办法（示例）", valid_from=D(2024, 1, 1))
    longer = assign(kind="cppcc", assigned_on=D(2026, 1, 28))
    assert longer.answer_due == D(2026, 6, 28)
    assert assign(kind="cppcc", raised_during="interim", assigned_on=D(2026, 1, 28)).answer_due == D(2026, 4, 28)


def test_a_proposal_is_not_extended_past_the_provinces_outer_limit(assign, world):
    from django.core.exceptions import ValidationError

    from fazhi.deadlines.models import ProvincialDeadline

    ProvincialDeadline.objects.create(province="990000", rule_code="cppcc.proposal_session", length=5,
                                      source="四川省办法（示例）", valid_from=D(2024, 1, 1))
    item = assign(kind="cppcc", assigned_on=D(2026, 1, 28))
    with pytest.raises(ValidationError) as excinfo:
        actions.extend_answer(item, by=world.owner, extended_on=D(2026, 6, 1), extension_months=2,
                              extension_reason="需要协调资金", extension_approver="县政府办公室")
    assert message(excinfo, "extension_months") == (
        "A proposal is answered by 2026-07-28 at the latest, the province's outer limit (本省建议提案办理办法): 2 "
        "more months would run to 2026-08-28.")
    item = actions.extend_answer(item, by=world.owner, extended_on=D(2026, 6, 1), extension_months=1,
                                 extension_reason="需要协调资金", extension_approver="县政府办公室")
    assert item.answer_due == D(2026, 7, 28)


# -- the co-handlers' opinions -----------------------------------------------------------------------------------


def test_a_co_handlers_opinion_is_due_a_month_after_its_assignment_on_the_last_day_of_the_spring_festival(
        assign, world, settings):
    item = assign(assigned_on=D(2026, 1, 22))
    co = actions.add_co_handler(item, by=world.owner, co_agency=world.agency("sfx-jyj"), co_assigned_on=D(2026, 1, 23))
    # Fri 23 Jan + one month: Mon 23 February, the last day off of 春节 (15–23 Feb); no roll-over by default.
    assert co.opinion_due == D(2026, 2, 23) and co.name == "示范县教育局"
    item.refresh_from_db()
    assert item.next_deadline == D(2026, 2, 23)  # before the answer (22 April)
    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = True
    other = actions.add_co_handler(item, by=world.owner, co_name="示范县供电公司", co_assigned_on=D(2026, 1, 23))
    assert other.opinion_due == D(2026, 2, 24)  # rolled over to Tuesday 24 February


def test_the_co_handlers_opinion_leaves_the_next_deadline_once_sent(assign, world):
    item = assign(assigned_on=D(2026, 3, 2))
    actions.add_co_handler(item, by=world.owner, co_agency=world.agency("sfx-jyj"), co_assigned_on=D(2026, 3, 3))
    item.refresh_from_db()
    assert item.next_deadline == D(2026, 4, 3)
    actions.record_co_handler_opinion(item, by=world.owner, opinion_sent_on=D(2026, 3, 20), opinion="同意")
    item.refresh_from_db()
    assert item.status == "in_progress" and item.next_deadline == item.answer_due == D(2026, 6, 2)


# -- the second handling -----------------------------------------------------------------------------------------


def test_the_second_answer_is_due_3_months_after_the_unsatisfied_feedback(rated, world):
    # Assigned 17 June, answered 16 August (day 60), rated not satisfied on Mon 31 August: three months later
    # November has no 31st, so Mon 30 November 2026.
    item = rated(feedback="unsatisfied", assigned_on=D(2026, 6, 17))
    assert item.feedback_on == D(2026, 8, 31)
    assert item.reanswer_due == item.next_deadline == D(2026, 11, 30)
    item = actions.reopen(item, by=world.owner, reopened_on=D(2026, 9, 2))
    assert item.status == "reopened" and item.next_deadline == D(2026, 11, 30)


def test_a_satisfied_or_excused_item_has_no_second_answer_due(rated):
    assert rated(feedback="basically_satisfied").reanswer_due is None
    excused = rated(feedback="unsatisfied", no_rehandling_reason="属上级事权，已解释说明")
    assert excused.reanswer_due is None and excused.next_deadline is None


# -- the stored clocks -------------------------------------------------------------------------------------------


def test_every_stored_clock_is_computed_again_to_the_same_date(assign, rated, world):
    from django.apps import apps
    from django.utils.module_loading import import_string

    from fazhi.suggestions.procedure import CLOCKS

    item = assign(assigned_on=D(2026, 3, 2))
    co = actions.add_co_handler(item, by=world.owner, co_name="示范县供电公司", co_assigned_on=D(2026, 3, 3))
    unsatisfied = rated(feedback="unsatisfied")
    samples = {"answer_due": item, "answer_limit": item, "reanswer_due": unsatisfied, "opinion_due": co}
    assert {(c.model, c.field) for c in CLOCKS} == {
        ("suggestions.Item", "answer_due"), ("suggestions.Item", "answer_limit"), ("suggestions.Item", "reanswer_due"),
        ("suggestions.CoHandler", "opinion_due")}
    for clock in CLOCKS:
        model = apps.get_model(clock.model)
        assert model._meta.get_field(clock.field).get_internal_type() == "DateField", clock
        assert model.objects.filter(**clock.only).exists(), clock  # a filter the model understands
        sample = samples[clock.field]
        assert import_string(clock.compute)(sample) == getattr(sample, clock.field) is not None, clock
    assert [c.record for c in CLOCKS] == ["", "", "", "item"]


def test_an_opinion_due_in_a_year_without_a_notice_is_provisional_and_recomputed_on_the_notice(
        assign, world, settings, monkeypatch):
    """With the roll-over setting, the holiday notice moves a stored date through ``procedure.CLOCKS`` (the ledger is
    not in the catalog's ``LEDGERS`` yet, nor its pages mounted: both are stood in for here)."""
    from fazhi.deadlines.actions import enter_notice
    from fazhi.deadlines.tests.test_notice import NOTICE_2027
    from fazhi.ledgers import clock
    from fazhi.ledgers.clock import is_provisional
    from fazhi.suggestions.procedure import CLOCKS

    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = True
    item = assign(assigned_on=D(2026, 12, 1))
    co = actions.add_co_handler(item, by=world.owner, co_name="示范县供电公司", co_assigned_on=D(2026, 12, 1))
    # Tue 1 Dec 2026 + one month: Fri 1 January 2027, a working day while 2027 has no notice.
    assert co.opinion_due == D(2027, 1, 1) and is_provisional(co.opinion_due)
    monkeypatch.setattr(clock, "clocks", lambda: CLOCKS)
    monkeypatch.setattr(clock, "_url", lambda name, record: f"/suggestions/{record.pk}/")
    with at(D(2026, 12, 18)):
        plan = enter_notice(text=NOTICE_2027, year=2027, source="测试用2027年节假日安排（虚构）", by=None)
    co.refresh_from_db()
    item.refresh_from_db()
    # The (invented) notice takes 1–3 January 2027 off: the last day rolls over to Mon 4 January.
    assert co.opinion_due == item.next_deadline == D(2027, 1, 4)
    assert (item.pk, "opinion_due", D(2027, 1, 1), D(2027, 1, 4)) in [
        (c.record.pk, c.field, c.before, c.after) for c in plan.recomputed]

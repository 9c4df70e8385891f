"""Worked examples for every clock a dispute stores, across the Spring Festival and National Day of 2025 and 2026.

The mediation period (``mediation.period``) is one month from acceptance unless the province sets another (a
provincial deadline in the admin; UNCONFIRMED local practice, legal-rules §8.1). A period in months ends on the
corresponding day of the last month, or on that month's last day when it has none (民法典 第202条); whether its last
day rolls over past a holiday is unconfirmed for such an administrative period (legal-rules §13 item 9), so it stays
put unless FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES is on.

The 30 days to apply for judicial confirmation (``mediation.judicial_confirmation``, 人民调解法 第33条) are the court
procedure's too (民事诉讼法 第205条), so 民事诉讼法 第85条 counts them: the start day is not counted and a last day on a
rest day moves to the next working day; a make-up working day (调休) is a working day.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fazhi.mediation import actions
from fazhi.mediation.tests.conftest import at

pytestmark = pytest.mark.django_db

D = date


@pytest.fixture
def agree(mediated, owner):
    """A written agreement in force on ``day``, reached at a session the day before (received two days before)."""

    def make(day: date, **values):
        dispute = mediated(received_on=day - timedelta(days=2), days=1, **values)
        return actions.record_agreement(dispute, by=owner, agreement_on=day, agreement_form="written",
                                        agreement_summary="赔偿损失", performance_due=day + timedelta(days=90),
                                        confirmation_intended=True)

    return make


# -- the mediation period (one month unless the province sets another) ---------------------------------------------


@pytest.mark.parametrize(("received", "plain", "rolled"), [
    # 2025 春节 (off 28 Jan – 4 Feb): received Sat 28 Dec 2024, one month ends Tue 28 Jan 2025, New Year's Eve;
    # rolled over, Wed 5 February.
    (D(2024, 12, 28), D(2025, 1, 28), D(2025, 2, 5)),
    # 2025 国庆 and 中秋 (off 1–8 Oct): received Mon 1 Sep, ends Wed 1 October; rolled over, Thu 9 October.
    (D(2025, 9, 1), D(2025, 10, 1), D(2025, 10, 9)),
    # 2026 春节 (off 15–23 Feb): received Fri 23 Jan, ends Mon 23 February, the last day off; rolled over, Tue 24.
    (D(2026, 1, 23), D(2026, 2, 23), D(2026, 2, 24)),
    # 2026 中秋 (off 25–27 Sep): received Wed 26 Aug, ends Sat 26 September; rolled over, Mon 28 September.
    (D(2026, 8, 26), D(2026, 9, 26), D(2026, 9, 28)),
    # 2026 国庆 (off 1–7 Oct): received Mon 7 Sep, ends Wed 7 October, the last day off; rolled over, Thu 8 October.
    (D(2026, 9, 7), D(2026, 10, 7), D(2026, 10, 8)),
])
def test_the_mediation_period_ends_a_month_later_and_rolls_over_only_with_the_setting(
        receive, settings, received, plain, rolled):
    dispute = receive(received_on=received)
    assert dispute.mediation_due == dispute.next_deadline == plain
    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = True
    assert receive(received_on=received).mediation_due == rolled


def test_a_month_end_receipt_ends_on_the_last_day_of_february_a_make_up_working_day(receive, settings):
    # Received Sat 31 January 2026: February has no 31st, so Sat 28 February, a make-up working day (调休).
    assert receive(received_on=D(2026, 1, 31)).mediation_due == D(2026, 2, 28)
    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = True
    assert receive(received_on=D(2026, 1, 31)).mediation_due == D(2026, 2, 28)  # a working day: it stays


def test_the_province_sets_the_length_of_the_mediation_period(receive):
    from fazhi.deadlines.models import ProvincialDeadline

    assert receive(received_on=D(2026, 3, 2)).mediation_due == D(2026, 4, 2)
    ProvincialDeadline.objects.create(province="990000", rule_code="mediation.period", length=2,
                                      source="示范省人民调解工作规定（虚构）", valid_from=D(2024, 1, 1))
    assert receive(received_on=D(2026, 3, 2)).mediation_due == D(2026, 5, 2)


def test_a_continuation_across_the_spring_festival_ends_on_the_day_the_parties_agreed(mediated, owner):
    # Received Mon 12 Jan 2026: the period ends Thu 12 February, before 春节; the parties agree to go on until
    # Wed 25 February, after it (a month past the period's end at most: 12 March).
    dispute = mediated(received_on=D(2026, 1, 12))
    assert dispute.mediation_due == D(2026, 2, 12)
    dispute = actions.extend_mediation(dispute, by=owner, extended_on=D(2026, 2, 10), extended_until=D(2026, 2, 25),
                                       extension_reason="春节后双方返乡再调")
    assert dispute.mediation_due == dispute.next_deadline == D(2026, 2, 25)
    assert actions.period_end_of(dispute) == D(2026, 2, 12)


# -- the 30 days to apply for judicial confirmation (人民调解法 第33条) ----------------------------------------------


@pytest.mark.parametrize(("agreement", "last_day"), [
    # 2025 春节: in force Mon 30 Dec 2024, the 30th day is Wed 29 Jan 2025, a day off: Wed 5 February.
    (D(2024, 12, 30), D(2025, 2, 5)),
    # 2025 国庆: in force Mon 1 Sep, the 30th day is Wed 1 October, a day off until 8 October: Thu 9 October.
    (D(2025, 9, 1), D(2025, 10, 9)),
    # 2025: the 30th day is Sat 11 October, a make-up working day: it stays.
    (D(2025, 9, 11), D(2025, 10, 11)),
    # 2026 春节: in force Sat 24 Jan, the 30th day is Mon 23 February, the last day off: Tue 24 February.
    (D(2026, 1, 24), D(2026, 2, 24)),
    # 2026: the 30th day is Sat 28 February, a make-up working day: it stays.
    (D(2026, 1, 29), D(2026, 2, 28)),
    # 2026 国庆: in force Sat 5 Sep, the 30th day is Mon 5 October, a day off until 7 October: Thu 8 October.
    (D(2026, 9, 5), D(2026, 10, 8)),
    # 2026: the 30th day is Sat 10 October, a make-up working day: it stays.
    (D(2026, 9, 10), D(2026, 10, 10)),
])
def test_judicial_confirmation_is_applied_for_within_30_days_moved_past_a_holiday(agree, agreement, last_day):
    dispute = agree(agreement)
    assert dispute.confirmation_due == dispute.next_deadline == last_day


def test_an_application_on_the_moved_last_day_is_in_time_and_one_a_day_later_is_not(agree, owner):
    from django.core.exceptions import ValidationError

    dispute = agree(D(2026, 1, 24))  # last day Tue 24 February 2026
    with pytest.raises(ValidationError):
        actions.record_confirmation_application(dispute, by=owner, confirmation_applied_on=D(2026, 2, 25),
                                                confirmation_court="示范县人民法院")
    dispute = actions.record_confirmation_application(dispute, by=owner, confirmation_applied_on=D(2026, 2, 24),
                                                      confirmation_court="示范县人民法院")
    assert dispute.confirmation_applied_on == D(2026, 2, 24)


def test_the_roll_over_setting_changes_nothing_for_the_30_days(agree, settings):
    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = True
    assert agree(D(2026, 1, 24)).confirmation_due == D(2026, 2, 24)
    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = False
    assert agree(D(2026, 1, 24)).confirmation_due == D(2026, 2, 24)


# -- the stored clocks -------------------------------------------------------------------------------------------


def test_every_stored_clock_is_computed_again_to_the_same_date(receive, agree):
    from django.apps import apps
    from django.utils.module_loading import import_string

    from fazhi.mediation.procedure import CLOCKS

    samples = {"mediation_due": receive(received_on=D(2026, 9, 7)), "confirmation_due": agree(D(2026, 9, 5))}
    assert {(c.model, c.field) for c in CLOCKS} == {("mediation.Dispute", "mediation_due"),
                                                    ("mediation.Dispute", "confirmation_due")}
    for clock in CLOCKS:
        model = apps.get_model(clock.model)
        assert model._meta.get_field(clock.field).get_internal_type() == "DateField", clock
        assert not model._meta.get_field(clock.field).editable, clock
        assert model.objects.filter(**clock.only).exists(), clock  # a filter the model understands
        sample = samples[clock.field]
        assert import_string(clock.compute)(sample) == getattr(sample, clock.field) is not None, clock
        assert clock.record == "" and clock.url == "mediation:detail"


@pytest.mark.parametrize("rollover", [False, True])
def test_deadlines_in_a_year_without_a_notice_are_provisional_and_recomputed_on_the_notice(
        receive, agree, settings, monkeypatch, rollover):
    """The holiday notice moves the stored dates through ``procedure.CLOCKS`` (the ledger is not in the catalog's
    ``LEDGERS`` yet, nor its pages mounted: both are stood in for here). The 30 days always move past the new days
    off; the mediation period only with the roll-over setting."""
    from fazhi.deadlines.actions import enter_notice
    from fazhi.deadlines.tests.test_notice import NOTICE_2027
    from fazhi.ledgers import clock
    from fazhi.ledgers.clock import is_provisional
    from fazhi.mediation.procedure import CLOCKS

    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = rollover
    # Tue 1 Dec 2026 + one month, and Wed 2 Dec + 30 days: Fri 1 January 2027, a working day while 2027 has no notice.
    period = receive(received_on=D(2026, 12, 1))
    confirmation = agree(D(2026, 12, 2))
    assert period.mediation_due == confirmation.confirmation_due == D(2027, 1, 1)
    assert is_provisional(period.mediation_due)
    monkeypatch.setattr(clock, "clocks", lambda: CLOCKS)
    monkeypatch.setattr(clock, "_url", lambda name, record: f"/mediation/{record.pk}/")
    with at(D(2026, 12, 18)):
        plan = enter_notice(text=NOTICE_2027, year=2027, source="测试用2027年节假日安排（虚构）", by=None)
    period.refresh_from_db()
    confirmation.refresh_from_db()
    # The (invented) notice takes 1–3 January 2027 off: a last day there moves to Mon 4 January.
    assert confirmation.confirmation_due == confirmation.next_deadline == D(2027, 1, 4)
    assert period.mediation_due == period.next_deadline == (D(2027, 1, 4) if rollover else D(2027, 1, 1))
    moved = {(c.record.pk, c.field, c.before, c.after) for c in plan.recomputed}
    assert (confirmation.pk, "confirmation_due", D(2027, 1, 1), D(2027, 1, 4)) in moved
    assert ((period.pk, "mediation_due", D(2027, 1, 1), D(2027, 1, 4)) in moved) is rollover

"""Who may enforce: a certificate's validity on a day, its reminder date, and the two-officer rule (第42条)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.enforcement import actions
from fazhi.enforcement.models import Certificate, CertificateState, id_number_problem, mask_id_number

from .conftest import TODAY, at

pytestmark = pytest.mark.django_db
S = CertificateState


def certificate(**values) -> Certificate:
    fields = {"issued_on": date(2024, 1, 2), "valid_until": date(2026, 7, 15), "status": Certificate.Status.VALID}
    return Certificate(**(fields | values))


def test_a_certificate_is_valid_from_its_issue_to_its_last_day_and_warns_sixty_days_before():
    # Worked example: issued 2024-01-02, valid until 2026-07-15; the warning period starts 60 days before.
    c = certificate()
    assert c.warning_on == date(2026, 5, 16) and c.compute_next_deadline() == date(2026, 7, 15)
    assert c.state_on(date(2024, 1, 1)) == S.NOT_YET
    assert c.state_on(date(2024, 1, 2)) == S.VALID
    assert c.state_on(date(2026, 5, 15)) == S.VALID
    assert c.state_on(date(2026, 5, 16)) == S.EXPIRING
    assert c.state_on(date(2026, 7, 15)) == S.EXPIRING and c.is_valid_on(date(2026, 7, 15))
    assert c.state_on(date(2026, 7, 16)) == S.EXPIRED and not c.is_valid_on(date(2026, 7, 16))
    # Valid until the last day of 2029: the reminders start on 1 November.
    assert certificate(valid_until=date(2029, 12, 31)).warning_on == date(2029, 11, 1)


def test_the_warning_period_is_a_setting(settings):
    settings.FAZHI_ENFORCEMENT_CERTIFICATE_WARNING_DAYS = 30
    assert certificate(valid_until=date(2029, 12, 31)).warning_on == date(2029, 12, 1)


def test_a_suspension_or_cancellation_counts_from_its_date_and_ends_the_reminders():
    suspended = certificate(status=Certificate.Status.SUSPENDED, suspended_on=date(2025, 3, 1))
    assert suspended.state_on(date(2025, 2, 28)) == S.VALID and suspended.state_on(date(2025, 3, 1)) == S.SUSPENDED
    cancelled = certificate(status=Certificate.Status.CANCELLED, cancelled_on=date(2025, 6, 1))
    assert cancelled.is_valid_on(date(2025, 5, 31)) and cancelled.state_on(date(2025, 6, 1)) == S.CANCELLED
    assert suspended.compute_next_deadline() is None and cancelled.compute_next_deadline() is None


def test_identity_numbers_are_checked_and_kept_masked():
    from .conftest import id_number

    good = id_number(7)
    assert id_number_problem(good) == ""
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    assert "does not match" in id_number_problem(wrong)
    assert "18 characters" in id_number_problem("12345")
    assert mask_id_number(good) == "*" * 14 + good[-4:]


def refusals(officers, on=TODAY, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as info:
        actions.require_assignable(officers, on, **kwargs)
    return info.value.message_dict["officers"]


def test_one_officer_may_not_act_alone(make_officer):
    alone = make_officer("张三")
    messages = refusals([alone])
    assert len(messages) == 1 and "At least two enforcement officers" in messages[0] and "第42条" in messages[0]
    assert refusals([alone, alone])[0].startswith("At least two")  # the same officer twice is one
    actions.require_assignable([alone], TODAY, law_allows_one="《示范法》第12条")  # a law provides otherwise


def test_two_officers_one_expired_names_the_one_and_why(make_officer):
    valid = make_officer("张三")
    expired = make_officer("李四", issued_on=date(2021, 5, 1), valid_until=date(2026, 4, 30))
    messages = refusals([valid, expired])
    assert messages == ["李四 may not enforce on 2026-05-20: certificate 9901000002 expired on 2026-04-30 "
                        "(行政处罚法 第42条)."]
    # On a day before it expired, the pair could act.
    actions.require_assignable([valid, expired], date(2026, 4, 30))


def test_two_valid_officers_may_act(make_officer):
    actions.require_assignable([make_officer("张三"), make_officer("李四", valid_until=date(2026, 5, 20))], TODAY)


def test_each_reason_an_officer_holds_no_valid_certificate(world, make_officer):
    none = make_officer("王五", valid_until=None)
    suspended, cancelled = make_officer("赵六"), make_officer("钱七")
    actions.suspend_certificate(suspended.certificates.get(), by=world.owner, on=date(2026, 5, 1), reason="调查")
    actions.cancel_certificate(cancelled.certificates.get(), by=world.owner, on=date(2026, 5, 2), reason="调离")
    messages = " ".join(refusals([none, suspended, cancelled]))
    assert "王五 may not enforce on 2026-05-20: holds no enforcement certificate" in messages
    assert "is suspended since 2026-05-01" in messages and "was cancelled on 2026-05-02" in messages
    # Before the suspension and the cancellation, those two were valid.
    actions.require_assignable([suspended, cancelled], date(2026, 4, 30))


def test_the_agenda_and_the_tick_remind_before_expiry(world, make_officer):
    from fazhi.core.agenda import items_for
    from fazhi.core.models import Notification
    from fazhi.core.tick import run_tick

    far = make_officer("张三", valid_until=date(2026, 9, 30))  # reminders from 2026-08-01: not yet
    near = make_officer("李四", valid_until=date(2026, 7, 10))  # reminders from 2026-05-11: within 60 days
    assert far.certificates.get().next_deadline == date(2026, 9, 30)  # the last valid day is the deadline
    items = [i for i in items_for(world.owner, TODAY) if i.ledger == "Enforcement certificates"]
    assert [(i.title, i.due, i.state) for i in items] == [("李四（9901000002）", date(2026, 7, 10), "soon")]
    assert not [i for i in items_for(world.colleague, TODAY) if i.ledger == "Enforcement certificates"]
    with at(TODAY):
        result = run_tick(TODAY)
    assert result.yellow >= 1
    note = Notification.objects.get(user=world.owner, key__startswith="enforcement.certificate:")
    assert "李四" in note.title and note.url.endswith(f"/enforcement/certificates/{near.certificates.get().pk}/")

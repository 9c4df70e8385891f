"""The actions: who may act, what they refuse and why, and the audit entry every change leaves."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.actions import history_for
from fazhi.core.ledger import IllegalTransition
from fazhi.enforcement import actions
from fazhi.enforcement.models import Certificate, EnforcementBody, Officer, Training

from .conftest import TODAY, id_number

pytestmark = pytest.mark.django_db
C = Certificate.Status


def field_error(exc_info) -> tuple[str, str]:
    ((field, messages),) = exc_info.value.message_dict.items()
    return field, " ".join(messages)


def test_only_the_agencys_clerks_keep_its_ledger_and_the_office_its_officers(world, body):
    for reader in (world.leader, world.colleague):
        with pytest.raises(IllegalTransition, match="Only the clerks of 示范县市场监督管理局"):
            actions.register_officer(body=body, by=reader, name="张三", id_number=id_number(1), position="科员")
    assert actions.can_write(world.owner, body.agency) and not actions.can_write(world.office, body.agency)
    assert actions.can_write(world.admin, body.agency)
    # The county's rule-of-law office (司法行政) registers the department's officers and keeps their certificates,
    # but not its bodies; another county's office does neither.
    officer = actions.register_officer(body=body, by=world.office, name="张三", id_number=id_number(1),
                                       position="科员")
    assert officer.agency_id == body.agency_id and actions.can_keep_officers(world.office, body.agency_id)
    with pytest.raises(IllegalTransition, match="Only the clerks of 示范县市场监督管理局"):
        actions.withdraw_body(body, by=world.office, on=date(2026, 5, 1), reason="撤销")


def test_an_entrusted_organisation_names_the_administrative_body_that_entrusted_it(world, body):
    agency = world.agency("sfx-scj")
    common = dict(agency=agency, by=world.owner, kind="entrusted", legal_basis="委托书", domains="食品摊贩")
    with pytest.raises(ValidationError) as info:
        actions.register_body(name="城关市场监管所", **common)
    assert field_error(info)[0] == "entrusted_by" and "第20条" in field_error(info)[1]
    team = actions.register_body(name="城关市场监管所", entrusted_by=body, **common)
    assert team.entrusted_by == body
    with pytest.raises(ValidationError, match="cannot entrust another"):
        actions.register_body(name="城关市场监管所二队", entrusted_by=team, **common)
    with pytest.raises(ValidationError, match="already has an enforcement body"):
        actions.register_body(name="示范县市场监督管理局", agency=agency, by=world.owner, kind="statutory",
                              legal_basis="法", domains="市场监管")


def test_an_officer_is_registered_with_the_identity_number_masked_and_audited(world, body):
    number = id_number(3)
    officer = actions.register_officer(body=body, by=world.owner, name="张三", id_number=number, position="科员",
                                       gender="male", phone="0990-1234567")
    officer.refresh_from_db()
    assert officer.id_number == "*" * 14 + number[-4:] and officer.agency == body.agency
    entry = history_for(officer).get()
    assert entry.action == "create" and number not in str(entry.changes)
    with pytest.raises(ValidationError) as info:
        actions.register_officer(body=body, by=world.owner, name="张三", id_number=number, position="科员")
    assert field_error(info)[0] == "id_number" and "already an officer" in field_error(info)[1]
    with pytest.raises(ValidationError) as info:
        actions.register_officer(body=body, by=world.owner, name="", id_number="123", position="")
    assert set(info.value.message_dict) == {"name", "position"}  # every empty field at once


def test_a_certificate_number_is_unique_and_its_dates_hold(world, make_officer):
    officer = make_officer("张三", valid_until=None)
    issue = dict(by=world.owner, area="示范县", domain="市场监督管理", issuer="示范省司法厅")
    actions.issue_certificate(officer, number="A-1", issued_on=date(2026, 1, 5), valid_until=date(2031, 1, 4), **issue)
    with pytest.raises(ValidationError) as info:
        actions.issue_certificate(officer, number="A-1", issued_on=date(2026, 1, 5), valid_until=date(2031, 1, 4),
                                  **issue)
    assert field_error(info) == ("number", "The certificate number A-1 is already recorded.")
    with pytest.raises(ValidationError) as info:
        actions.issue_certificate(officer, number="A-2", issued_on=date(2026, 1, 5), valid_until=date(2026, 1, 5),
                                  **issue)
    assert field_error(info)[0] == "valid_until" and "must come after the issue of the certificate" in field_error(info)[1]
    with pytest.raises(ValidationError) as info:
        actions.issue_certificate(officer, number="A-2", issued_on=date(2026, 5, 21), valid_until=date(2031, 1, 4),
                                  **issue)
    assert field_error(info)[0] == "issued_on" and "after today (2026-05-20)" in field_error(info)[1]


def test_a_new_certificate_of_the_same_category_renews_the_old_one(world, make_officer):
    officer = make_officer("张三", issued_on=date(2021, 6, 1), valid_until=date(2026, 5, 31))
    old = officer.certificates.get()
    assert old.next_deadline == date(2026, 5, 31)
    new = actions.issue_certificate(officer, by=world.owner, number="NEW-1", area="示范县", domain="市场监督管理",
                                    issued_on=date(2026, 5, 18), valid_until=date(2031, 5, 17), issuer="示范省司法厅")
    old.refresh_from_db()
    assert old.replaced_by == new and old.next_deadline is None and new.next_deadline == date(2031, 5, 17)
    # An older certificate recorded afterwards is renewed already: it reminds nobody.
    older = actions.issue_certificate(officer, by=world.owner, number="OLD-0", area="示范县", domain="市场监督管理",
                                      issued_on=date(2016, 6, 1), valid_until=date(2021, 5, 31), issuer="示范省司法厅")
    assert older.replaced_by == new and older.next_deadline is None


def test_cancelling_needs_a_reason_and_a_date_neither_ahead_nor_before_the_issue(world, make_officer):
    certificate = make_officer("张三", issued_on=date(2024, 1, 2)).certificates.get()
    with pytest.raises(ValidationError) as info:
        actions.cancel_certificate(certificate, by=world.owner, on=TODAY, reason="  ")
    assert field_error(info) == ("reason", "Give the reason for cancelling the certificate.")
    with pytest.raises(ValidationError) as info:
        actions.cancel_certificate(certificate, by=world.owner, on=date(2026, 5, 21), reason="调离")
    assert field_error(info)[0] == "on" and "after today (2026-05-20)" in field_error(info)[1]
    with pytest.raises(ValidationError) as info:
        actions.cancel_certificate(certificate, by=world.owner, on=date(2024, 1, 1), reason="调离")
    assert field_error(info)[0] == "on" and "cannot come before the issue of the certificate (2024-01-02)" in \
        field_error(info)[1]
    certificate = actions.cancel_certificate(certificate, by=world.owner, on=TODAY, reason="调离执法岗位")
    assert (certificate.status, certificate.cancelled_on, certificate.status_reason) == (C.CANCELLED, TODAY, "调离执法岗位")
    assert certificate.next_deadline is None
    entry = history_for(certificate).last()
    assert entry.action == "transition" and entry.reason == "调离执法岗位"
    with pytest.raises(IllegalTransition, match="allowed only from"):
        actions.cancel_certificate(certificate, by=world.owner, on=TODAY, reason="again")


def test_a_certificate_is_suspended_returned_and_cancelled_from_suspension(world, make_officer):
    certificate = make_officer("张三").certificates.get()
    with pytest.raises(ValidationError, match="reason for suspending"):
        actions.suspend_certificate(certificate, by=world.owner, on=TODAY, reason="")
    certificate = actions.suspend_certificate(certificate, by=world.owner, on=date(2026, 5, 1), reason="调查")
    assert certificate.state_on(TODAY) == "suspended" and certificate.next_deadline is None
    with pytest.raises(ValidationError) as info:
        actions.reinstate_certificate(certificate, by=world.owner, on=date(2026, 4, 30))
    assert "cannot come before the suspension" in field_error(info)[1]
    certificate = actions.reinstate_certificate(certificate, by=world.owner, on=date(2026, 5, 10))
    assert certificate.status == C.VALID and certificate.next_deadline == date(2029, 12, 31)
    certificate = actions.suspend_certificate(certificate, by=world.owner, on=date(2026, 5, 11), reason="再查")
    with pytest.raises(ValidationError, match="cannot come before the suspension"):
        actions.cancel_certificate(certificate, by=world.owner, on=date(2026, 5, 10), reason="注销")
    assert actions.cancel_certificate(certificate, by=world.owner, on=TODAY, reason="注销").status == C.CANCELLED


def test_training_hours_add_up_per_year_against_the_minimum(world, make_officer, settings):
    officer = make_officer("张三")
    actions.record_training(officer, by=world.owner, course="公共法律知识", held_on=date(2026, 3, 1), hours="32")
    actions.record_training(officer, by=world.owner, course="学法考试", held_on=date(2026, 4, 1), hours=0,
                            exam_score="86.5")
    actions.record_training(officer, by=world.owner, course="去年的培训", held_on=date(2025, 11, 1), hours=40)
    assert actions.hours_in([officer.pk], 2026) == {officer.pk: 32} and actions.short_of_hours(32)
    settings.FAZHI_ENFORCEMENT_TRAINING_HOURS = 30
    assert not actions.short_of_hours(32)
    with pytest.raises(ValidationError, match="hours of the training, or the score"):
        actions.record_training(officer, by=world.owner, course="空", held_on=date(2026, 4, 1), hours=0)
    with pytest.raises(ValidationError) as info:
        actions.record_training(officer, by=world.owner, course="明天", held_on=date(2026, 5, 21), hours=2)
    assert field_error(info)[0] == "held_on"
    with pytest.raises(ValidationError, match="between 0 and 100"):
        actions.record_training(officer, by=world.owner, course="考试", held_on=TODAY, hours=1, exam_score=101)
    training = Training.objects.get(course="学法考试")
    assert history_for(training).get().action == "create" and training.year == 2026


def test_a_body_that_no_longer_enforces_takes_no_new_officers(world, body):
    with pytest.raises(ValidationError, match="Give the reason"):
        actions.withdraw_body(body, by=world.owner, on=TODAY, reason="")
    body = actions.withdraw_body(body, by=world.owner, on=TODAY, reason="职能划转至综合执法局")
    assert body.status == EnforcementBody.Status.WITHDRAWN and body.ended_on == TODAY
    with pytest.raises(ValidationError, match="no longer an enforcement body"):
        actions.register_officer(body=body, by=world.owner, name="张三", id_number=id_number(1), position="科员")
    assert not Officer.objects.exists()

"""Opening a round, filling, submitting, reviewing, reminding and closing: the actions and their guards."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from fazhi.audit.models import AuditEntry
from fazhi.collection import actions
from fazhi.collection.models import Round, Submission, Value
from fazhi.collection.tests.conftest import DUE, FULL, TODAY, at
from fazhi.core.ledger import IllegalTransition
from fazhi.metrics import registry

pytestmark = pytest.mark.django_db


def values_of(submission):
    return {v.metric.code: v.value for v in Value.objects.filter(submission=submission).select_related("metric")}


def test_open_round_gives_each_agency_a_submission_with_its_metrics(round_, owned):
    assert round_.status == Round.Status.OPEN and round_.submissions.count() == 3
    codes = set(owned.metrics.values_list("code", flat=True))
    # normative_filing_rate brings its parts (normative_filed was not asked for explicitly).
    assert {"normative_filing_rate", "normative_filed", "normative_issued", "reconsideration_decided"} <= codes
    assert set(values_of(owned)) == codes
    assert owned.next_deadline == DUE
    assert AuditEntry.objects.filter(action="create", object_id=str(owned.pk)).exists()


def test_open_round_refuses_a_second_submission_for_the_same_agency_and_year(round_, world):
    with pytest.raises(ValidationError) as info:
        actions.open_round(world.agency("sfx-office"), 2025, "again", DUE, ["pufa_activities"],
                           [world.agency("sfx-scj")], by=world.office)
    assert "示范县市场监督管理局" in str(info.value)


def test_open_round_refuses_an_agency_of_another_county(world, catalog, frozen):
    with pytest.raises(ValidationError):
        actions.open_round(world.agency("sfx-office"), 2025, "x", DUE, ["pufa_activities"],
                           [world.agency("lsx-sfj")], by=world.office)
    with pytest.raises(ValidationError):
        actions.open_round(world.agency("sfx-office"), 2025, "x", DUE, ["no_such_metric"],
                           [world.agency("sfx-scj")], by=world.office)


def test_open_round_with_per_agency_metric_lists(world, catalog, frozen):
    round_ = actions.open_round(
        world.agency("sfx-office"), 2025, "per agency", DUE, [],
        {world.agency("sfx-scj"): ["pufa_activities"], world.agency("sfx-t01"): ["disputes_mediated"]},
        by=world.office,
    )
    township = round_.submissions.get(agency__code="sfx-t01")
    assert list(township.metrics.values_list("code", flat=True)) == ["disputes_mediated"]
    assert set(round_.metrics.values_list("code", flat=True)) == {"pufa_activities", "disputes_mediated"}


def test_computed_metrics_without_a_ledger_stay_empty(without_ledgers, owned):
    value = Value.objects.get(submission=owned, metric__code="normative_issued")
    assert value.computed and value.value is None


def test_computed_metrics_are_filled_from_a_registered_computation(without_ledgers, world, catalog, frozen):
    scj = world.agency("sfx-scj")
    registry.register("normative.issued", lambda ids, year: {scj.pk: 8} if year == 2025 else {},
                      records_url=lambda agency, year: f"/normative/?agency={agency.code}&year={year}")
    registry.register("normative.filed", lambda ids, year: {scj.pk: 6})
    try:
        round_ = actions.open_round(world.agency("sfx-office"), 2025, "t", DUE, ["normative_filing_rate"],
                                    [scj, world.agency("sfx-jyj")], by=world.office)
        mine = round_.submissions.get(agency=scj)
        other = round_.submissions.get(agency__code="sfx-jyj")
        assert values_of(mine)["normative_issued"] == Decimal(8)
        assert values_of(mine)["normative_filing_rate"] == Decimal("75.00")
        assert values_of(other)["normative_issued"] == Decimal(0)
        metric = catalog["normative_issued"]
        assert actions.computed_link(metric, scj, 2025) == "/normative/?agency=sfx-scj&year=2025"
        with pytest.raises(ValidationError) as info:
            actions.save_values(mine, {"normative_issued": ("9", "")}, by=world.owner)
        assert info.value.error_dict["normative_issued"][0].code == "read_only"
    finally:
        registry.unregister("normative.issued")
        registry.unregister("normative.filed")  # without_ledgers puts the real ones back


def test_a_year_the_ledger_was_not_kept_keeps_its_figures_off_the_ledger(without_ledgers, world, catalog, frozen):
    """A county that began the ledger in 2025 has nothing in it for 2024: those figures are not turned into zeros;
    in 2025 the ledger's zero for a department with no record stands."""
    scj, jyj = world.agency("sfx-scj"), world.agency("sfx-jyj")
    registry.register("normative.issued", lambda ids, year: {pk: (8 if pk == scj.pk and year == 2025 else 0)
                                                             for pk in ids})
    registry.register("normative.filed", lambda ids, year: {pk: 0 for pk in ids})
    try:
        before = actions.open_round(world.agency("sfx-office"), 2024, "t", DUE, ["normative_issued"], [scj, jyj],
                                    by=world.office)
        for submission in before.submissions.all():
            assert values_of(submission)["normative_issued"] is None  # not kept: nothing computed, nothing invented
        kept = actions.open_round(world.agency("sfx-office"), 2025, "t", DUE, ["normative_filing_rate"], [scj, jyj],
                                  by=world.office)
        assert values_of(kept.submissions.get(agency=jyj))["normative_issued"] == Decimal(0)
        # normative.filed holds nothing of 2025, but its ledger does (8 issued): its zero stands too.
        assert values_of(kept.submissions.get(agency=scj))["normative_filed"] == Decimal(0)
    finally:
        registry.unregister("normative.issued")
        registry.unregister("normative.filed")


def test_save_values_stores_figures_notes_and_the_rate_from_its_parts(owned, world):
    changed = actions.save_values(owned, {"reconsideration_decided": ("10", "含上年结转2件"),
                                          "reconsideration_corrected": ("2", "")}, by=world.owner)
    assert changed == 2
    values = values_of(owned)
    assert values["reconsideration_correction_rate"] == Decimal("20.00")
    assert Value.objects.get(submission=owned, metric__code="reconsideration_decided").note == "含上年结转2件"
    entry = AuditEntry.objects.filter(action="change", object_id=str(owned.pk)).latest("sequence")
    assert entry.changes["reconsideration_decided.value"] == [None, "10"]


def test_save_values_refuses_everything_when_one_field_is_bad(owned, world):
    actions.save_values(owned, {"pufa_activities": ("5", "")}, by=world.owner)
    with pytest.raises(ValidationError) as info:
        actions.save_values(owned, {"pufa_activities": ("30", ""), "reconsideration_received": ("-1", ""),
                                    "reconsideration_decided": ("abc", ""), "nonsense": ("1", "")},
                            by=world.owner)
    errors = info.value.error_dict
    assert errors["reconsideration_received"][0].code == "negative"
    assert errors["reconsideration_decided"][0].code == "not_a_number"
    assert errors["nonsense"][0].code == "unknown_metric"
    assert values_of(owned)["pufa_activities"] == Decimal(5)  # nothing saved, nothing lost


def test_a_numerator_above_its_denominator_is_refused(owned, world):
    actions.save_values(owned, {"reconsideration_decided": "3"}, by=world.owner)
    with pytest.raises(ValidationError) as info:
        actions.save_values(owned, {"reconsideration_corrected": "5"}, by=world.owner)
    assert info.value.error_dict["reconsideration_corrected"][0].code == "numerator_above_denominator"


def test_a_colleague_may_not_fill_another_agencys_form(owned, world):
    with pytest.raises(IllegalTransition):
        actions.save_values(owned, {"pufa_activities": "1"}, by=world.colleague)


def test_submit_needs_every_typed_figure(owned, world):
    actions.save_values(owned, {"pufa_activities": "3"}, by=world.owner)
    with pytest.raises(ValidationError) as info:
        actions.submit_submission(owned, by=world.owner)
    assert set(info.value.error_dict) == {"reconsideration_received", "reconsideration_decided",
                                          "reconsideration_corrected"}
    actions.save_values(owned, FULL, by=world.owner)
    submitted = actions.submit_submission(owned, by=world.owner)
    assert submitted.status == Submission.Status.SUBMITTED and submitted.submitted_by == world.owner
    assert submitted.next_deadline is None
    with pytest.raises(IllegalTransition):
        actions.save_values(submitted, {"pufa_activities": "4"}, by=world.owner)


def test_returned_submission_keeps_values_and_notes(owned, world):
    actions.save_values(owned, {code: (raw, f"说明{code[-3:]}") for code, raw in FULL.items()}, by=world.owner)
    actions.submit_submission(owned, by=world.owner)
    with pytest.raises(IllegalTransition):
        actions.return_submission(owned, by=world.office, reason="  ")
    with pytest.raises(IllegalTransition):
        actions.accept_submission(owned, by=world.owner)  # a clerk cannot accept their own figures
    returned = actions.return_submission(owned, by=world.office, reason="纠错件数与台账不符")
    assert returned.status == Submission.Status.RETURNED and returned.return_reason == "纠错件数与台账不符"
    assert values_of(returned)["reconsideration_received"] == Decimal(12)
    assert Value.objects.get(submission=owned, metric__code="pufa_activities").note == "说明ies"
    assert returned.next_deadline == DUE
    entry = AuditEntry.objects.filter(action="transition", object_id=str(owned.pk)).latest("sequence")
    assert entry.reason == "纠错件数与台账不符"
    actions.submit_submission(returned, by=world.owner)
    accepted = actions.accept_submission(returned, by=world.office)
    assert accepted.status == Submission.Status.ACCEPTED and accepted.accepted_at is not None


def test_remind_records_audits_and_mails_the_clerks(round_, owned, world):
    world.owner.email = "zhangwei@example.org"
    world.owner.save()
    result = actions.remind(round_.submissions.all(), by=world.office)
    assert len(result.reminded) == 3 and result.mailed == 1
    assert set(result.without_address) == {"示范县教育局", "示范县城关镇人民政府"}
    assert mail.outbox[0].to == ["zhangwei@example.org"] and round_.title in mail.outbox[0].subject
    owned.refresh_from_db()
    assert owned.reminder_count == 1 and owned.reminded_at is not None
    assert AuditEntry.objects.filter(object_id=str(owned.pk), changes__reminder_count=[0, 1]).exists()
    with pytest.raises(IllegalTransition):
        actions.remind(owned, by=world.owner)


def test_remind_reports_a_failed_mail_and_keeps_the_reminder(owned, world, settings, monkeypatch):
    world.owner.email = "zhangwei@example.org"
    world.owner.save()

    def broken(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(actions, "send_mail", broken)
    result = actions.remind(owned, by=world.office)
    assert result.mailed == 0 and "connection refused" in result.failed[0]
    owned.refresh_from_db()
    assert owned.reminder_count == 1


def test_close_refused_while_required_submissions_are_missing(round_, world):
    with pytest.raises(IllegalTransition) as info:
        actions.close_round(round_, by=world.office)
    assert info.value.code == "submissions_missing" and "3" in info.value.messages[0]
    round_.refresh_from_db()
    assert round_.status == Round.Status.OPEN


def test_close_with_an_override_reason_goes_to_the_audit_trail(round_, owned, world):
    closed = actions.close_round(round_, by=world.office, override_reason="城关镇机构调整，数据由县统计局补报")
    assert closed.status == Round.Status.CLOSED and closed.close_override_reason.startswith("城关镇")
    entry = AuditEntry.objects.filter(action="transition", object_id=str(round_.pk),
                                      content_type__model="round").latest("sequence")
    assert entry.reason == "城关镇机构调整，数据由县统计局补报" and entry.changes["status"] == ["open", "closed"]
    owned.refresh_from_db()
    assert owned.next_deadline is None
    with pytest.raises(IllegalTransition):
        actions.save_values(owned, {"pufa_activities": "1"}, by=world.owner)
    reopened = actions.reopen_round(closed, by=world.office, reason="补报")
    owned.refresh_from_db()
    assert reopened.status == Round.Status.OPEN and owned.next_deadline == DUE


def test_close_without_reason_once_every_required_submission_is_accepted(round_, world):
    for submission in round_.submissions.all():
        submission.required = submission.agency.code == "sfx-scj"
        submission.save()
    owned = round_.submissions.get(agency__code="sfx-scj")
    actions.save_values(owned, FULL, by=world.owner)
    actions.submit_submission(owned, by=world.owner)
    actions.accept_submission(owned, by=world.office)
    assert actions.close_round(round_, by=world.office).close_override_reason == ""


def test_extend_due_date_moves_pending_deadlines(round_, owned, world):
    from datetime import date

    with pytest.raises(ValidationError):
        actions.extend_due_date(round_, date(2026, 1, 5), by=world.office)
    actions.extend_due_date(round_, date(2026, 2, 5), by=world.office, reason="春节")
    owned.refresh_from_db()
    assert owned.next_deadline == date(2026, 2, 5)
    assert AuditEntry.objects.filter(object_id=str(round_.pk), reason="春节").exists()


def test_late_submission_reaches_the_clerks_agenda(owned, world):
    from fazhi.core.agenda import items_for

    with at(DUE.replace(day=25)):
        items = [i for i in items_for(world.owner, DUE.replace(day=25)) if "/collection/" in i.url]
    assert items and items[0].state == "overdue" and items[0].days_late == 5


def test_fill_values_writes_in_bulk_without_audit(owned, world):
    before = AuditEntry.objects.count()
    assert actions.fill_values(owned, {"reconsideration_decided": 8, "reconsideration_corrected": 2}) == 2
    assert values_of(owned)["reconsideration_correction_rate"] == Decimal("25.00")
    assert AuditEntry.objects.count() == before


def test_the_tick_brings_computed_figures_of_pending_forms_up_to_date(without_ledgers, world, catalog, frozen):
    from fazhi.core.tick import run_tick

    scj = world.agency("sfx-scj")
    counts = {"n": 3}
    registry.register("normative.issued", lambda ids, year: {scj.pk: counts["n"]})
    try:
        round_ = actions.open_round(world.agency("sfx-office"), 2025, "t", DUE, ["normative_issued"], [scj],
                                    by=world.office)
        mine = round_.submissions.get(agency=scj)
        assert values_of(mine)["normative_issued"] == Decimal(3)
        counts["n"] = 5  # a document registered in the ledger after the round opened
        run_tick(TODAY, dry_run=True)
        assert values_of(mine)["normative_issued"] == Decimal(3)
        run_tick(TODAY)
        assert values_of(mine)["normative_issued"] == Decimal(5)
    finally:
        registry.unregister("normative.issued")

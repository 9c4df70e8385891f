"""Changing who fills what in an open round: add agencies, change one form's metrics, add metrics to the round."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from fazhi.audit.models import AuditEntry
from fazhi.collection import actions, excel, rollup
from fazhi.collection.models import Submission, Value
from fazhi.collection.tests.conftest import DUE, FULL
from fazhi.core.ledger import IllegalTransition
from fazhi.metrics import registry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def codes_of(submission):
    return set(Value.objects.filter(submission=submission).values_list("metric__code", flat=True))


def last_entry(target):
    return AuditEntry.objects.filter(action="change", object_id=str(target.pk)).latest("sequence")


def hand_in(submission, world, figures=FULL):
    actions.save_values(submission, figures, by=world.office)
    actions.submit_submission(submission, by=world.office)
    actions.accept_submission(submission, by=world.office)


# Adding agencies --------------------------------------------------------------------------------------


def test_agencies_to_add_are_those_of_the_region_not_yet_asked(round_, world):
    codes = set(actions.agencies_to_add(round_).values_list("code", flat=True))
    assert {"sfx-t02", "sfx-sfj"} <= codes
    assert not codes & {"sfx-scj", "sfx-jyj", "sfx-t01", "sfx-office", "sfx-gov", "lsx-sfj"}


def test_a_new_township_gets_what_the_round_asks_of_townships(round_, world):
    township = round_.submissions.get(agency__code="sfx-t01")
    actions.change_submission_metrics(township, remove=["pufa_activities"], by=world.office)
    [added] = actions.add_agencies(round_, [world.agency("sfx-t02")], by=world.office)
    assert added.status == Submission.Status.DRAFT and added.round == round_ and added.year == 2025
    assert added.next_deadline == DUE
    # The township form, not the departments' (which still have pufa_activities).
    assert codes_of(added) == codes_of(township) and "pufa_activities" not in codes_of(added)
    assert set(added.metrics.values_list("code", flat=True)) == codes_of(added)
    assert AuditEntry.objects.filter(action="create", object_id=str(added.pk)).exists()
    assert last_entry(round_).changes["agencies_added"] == [None, ["sfx-t02"]]


def test_an_added_agency_can_get_its_own_metrics_and_its_computed_figures(without_ledgers, round_, world):
    sfj = world.agency("sfx-sfj")
    registry.register("normative.issued", lambda ids, year: dict.fromkeys(ids, 4))
    try:
        [added] = actions.add_agencies(
            round_, {sfj: ["reconsideration_correction_rate", "normative_issued"]}, by=world.office
        )
    finally:
        registry.unregister("normative.issued")
    assert codes_of(added) == {
        "reconsideration_correction_rate",
        "reconsideration_corrected",
        "reconsideration_decided",
        "normative_issued",
    }
    value = Value.objects.get(submission=added, metric__code="normative_issued")
    assert value.computed and value.value == Decimal(4)


@pytest.mark.parametrize("who", ["owner", "township", "outsider", "leader"])
def test_only_the_office_running_the_round_adds_agencies(round_, world, who):
    with pytest.raises(IllegalTransition) as info:
        actions.add_agencies(round_, [world.agency("sfx-t02")], by=getattr(world, who))
    assert info.value.code == "not_reviewer"
    assert not Submission.objects.filter(agency__code="sfx-t02").exists()


def test_adding_refuses_agencies_elsewhere_or_already_asked_and_closed_rounds(round_, world):
    with pytest.raises(ValidationError) as info:
        actions.add_agencies(round_, [world.agency("lsx-sfj")], by=world.office)
    assert "邻水县司法局" in info.value.messages[0]
    with pytest.raises(ValidationError) as info:
        actions.add_agencies(round_, [world.agency("sfx-jyj")], by=world.office)
    assert info.value.code == "already_asked"
    with pytest.raises(ValidationError) as info:
        actions.add_agencies(round_, [world.agency("sfx-gov")], by=world.office)
    assert info.value.code == "not_askable"
    actions.close_round(round_, by=world.office, override_reason="test")
    with pytest.raises(IllegalTransition) as info:
        actions.add_agencies(round_, [world.agency("sfx-t02")], by=world.office)
    assert info.value.code == "round_not_open" and "reopen" in info.value.messages[0]


# One form's metrics ----------------------------------------------------------------------------------


def test_adding_a_rate_to_a_form_brings_its_parts(owned, world):
    actions.change_submission_metrics(owned, add=["disputes_mediation_success_rate"], by=world.office)
    assert {"disputes_mediation_success_rate", "disputes_mediated", "disputes_resolved"} <= codes_of(owned)
    entry = last_entry(owned)
    assert (
        "disputes_mediated" in entry.changes["metrics"][1]
        and "disputes_mediated" not in entry.changes["metrics"][0]
    )
    assert owned.round.metrics.filter(code="disputes_mediated").exists()


def test_removing_an_empty_metric_needs_no_confirmation(owned, world):
    actions.change_submission_metrics(owned, remove=["pufa_activities"], by=world.office)
    assert "pufa_activities" not in codes_of(owned)
    assert not owned.metrics.filter(code="pufa_activities").exists()


def test_removing_an_entered_figure_is_refused_until_confirmed_with_a_reason(owned, world):
    actions.save_values(owned, {"pufa_activities": ("30", "含送法进企业")}, by=world.owner)
    with pytest.raises(IllegalTransition) as info:
        actions.change_submission_metrics(owned, remove=["pufa_activities"], by=world.office)
    message = info.value.messages[0]
    assert info.value.code == "value_entered"
    assert "普法" in message and "30" in message and "remove anyway" in message
    with pytest.raises(IllegalTransition) as info:
        actions.change_submission_metrics(
            owned, remove=["pufa_activities"], remove_anyway=True, by=world.office
        )
    assert info.value.code == "reason_required"
    assert "pufa_activities" in codes_of(owned)  # refused: nothing lost

    actions.change_submission_metrics(
        owned,
        remove=["pufa_activities"],
        remove_anyway=True,
        reason="该指标由县司法局统一报送",
        by=world.office,
    )
    assert "pufa_activities" not in codes_of(owned)
    entry = last_entry(owned)
    assert entry.reason == "该指标由县司法局统一报送"
    assert entry.changes["pufa_activities.value"] == ["30", None]
    assert entry.changes["pufa_activities.note"] == ["含送法进企业", None]


def test_a_part_of_a_rate_that_stays_cannot_be_removed(owned, world):
    with pytest.raises(ValidationError) as info:
        actions.change_submission_metrics(owned, remove=["reconsideration_decided"], by=world.office)
    assert info.value.code == "part_of_rate"
    actions.change_submission_metrics(
        owned,
        remove=["reconsideration_decided", "reconsideration_corrected", "reconsideration_correction_rate"],
        by=world.office,
    )
    assert not codes_of(owned) & {"reconsideration_decided", "reconsideration_correction_rate"}


def test_a_handed_in_form_must_be_returned_before_its_metrics_change(owned, world):
    hand_in(owned, world)
    with pytest.raises(IllegalTransition) as info:
        actions.change_submission_metrics(owned, add=["disputes_mediated"], by=world.office)
    assert info.value.code == "return_first" and "Return the submission first" in info.value.messages[0]
    actions.return_submission(owned, by=world.office, reason="改由司法局报送普法数据")
    actions.change_submission_metrics(
        owned, remove=["pufa_activities"], remove_anyway=True, reason="改表", by=world.office
    )
    assert "pufa_activities" not in codes_of(owned)


@pytest.mark.parametrize("who", ["owner", "colleague", "outsider"])
def test_only_the_office_changes_a_forms_metrics(owned, world, who):
    with pytest.raises(IllegalTransition) as info:
        actions.change_submission_metrics(owned, remove=["pufa_activities"], by=getattr(world, who))
    assert info.value.code == "not_reviewer"
    assert "pufa_activities" in codes_of(owned)


def test_nonsense_changes_are_refused(owned, world):
    for kwargs, code in [
        ({}, "nothing_to_change"),
        ({"remove": ["disputes_mediated"]}, "not_on_form"),
        ({"add": ["no_such_metric"]}, "unknown_metric"),
        ({"add": ["pufa_activities"], "remove": ["pufa_activities"]}, "add_and_remove"),
    ]:
        with pytest.raises(ValidationError) as info:
            actions.change_submission_metrics(owned, by=world.office, **kwargs)
        assert info.value.code == code


def test_a_removed_metric_leaves_the_rollup(round_, owned, world):
    county = world.agency("sfx-office").region
    hand_in(owned, world)
    assert rollup.tree_totals(2025, county)[county.path]["pufa_activities"] == Decimal(30)

    actions.return_submission(owned, by=world.office, reason="普法活动改由司法局报送")
    actions.change_submission_metrics(
        owned,
        remove=["pufa_activities"],
        remove_anyway=True,
        reason="普法活动改由司法局报送",
        by=world.office,
    )
    actions.submit_submission(owned, by=world.owner)
    actions.accept_submission(owned, by=world.office)
    totals = rollup.tree_totals(2025, county)[county.path]
    assert "pufa_activities" not in totals
    assert totals["reconsideration_received"] == Decimal(12)  # the other figures still count
    assert rollup.contributions(2025, county, "pufa_activities") == []


def test_the_excel_form_follows_the_change(owned, world):
    old_form = excel.build_workbook([owned])
    actions.change_submission_metrics(
        owned, add=["disputes_mediated"], remove=["pufa_activities"], by=world.office
    )
    sheet = openpyxl.load_workbook(io.BytesIO(excel.build_workbook([owned]))).worksheets[0]
    keys = {sheet.cell(row, excel.KEY).value for row in range(excel.FIRST_ROW, sheet.max_row + 1)}
    assert "disputes_mediated" in keys and "pufa_activities" not in keys

    # A form downloaded before the change: its removed row is refused, the others still import.
    workbook = openpyxl.load_workbook(io.BytesIO(old_form))
    sheet = workbook.worksheets[0]
    for row in range(excel.FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(row, excel.KEY).value in ("pufa_activities", "reconsideration_received"):
            sheet.cell(row, excel.VALUE, 7)
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = excel.parse_workbook(buffer.getvalue(), round_=owned.round, user=world.owner, only=owned)
    assert [r.code for r in preview.rows] == ["reconsideration_received"]
    assert [(e.code, "not in this agency's form" in e.message) for e in preview.errors] == [
        ("pufa_activities", True)
    ]


# Metrics for the whole round -------------------------------------------------------------------------


def test_a_metric_added_to_the_round_reaches_the_forms_of_the_kinds_chosen(round_, owned, world):
    colleague = round_.submissions.get(agency__code="sfx-jyj")
    township = round_.submissions.get(agency__code="sfx-t01")
    hand_in(colleague, world)
    result = actions.add_round_metrics(
        round_,
        ["litigation_loss_rate"],
        kinds=["department"],
        by=world.office,
        reason="县政府要求补报应诉数据",
    )
    assert result.changed == [owned] and result.skipped == [colleague]
    assert {"litigation_loss_rate", "litigation_lost", "litigation_concluded"} <= codes_of(owned)
    assert "litigation_lost" not in codes_of(colleague) | codes_of(township)
    assert round_.metrics.filter(code="litigation_lost").exists()
    assert last_entry(owned).reason == "县政府要求补报应诉数据"
    assert "litigation_lost" in last_entry(round_).changes["metrics"][1]
    # A second time changes nothing.
    again = actions.add_round_metrics(round_, ["litigation_loss_rate"], kinds=["department"], by=world.office)
    assert again.changed == [] and again.skipped == [colleague]


def test_only_the_office_adds_metrics_to_the_round(round_, world):
    with pytest.raises(IllegalTransition):
        actions.add_round_metrics(round_, ["disputes_mediated"], by=world.owner)
    with pytest.raises(IllegalTransition):
        actions.add_round_metrics(round_, ["disputes_mediated"], by=world.outsider)
    assert not Value.objects.filter(metric__code="disputes_mediated").exists()

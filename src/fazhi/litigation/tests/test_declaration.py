"""What the ledger declares for the generic pages, the API and the clock: one form per action whose fields are the
action's keyword arguments, the procedure's steps, and the stored deadlines (``CLOCKS``) computed again when a
holiday notice changes their days."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from fazhi.litigation import actions, forms
from fazhi.litigation.procedure import CLOCKS, PROCEDURE, dates_of
from fazhi.litigation.tests.conftest import at

pytestmark = pytest.mark.django_db

FORMS = {
    "register_case": forms.CaseForm,
    "file_defence": forms.DefenceForm,
    "record_hearing": forms.HearingForm,
    "record_judgment": forms.JudgmentForm,
    "record_appeal": forms.AppealForm,
    "close_case": forms.CloseForm,
    "receive_suggestion": forms.SuggestionForm,
    "reply_suggestion": forms.ReplyForm,
}


def test_every_public_action_has_its_form():
    assert set(actions.__all__) == set(FORMS)


def test_a_filled_form_runs_its_action(world):
    form = forms.CaseForm({"number": "(2026)示0102行初7号", "court": "示范县人民法院", "court_level": "basic",
                           "instance": "first", "cause": "不服行政处罚", "act_category": "penalty",
                           "plaintiff_name": "某公司", "plaintiff_kind": "organisation", "served_on": "2026-09-01"})
    assert form.is_valid(), form.errors
    case = actions.register_case(agency=world.agency("sfx-scj"), by=world.owner, **form.cleaned_data)
    hearing = forms.HearingForm({"held_on": "2026-10-09", "staff_appeared": "王某", "absence_reason": "accident",
                                 "absence_proof": "情况说明，加盖印章"}, prefix=None)
    assert hearing.is_valid(), hearing.errors
    assert actions.record_hearing(case, by=world.owner, **hearing.cleaned_data).absence_reason == "accident"
    judgment = forms.JudgmentForm({"concluded_on": "2026-11-02", "outcome": "rejected"})
    assert judgment.is_valid(), judgment.errors
    case = actions.record_judgment(case, by=world.owner, **judgment.cleaned_data)
    assert case.appeal_due == date(2026, 11, 17)


def test_the_procedure_orders_its_steps_and_the_timeline_reads_the_case(world, register):
    assert PROCEDURE.ledger == "litigation"
    case = register(served_on=date(2026, 9, 1))
    actions.record_hearing(case, by=world.owner, held_on=date(2026, 10, 9), head_appeared=True, head_name="王某",
                           head_post="局长", head_role="principal")
    case.refresh_from_db()
    assert [name for name, _day in PROCEDURE.timeline(dates_of(case))] == ["served", "hearing"]


def test_every_clock_names_a_date_field_and_a_computation_that_gives_the_stored_date(world, register):
    case = register(served_on=date(2026, 9, 1))
    suggestion = actions.receive_suggestion(case, by=world.owner, kind="court", issuer="示范县人民法院",
                                            received_on=date(2026, 9, 10), content="建议")
    concluded = actions.record_judgment(register(), by=world.owner, concluded_on=date(2026, 11, 2),
                                        outcome="revoked", judgment_served_on=date(2026, 11, 3))
    samples = {"defence_due": case, "appeal_due": concluded, "reply_due": suggestion}
    assert {(c.model, c.field) for c in CLOCKS} == {("litigation.Case", "defence_due"),
                                                    ("litigation.Case", "appeal_due"),
                                                    ("litigation.Suggestion", "reply_due")}
    for clock in CLOCKS:
        model = apps.get_model(clock.model)
        assert model._meta.get_field(clock.field).get_internal_type() == "DateField", clock
        assert model.objects.filter(**clock.only).exists(), clock  # a filter the model understands
        sample = samples[clock.field]
        assert import_string(clock.compute)(sample) == getattr(sample, clock.field), clock
    assert [c.record for c in CLOCKS] == ["", "", "case"]


@pytest.mark.xfail(raises=NoReverseMatch, strict=False,
                   reason="the generic pages mount litigation:detail once the ledger joins the catalog")
def test_every_clock_links_the_cases_page():
    for clock in CLOCKS:
        assert reverse(clock.url, args=[1])


def test_a_defence_reaching_into_an_unannounced_year_is_provisional_and_recomputed_on_the_notice(
        world, register, monkeypatch):
    """The ledger is not in the catalog yet, so its clocks are handed to ``recompute`` here."""
    from fazhi.deadlines.actions import enter_notice
    from fazhi.deadlines.service import is_provisional
    from fazhi.deadlines.tests.test_notice import NOTICE_2027
    from fazhi.ledgers import clock

    monkeypatch.setattr(clock, "clocks", lambda: CLOCKS)
    monkeypatch.setattr(clock, "_url", lambda name, record: f"/litigation/{record.pk}/")
    with at(date(2026, 12, 18)):
        # Received Thu 17 Dec 2026: day 15 is Fri 1 Jan 2027, a working day while 2027 has no notice.
        case = register(served_on=date(2026, 12, 17))
        assert case.defence_due == case.next_deadline == date(2027, 1, 1)
        assert is_provisional(case.defence_due)
        plan = enter_notice(text=NOTICE_2027, year=2027, source="测试用2027年节假日安排（虚构）", by=None)
    case.refresh_from_db()
    # The (invented) notice takes 1–3 January 2027 off: the last day rolls over to Mon 4 January.
    assert case.defence_due == case.next_deadline == date(2027, 1, 4)
    assert [(c.record.pk, c.field, c.before, c.after) for c in plan.recomputed] == [
        (case.pk, "defence_due", date(2027, 1, 1), date(2027, 1, 4))]

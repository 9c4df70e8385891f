"""One way to hold a ledger's dates against each other and against today, for every ledger in the catalog."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from fazhi.core.ledger import IllegalTransition
from fazhi.ledgers import After, Procedure, Step
from fazhi.ledgers.catalog import LEDGERS, procedures

TODAY = date(2026, 5, 20)
SAMPLE = Procedure("sample", [
    Step("filed", "the filing"),
    Step("heard", "the hearing", skippable=True, after=[After("filed", "Art. 1")]),
    Step("decided", "the decision", cite="Art. 9", after=[After("heard", "Art. 2", strict=True),
                                                          After("filed", "Art. 3")]),
    Step("review_due", "the review date", planned=True, after=[After("decided", "Art. 4")]),
])


def refusal(name, on, dates, **kwargs) -> tuple[str, str]:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        SAMPLE.check_date(name, on, dates, today=TODAY, **kwargs)
    ((field, messages),) = info.value.message_dict.items()
    return field, " ".join(messages)


def test_a_step_on_the_same_day_as_the_one_before_is_allowed_unless_it_must_come_after():
    SAMPLE.check_date("heard", date(2026, 5, 1), {"filed": date(2026, 5, 1)}, today=TODAY)
    field, message = refusal("decided", date(2026, 5, 2), {"filed": date(2026, 4, 1), "heard": date(2026, 5, 2)})
    assert field == "done_on"
    assert message == "The decision (2026-05-02) must come after the hearing (2026-05-02): Art. 2."
    field, message = refusal("heard", date(2026, 4, 30), {"filed": date(2026, 5, 1)}, field="held_on")
    assert (field, message) == ("held_on", "The hearing (2026-04-30) cannot come before the filing (2026-05-01): "
                                           "Art. 1.")
    SAMPLE.check_date("decided", date(2026, 5, 3), {"heard": None, "filed": date(2026, 5, 3)}, today=TODAY)


def test_no_step_is_dated_ahead_of_today_but_a_planned_date_may_be():
    assert refusal("filed", date(2026, 5, 21), {})[1] == (
        "The filing cannot be dated 2026-05-21, after today (2026-05-20): record a step once it has taken place.")
    SAMPLE.check_date("review_due", date(2027, 1, 1), {"decided": date(2026, 5, 1)}, today=TODAY)
    assert "Give the date of the filing" in refusal("filed", None, {})[1]


def test_a_mandatory_step_cannot_be_skipped_and_the_refusal_cites_why():
    SAMPLE.check_skip("heard")
    with translation.override("en"), pytest.raises(IllegalTransition, match=r"can never be skipped \(Art. 9\)"):
        SAMPLE.check_skip("decided")


def test_the_timeline_is_in_the_order_of_the_dates():
    dates = {"decided": date(2026, 5, 9), "filed": date(2026, 5, 1), "heard": date(2026, 5, 1), "other": None}
    assert SAMPLE.timeline(dates) == [("filed", date(2026, 5, 1)), ("heard", date(2026, 5, 1)),
                                      ("decided", date(2026, 5, 9))]


def test_a_declaration_that_names_an_unknown_step_or_cites_nothing_is_refused():
    with pytest.raises(ValueError, match="unknown step"):
        Procedure("broken", [Step("a", "a", after=[After("b", "Art. 1")])])
    with pytest.raises(ValueError, match="cites nothing"):
        Procedure("broken", [Step("a", "a"), Step("b", "b", after=[After("a", "")])])


def test_every_ledger_in_the_catalog_declares_its_procedure_and_cites_every_mandatory_step():
    found = procedures()
    assert set(found) == {ledger.key for ledger in LEDGERS} and all(isinstance(p, Procedure) for p in found.values())
    for ledger, procedure in found.items():
        for step in procedure.steps.values():
            assert str(step.label), (ledger, step.name)
            if not step.skippable and step.after:  # an order the law sets; a mandatory step says which article
                assert all(after.cite for after in step.after), (ledger, step.name)
    # The refusals the 法制科 clerk met, in both ledgers: an order broken and a mandatory step skipped.
    assert "第31条" in str(found["decisions"]["party_report"].cite)
    assert found["normative"]["submit_review"].after[0].strict  # after the comment period, not on its last day

"""The procedure's pure rules: phase, missing steps, next deadline, the reviewer's window."""

from datetime import date

from fazhi.decisions import rules


def test_phase_follows_the_first_open_step_in_statutory_order():
    assert rules.phase([]) == "drafting"
    assert rules.phase([("participation", "in_progress")]) == "participation"
    steps = [("participation", "done"), ("hearing", "skipped"), ("expert", "pending"), ("risk", "done")]
    assert rules.phase(steps) == "expert"
    steps = [(k, "done") for k in rules.REQUIRED_BEFORE_DECISION]
    assert rules.phase(steps) == "ready"


def test_missing_before_decision_lists_unresolved_steps_in_order():
    steps = [("participation", "skipped"), ("hearing", "done"), ("expert", "done"), ("risk", "pending"),
             ("legality_review", "in_progress"), ("fair_competition", "skipped"), ("discussion", "pending"),
             ("party_report", "skipped")]
    assert rules.missing_before_decision(steps) == ["risk", "legality_review", "discussion"]


def test_fair_competition_review_is_due_before_the_discussion_only_when_it_applies():
    # Not applicable (skipped because the decision does not concern market activity): nothing missing.
    assert rules.missing_before_discussion([("fair_competition", "skipped")]) == []
    # Applicable and not done, or asked for changes: missing before the discussion and the decision.
    assert rules.missing_before_discussion([("fair_competition", "pending")]) == ["fair_competition"]
    assert rules.missing_before_discussion([("fair_competition", "in_progress")]) == ["fair_competition"]
    assert "fair_competition" in rules.missing_before_decision([("fair_competition", "pending")])
    assert rules.missing_before_discussion([("fair_competition", "done")]) == []
    # It sits after the legality review and before the discussion, and waits in the discussion phase.
    order = rules.STEP_ORDER
    assert order.index("legality_review") < order.index("fair_competition") < order.index("discussion")
    done = [(k, "done") for k in ("participation", "hearing", "expert", "risk", "legality_review")]
    assert rules.phase([*done, ("fair_competition", "pending")]) == "discussion"
    # A step resolved by the flag alone does not start the procedure.
    assert rules.phase([("fair_competition", "skipped")]) == "drafting"
    assert not rules.can_skip("fair_competition")


def test_legality_review_and_discussion_are_never_skippable():
    assert not rules.can_skip("legality_review") and not rules.can_skip("discussion")
    assert rules.can_skip("hearing") and not rules.can_skip("party_report")  # 第31条


def test_next_deadline_is_the_nearest_open_one():
    steps = [("participation", "in_progress", date(2026, 5, 1)), ("legality_review", "pending", None)]
    assert rules.next_deadline("participation", steps, date(2026, 9, 30), []) == date(2026, 5, 1)
    assert rules.next_deadline("participation", steps, date(2026, 4, 1), []) == date(2026, 4, 1)
    # After the decision the planned completion no longer counts; a scheduled evaluation does.
    assert rules.next_deadline("decided", [], date(2026, 4, 1), []) is None
    assert rules.next_deadline("published", [], date(2026, 4, 1), [(date(2027, 3, 1), None)]) == date(2027, 3, 1)
    assert rules.next_deadline("published", [], None, [(date(2027, 3, 1), date(2027, 2, 1))]) is None
    assert rules.next_deadline("suspended", steps, date(2026, 4, 1), []) is None


def test_review_window_allows_discussion_after_the_time_or_the_opinion():
    window = rules.ReviewWindow(submitted_on=date(2026, 2, 13), earliest_discussion=date(2026, 3, 2))
    assert not window.discussion_allowed_on(date(2026, 2, 27))
    assert window.discussion_allowed_on(date(2026, 3, 2))
    early = rules.ReviewWindow(date(2026, 2, 13), date(2026, 3, 2), opinion_on=date(2026, 2, 25))
    assert early.discussion_allowed_on(date(2026, 2, 26))


def test_same_body_ignores_spaces_and_punctuation():
    assert rules.same_body("示范县 社会稳定风险评估中心。", "示范县社会稳定风险评估中心")
    assert not rules.same_body("示范大学", "示范县社会稳定风险评估中心")
    assert not rules.same_body("", "")

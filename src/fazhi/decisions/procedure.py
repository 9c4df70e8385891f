"""The dated steps of a major administrative decision and the order 重大行政决策程序暂行条例 sets them in.

The draft is formed by public participation, hearings, expert argumentation and risk assessment, in any order
(第14–24条); it then goes to the legality review (第25–28条), the fair-competition review where it concerns market
entities (公平竞争审查条例 第14条), the collective discussion (第29–30条), the report to the Party committee
(第31条), the decision (第30条), its publication (第32条) and the archiving of its records (第33条). Which steps may be
skipped is ``rules.NEVER_SKIPPED``'s; the reasons cite their articles.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from fazhi.decisions import rules
from fazhi.ledgers import After, Procedure, Step
from fazhi.ledgers.clock import Clock

R = rules
FORMED = [After(kind, "第25条") for kind in R.PREPARATORY]  # the draft goes to review once formed

def _step(kind: str, label, after=()) -> Step:
    """A step whose skipping and its reason are ``rules``' (one source for the procedure and the pages)."""
    return Step(kind, label, after=after, skippable=R.can_skip(kind), cite=R.NEVER_SKIPPED.get(kind, ""))


PROCEDURE = Procedure("decisions", [
    _step(R.PARTICIPATION, _("the public participation")),
    _step(R.HEARING, _("the hearing")),
    _step(R.EXPERT, _("the expert argumentation")),
    _step(R.RISK, _("the risk assessment")),
    Step("legality_submission", _("the submission for legality review"), after=FORMED),
    _step(R.LEGALITY_REVIEW, _("the legality review opinion"), after=[After("legality_submission", "第27条")]),
    _step(R.FAIR_COMPETITION, _("the fair-competition review")),  # while drafting (公平竞争审查条例 第14条)
    _step(R.DISCUSSION, _("the collective discussion"),
          after=[After(R.LEGALITY_REVIEW, "第25条"), After(R.FAIR_COMPETITION, "第29–30条")]),
    _step(R.PARTY_REPORT, _("the report to the Party committee"), after=[After(R.DISCUSSION, "第31条")]),
    _step(R.DECISION, _("the decision"), after=[After(R.DISCUSSION, "第30条"), After(R.PARTY_REPORT, "第31条")]),
    _step(R.PUBLICATION, _("the publication"), after=[After(R.DECISION, "第32条")]),
    _step(R.ARCHIVING, _("the archiving"), after=[After(R.DECISION, "第33条"), After(R.PUBLICATION, "第33条")]),
])


def dates_of(steps: dict) -> dict[str, dt.date | None]:
    """The date of each step done (a skipped one has none to follow), and of the legality review's submission."""
    dates = {kind: step.done_on for kind, step in steps.items() if step.status == R.DONE}
    review = steps.get(R.LEGALITY_REVIEW)
    dates["legality_submission"] = review.started_on if review is not None else None
    return dates


#: The reviewer's time a decision stores while its legality review is in progress, computed again when a holiday
#: notice changes its days (``fazhi.ledgers.clock``).
CLOCKS = (
    Clock("decisions.Step", "due_on", "fazhi.decisions.actions.reviewer_due_of", "decisions:detail",
          record="decision", only={"kind": rules.LEGALITY_REVIEW, "status": "in_progress"}),
)

"""The dated steps of a finding's rectification and the order the inspection rules set them in.

The office inspects (督察) and feeds its findings back, then assigns each finding's rectification to the agency
responsible with a deadline (交办); the agency draws up its plan (整改方案), reports its progress (整改进展) and asks to
close the item with its evidence (申请销号); the office reviews the evidence and closes the item (销号) or returns it
with its reasons, and may approve a longer period before the deadline (延期). 厅字〔2019〕28号 organises the
inspection; which of its articles governs each step is UNCONFIRMED (legal-rules §13 item 1), so the steps cite the
instrument, and the inspection's record its article.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from fazhi.ledgers import After, Procedure, Step
from fazhi.ledgers.clock import Clock

RULES = "厅字〔2019〕28号"
#: The local rules on rectification (整改销号) that the province or the office keeps (UNCONFIRMED, legal-rules §13).
LOCAL = "本地督察整改销号办法"
#: The province's or the office's rules on the assessment (考核) of law-based government: self-assessment, scoring and
#: publication of the results (UNCONFIRMED, legal-rules §9.2, §13).
ASSESS = "本地法治政府建设考核办法"

PROCEDURE = Procedure("assessment", [
    Step("inspect", _("the start of the inspection")),
    Step("feedback", _("the feedback of the findings (督察反馈)"), after=[After("inspect", RULES)]),
    Step("assign", _("the assignment of the rectification (交办)"),
         after=[After("inspect", RULES), After("feedback", RULES)]),
    Step("plan", _("the rectification plan (整改方案)"), after=[After("assign", RULES)]),
    Step("progress", _("the latest progress report"), after=[After("assign", RULES), After("plan", LOCAL)]),
    Step("extend", _("the approval of a longer period"), after=[After("assign", LOCAL)]),
    Step("request", _("the request to close the item (申请销号)"),
         after=[After("assign", RULES), After("plan", LOCAL), After("progress", LOCAL), After("return", LOCAL)]),
    Step("return", _("the return of the item for more rectification"), after=[After("request", LOCAL)]),
    Step("close", _("the closing of the item (销号)"), after=[After("request", LOCAL)]),
    # A body's self-assessment (自评) on an indicator system and the office's scoring.
    Step("self_submit", _("the submission of the self-assessment"), after=[After("self_return", ASSESS)]),
    Step("self_return", _("the return of the self-assessment for revision"), after=[After("self_submit", ASSESS)]),
    Step("self_score", _("the end of the office's scoring"), after=[After("self_submit", ASSESS)]),
    Step("self_publish", _("the publication of the result"), after=[After("self_score", ASSESS)]),
])


def dates_of(item) -> dict[str, dt.date | None]:
    """The dates the record's steps were recorded on: of a rectification item's progress reports, the latest."""
    from fazhi.assessment.models import SelfAssessment

    if isinstance(item, SelfAssessment):
        return {"self_submit": item.submitted_on, "self_return": item.returned_on, "self_score": item.scored_on,
                "self_publish": item.published_on}
    last = item.progress_reports.aggregate(last=Max("reported_on"))["last"] if item.pk else None
    inspection = item.inspection if item.inspection_id else None
    return {
        "inspect": inspection.started_on if inspection else None,
        "feedback": inspection.ended_on if inspection else None,
        "assign": item.assigned_on,
        "plan": item.plan_on,
        "progress": last,
        "extend": item.extended_on,
        "request": item.closing_requested_on,
        "return": item.returned_on,
        "close": item.closed_on,
    }


#: The deadline an item stores while the agency rectifies, computed again when a holiday notice changes its days
#: (``fazhi.ledgers.clock``; a last day on a holiday moves only when the roll-over setting is on).
CLOCKS = (
    Clock("assessment.Rectification", "deadline", "fazhi.assessment.actions.deadline_of", "assessment:detail",
          only={"status__in": ["assigned", "in_progress"]}),
)

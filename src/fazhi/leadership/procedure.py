"""The dated steps of the leadership ledger's records and the order the rules set them in.

A duty list is adopted and later superseded by a new version (2016 rule on the principal leaders' duty); a meeting
and a study session are held (one step each); a 述法 is given at the year-end report and then evaluated (述法评议,
2021 opinion of the Central Commission for Law-Based Governance); an instruction (批示) is issued and its follow-up
reported on. The clocks the records store: a duty list's 述法 due (the setting ``FAZHI_LEADERSHIP_SHUFA_DUE``) and an
instruction's follow-up due (the rule ``leadership.instruction_follow_up``, its length the province's).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from fazhi.ledgers import After, Procedure, Step
from fazhi.ledgers.clock import Clock

#: 《党政主要负责人履行推进法治建设第一责任人职责规定》 (2016; its number UNCONFIRMED, legal-rules §13 item 8).
DUTY_RULE = "党政主要负责人履行推进法治建设第一责任人职责规定"
#: 中央全面依法治国委员会 2021: the principal leaders' duty goes into their year-end performance report (legal-rules §8.3).
SHUFA_OPINION = "关于党政主要负责人履行推进法治建设第一责任人职责情况列入年终述职内容工作的意见"
#: The local rules on following up a leader's instruction (督查督办), UNCONFIRMED.
LOCAL_FOLLOW_UP = "本地领导批示件督查督办规定"

PROCEDURE = Procedure("leadership", [
    Step("adopt", _("the adoption of the duty list")),
    Step("supersede", _("the adoption of the list's next version"), after=[After("adopt", DUTY_RULE, strict=True)]),
    Step("meeting", _("the meeting")),
    Step("study", _("the study session")),
    Step("shufa", _("the 述法 at the year-end report")),
    Step("evaluation", _("the evaluation of the 述法 (述法评议)"), after=[After("shufa", SHUFA_OPINION)]),
    Step("instruction", _("the instruction (批示)")),
    Step("follow_up", _("the follow-up report on the instruction"), after=[After("instruction", LOCAL_FOLLOW_UP)]),
])


def dates_of(record) -> dict[str, dt.date | None]:
    """The dates of the record's steps, whichever kind of record it is."""
    from fazhi.leadership.models import DutyList, Instruction, LawReport, Meeting, StudySession

    if isinstance(record, DutyList):
        return {"adopt": record.adopted_on, "supersede": record.superseded_on}
    if isinstance(record, Meeting):
        return {"meeting": record.held_on}
    if isinstance(record, StudySession):
        return {"study": record.held_on}
    if isinstance(record, LawReport):
        return {"shufa": record.reported_on, "evaluation": record.evaluated_on}
    if isinstance(record, Instruction):
        return {"instruction": record.issued_on, "follow_up": record.reported_on}
    return {}


#: The deadlines the records store while they are open, computed again when a holiday notice changes their days
#: (``fazhi.ledgers.clock``).
CLOCKS = (
    Clock("leadership.Instruction", "follow_up_due", "fazhi.leadership.actions.follow_up_due_of",
          "leadership_instructions:detail", only={"status": "open", "due_given__isnull": True}),
    Clock("leadership.DutyList", "shufa_due", "fazhi.leadership.actions.shufa_due_of", "leadership_duties:detail",
          only={"status": "current"}),
)

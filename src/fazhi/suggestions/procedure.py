"""The dated steps of a deputy's suggestion or CPPCC proposal and the order the law and the province's measure set
them in.

The government office assigns the item (交办) to the lead agency, with co-handling agencies (会办) where needed; the
answer period runs from the assignment (代表法 第51条; for a proposal, the province's measure). The co-handlers send
their opinions to the lead, which contacts the proposer (沟通) and answers (答复); a longer period is approved before
the period ends. The proposer rates the answer; if not satisfied, the item is handled again and answered again, and
rated again. The answer is published where the province expects it, and the item closed (legal-rules §7.2–7.3).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _

from fazhi.ledgers import After, Procedure, Step
from fazhi.ledgers.clock import Clock

#: 代表法 (2025 amendment) 第51条: the answer within 3 months of assignment, 6 at most; the reports made public.
LAW = "代表法 第51条"
#: The province's government measure on handling suggestions and proposals (legal-rules §7.3; Sichuan 2024 read).
LOCAL = "本省建议提案办理办法"
BOTH = f"{LAW}；{LOCAL}"

PROCEDURE = Procedure("suggestions", [
    Step("assign", _("the assignment (交办)")),
    Step("co_handler", _("the assignment to a co-handling agency (会办)"), after=[After("assign", LOCAL)]),
    Step("co_opinion", _("the co-handling agency's opinion"),
         after=[After("assign", LOCAL), After("co_handler", LOCAL)]),
    Step("contact", _("the contact with the proposer (沟通)"), after=[After("assign", LOCAL)]),
    Step("extend", _("the approval of a longer period"), after=[After("assign", BOTH)]),
    Step("answer", _("the answer (答复)"),
         after=[After("assign", BOTH), After("contact", LOCAL), After("co_opinion", LOCAL)]),
    Step("feedback", _("the proposer's feedback"), after=[After("answer", LOCAL)]),
    Step("reopen", _("the start of the second handling"), after=[After("feedback", LOCAL)]),
    Step("answer_again", _("the second answer"), after=[After("reopen", LOCAL), After("contact", LOCAL)]),
    Step("second_feedback", _("the proposer's feedback on the second answer"), after=[After("answer_again", LOCAL)]),
    Step("publish", _("the publication of the answer"),
         after=[After("answer", BOTH), After("answer_again", BOTH)]),
    Step("close", _("the closing of the item"),
         after=[After("answer", LOCAL), After("feedback", LOCAL), After("answer_again", LOCAL),
                After("second_feedback", LOCAL)]),
])


def dates_of(item) -> dict[str, dt.date | None]:
    """The dates the item's steps were recorded on: of the co-handlers, the first assignment and the last opinion."""
    co = (item.co_handlers.aggregate(first=Min("assigned_on"), last=Max("opinion_sent_on")) if item.pk
          else {"first": None, "last": None})
    return {
        "assign": item.assigned_on,
        "co_handler": co["first"],
        "co_opinion": co["last"],
        "contact": item.contacted_on,
        "extend": item.extended_on,
        "answer": item.answered_on,
        "feedback": item.feedback_on,
        "reopen": item.reopened_on,
        "answer_again": item.reanswered_on,
        "second_feedback": item.second_feedback_on,
        "publish": item.published_on,
        "close": item.closed_on,
    }


def _clock(model: str, field: str, compute: str, **kwargs) -> Clock:
    return Clock(f"suggestions.{model}", field, f"fazhi.suggestions.actions.{compute}", "suggestions:detail",
                 **kwargs)


_OPEN = ["assigned", "in_progress"]

#: The deadlines an item stores while they are open, computed again when a holiday notice changes their days
#: (``fazhi.ledgers.clock``; periods in months move only when the roll-over setting is on); a co-handler's opinion
#: date belongs to its item (``record="item"``).
CLOCKS = (
    _clock("Item", "answer_due", "answer_due_of", only={"status__in": _OPEN}),
    _clock("Item", "answer_limit", "answer_limit_of", only={"status__in": _OPEN}),
    _clock("Item", "reanswer_due", "reanswer_due_of",
           only={"status__in": ["rated", "reopened"], "reanswered_on__isnull": True}),
    _clock("CoHandler", "opinion_due", "opinion_due_of", record="item",
           only={"opinion_sent_on__isnull": True, "item__status__in": _OPEN}),
)

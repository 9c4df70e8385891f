"""The dated steps of a lawsuit against an agency and the order 行政诉讼法 (2017) sets them in.

The court sends the complaint's copy and the agency answers within 15 days (第67条); the court hears the case (with
the head of the agency, 第3条第3款) and gives its judgment or ruling (第69–80条), served on the parties (第80条); an
appeal lies within 15 days of a judgment's service or 10 of a ruling's (第85条); once the judgment takes effect or
the second instance ends, the case is closed. A judicial or procuratorial suggestion is answered after it is
received (第96条第4项, 第25条第4款).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.ledgers import After, Procedure, Step
from fazhi.ledgers.clock import Clock

LAW = "行政诉讼法"

PROCEDURE = Procedure("litigation", [
    Step("served", _("the receipt of the complaint's copy")),
    Step("defence", _("the defence and its evidence"), after=[After("served", f"{LAW} 第67条")]),
    Step("hearing", pgettext_lazy("litigation", "the hearing"), after=[After("served", f"{LAW} 第67条")]),
    Step("judgment", _("the judgment or ruling"),
         after=[After("served", f"{LAW} 第67条"), After("hearing", f"{LAW} 第80条")]),
    Step("judgment_served", _("the service of the judgment or ruling"), after=[After("judgment", f"{LAW} 第80条")]),
    Step("appeal", _("the appeal"), after=[After("judgment", f"{LAW} 第85条")]),
    Step("close", _("the closing of the case"),
         after=[After("judgment", f"{LAW} 第85条"), After("appeal", f"{LAW} 第85条")]),
    Step("suggestion", _("the receipt of the suggestion")),
    Step("suggestion_reply", _("the reply to the suggestion"),
         after=[After("suggestion", f"{LAW} 第25条第4款、第96条第4项")]),
])


def dates_of(case) -> dict[str, dt.date | None]:
    """The dates the case's steps were recorded on; ``hearing`` is the last hearing's."""
    last_hearing = case.hearings.aggregate(last=Max("held_on"))["last"] if case.pk else None
    return {
        "served": case.served_on,
        "defence": case.defence_filed_on,
        "hearing": last_hearing,
        "judgment": case.concluded_on,
        "judgment_served": case.judgment_served_on,
        "appeal": case.appealed_on,
        "close": case.closed_on,
    }


def _clock(model: str, field: str, compute: str, **kwargs) -> Clock:
    return Clock(f"litigation.{model}", field, f"fazhi.litigation.actions.{compute}", "litigation:detail", **kwargs)


#: The deadlines a case stores while they are open, computed again when a holiday notice changes their days
#: (``fazhi.ledgers.clock``); a suggestion's reply date belongs to its case (``record="case"``), and one the letter
#: itself set is never recomputed.
CLOCKS = (
    _clock("Case", "defence_due", "defence_due_of", only={"status": "served"}),
    _clock("Case", "appeal_due", "appeal_due_of", only={"status": "concluded", "appealed_on__isnull": True}),
    _clock("Suggestion", "reply_due", "reply_due_of", record="case",
           only={"replied_on__isnull": True, "reply_due_stated": False}),
)

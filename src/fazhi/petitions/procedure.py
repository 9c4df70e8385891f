"""The dated steps of a petition matter and the order the 信访工作条例 (2022) sets them in.

The agency registers the petition (第21条); within 15 days it forwards or assigns the matter to the competent body
(第22条) or takes it up and tells the petitioner in writing of the receipt and the route (第23条); a matter forwarded
to it by mistake is objected to within 5 working days and returned when the forwarding body agrees (第23条); a
complaint belonging to a legal procedure is routed there, and a request already through a second review is not
taken up again (第31、36条). An accepted matter is answered by a written handling opinion within 60 days, 30 more
with the head's approval told to the petitioner (第32–34条); the petitioner evaluates the handling (第21条) and may ask
for a review and then a second review, each within 30 days and answered within 30 (第35–36条). Then the matter is
closed.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.ledgers import After, Procedure, Step
from fazhi.ledgers.clock import Clock

LAW = "信访工作条例"

PROCEDURE = Procedure("petitions", [
    Step("receive", _("the receipt of the petition")),
    Step("notify", _("the written notice to the petitioner"), after=[After("receive", f"{LAW} 第23条")]),
    Step("object", _("the objection to the routing"), after=[After("receive", f"{LAW} 第23条")]),
    Step("objection_answer", _("the forwarding body's answer to the objection"),
         after=[After("object", f"{LAW} 第23条")]),
    Step("forward", _("the forwarding to the competent body"), after=[After("receive", f"{LAW} 第22条")]),
    Step("decline", _("the decision not to take the matter up"),
         after=[After("receive", f"{LAW} 第31、36条"), After("objection_answer", f"{LAW} 第23条")]),
    Step("accept", pgettext_lazy("petitions", "the acceptance"),
         after=[After("receive", f"{LAW} 第23条"), After("objection_answer", f"{LAW} 第23条")]),
    Step("extend", _("the approval of the extension"), after=[After("accept", f"{LAW} 第34条")]),
    Step("extension_notice", _("the notice of the extension to the petitioner"),
         after=[After("extend", f"{LAW} 第34条")]),
    Step("reply", _("the handling opinion"),
         after=[After("accept", f"{LAW} 第32、34条"), After("extend", f"{LAW} 第34条")]),
    Step("reply_served", _("the petitioner's receipt of the handling opinion"),
         after=[After("reply", f"{LAW} 第35条")]),
    Step("evaluate", _("the petitioner's evaluation"), after=[After("reply", f"{LAW} 第21条")]),
    Step("review_request", _("the request for review"),
         after=[After("reply", f"{LAW} 第35条"), After("reply_served", f"{LAW} 第35条")]),
    Step("review", _("the review opinion"), after=[After("review_request", f"{LAW} 第35条")]),
    Step("review_served", _("the petitioner's receipt of the review opinion"),
         after=[After("review", f"{LAW} 第36条")]),
    Step("recheck_request", _("the request for a second review"),
         after=[After("review", f"{LAW} 第36条"), After("review_served", f"{LAW} 第36条")]),
    Step("recheck_hearing", _("the start of the hearing of the second review"),
         after=[After("recheck_request", f"{LAW} 第36条")]),
    Step("recheck_hearing_end", _("the end of the hearing of the second review"),
         after=[After("recheck_hearing", f"{LAW} 第36条")]),
    Step("recheck", _("the second review opinion"),
         after=[After("recheck_request", f"{LAW} 第36条"), After("recheck_hearing_end", f"{LAW} 第36条")]),
    Step("close", _("the closing of the matter"),
         after=[After("reply", f"{LAW} 第35条"), After("review", f"{LAW} 第36条"), After("recheck", f"{LAW} 第36条")]),
])


def dates_of(matter) -> dict[str, dt.date | None]:
    """The dates the matter's steps were recorded on."""
    return {
        "receive": matter.received_on,
        "notify": matter.notified_on,
        "object": matter.objected_on,
        "objection_answer": matter.objection_answered_on,
        "forward": matter.forwarded_on,
        "decline": matter.declined_on,
        "accept": matter.accepted_on,
        "extend": matter.extended_on,
        "extension_notice": matter.extension_notified_on,
        "reply": matter.replied_on,
        "reply_served": matter.reply_served_on,
        "evaluate": matter.evaluated_on,
        "review_request": matter.review_requested_on,
        "review": matter.reviewed_on,
        "review_served": matter.review_served_on,
        "recheck_request": matter.recheck_requested_on,
        "recheck_hearing": matter.recheck_hearing_from,
        "recheck_hearing_end": matter.recheck_hearing_to,
        "recheck": matter.rechecked_on,
        "close": matter.closed_on,
    }


def _clock(field: str, **only) -> Clock:
    return Clock("petitions.Matter", field, f"fazhi.petitions.actions.{field}_of", "petitions:detail", only=only)


#: The dates a matter stores while they are open, computed again when a holiday notice changes their days
#: (``fazhi.ledgers.clock``; the calendar-day periods move only when the roll-over setting is on).
CLOCKS = (
    _clock("forward_due", status="received"),
    _clock("notice_due", status__in=["received", "accepted"], notified_on__isnull=True),
    _clock("objection_due", status="received", objected_on__isnull=True),
    _clock("handling_due", status="accepted"),
    _clock("review_request_due", status="replied"),
    _clock("review_due", status="under_review"),
    _clock("recheck_request_due", status="reviewed"),
    _clock("recheck_due", status="under_recheck"),
)

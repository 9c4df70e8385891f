"""The dated steps of a request for government information and the order 政府信息公开条例 (2019) sets them in.

The request is received (第31条); an unclear one is corrected once, within a time the agency gives (第30条), or taken
as given up; a third party (第32条) or another agency that made the information (第34条) may be consulted, which
stops the reply period (第33条第3款); the period may be extended with approval and notice to the requester
(第33条第2款); then the reply (第33、36、37条), and the requester's reconsideration or lawsuit over it (第51条).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from fazhi.ledgers import After, Procedure, Step
from fazhi.ledgers.clock import Clock

LAW = "政府信息公开条例"

PROCEDURE = Procedure("disclosure", [
    Step("receive", _("the receipt of the request")),
    Step("correction_request", _("the notice to correct the request"),
         after=[After("receive", f"{LAW} 第30条")]),
    Step("correction_period", _("the end of the time to correct"),
         after=[After("correction_request", f"{LAW} 第30条", strict=True)], planned=True),
    Step("correction", _("the receipt of the corrected request"),
         after=[After("correction_request", f"{LAW} 第30条")]),
    Step("abandon", _("the closing of the request not corrected"),
         after=[After("correction_period", f"{LAW} 第30条", strict=True)]),
    Step("consult", _("the sending of a consultation letter"),
         after=[After("receive", f"{LAW} 第32条"), After("correction", f"{LAW} 第30条"),
                After("consultation_answer", f"{LAW} 第32条")]),
    Step("consult_received", _("the consulted party's receipt of the letter"),
         after=[After("consult", f"{LAW} 第32条")]),
    Step("consultation_answer", _("the consulted party's answer"),
         after=[After("consult", f"{LAW} 第32、34条"), After("consult_received", f"{LAW} 第32、34条")]),
    Step("extend", _("the approval of the extension"),
         after=[After("receive", f"{LAW} 第33条第2款"), After("correction", f"{LAW} 第30条")]),
    Step("extension_notice", _("the notice of the extension to the requester"),
         after=[After("extend", f"{LAW} 第33条第2款")]),
    Step("reply", _("the reply to the request"),
         after=[After("receive", f"{LAW} 第33条"), After("correction", f"{LAW} 第30条"),
                After("consultation_answer", f"{LAW} 第33条第3款"), After("extend", f"{LAW} 第33条第2款")]),
    Step("reconsideration", _("the application for reconsideration of the reply"),
         after=[After("reply", f"{LAW} 第51条")]),
    Step("litigation", _("the lawsuit over the reply"),
         after=[After("reply", f"{LAW} 第51条")]),
])


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def dates_of(request) -> dict[str, dt.date | None]:
    """The dates the request's steps were recorded on (of the consultations, the latest)."""
    last = request.consultations[-1] if request.consultations else {}
    return {
        "receive": request.received_on,
        "correction_request": request.correction_requested_on,
        "correction_period": request.correction_period_ends,
        "correction": request.corrected_on,
        "abandon": request.closed_on if request.status == "abandoned" else None,
        "consult": _day(last.get("sent_on")),
        "consult_received": _day(last.get("delivered_on")),
        "consultation_answer": _day(last.get("answered_on")),
        "extend": request.extended_on,
        "extension_notice": request.extension_notified_on,
        "reply": request.replied_on,
        "reconsideration": request.reconsideration_filed_on,
        "litigation": request.litigation_filed_on,
    }


def _clock(field: str, **only) -> Clock:
    return Clock("disclosure.Request", field, f"fazhi.disclosure.actions.{field}_of", "disclosure:detail", only=only)


#: The deadlines a request stores while open, computed again when a holiday notice changes their days
#: (``fazhi.ledgers.clock``).
CLOCKS = (
    _clock("correction_notice_due", status="received", correction_requested_on__isnull=True),
    _clock("consultation_due", status="consulting"),
    _clock("reply_due", status__in=["received", "consulting"]),
)

"""The dated steps of a reconsideration case and the order 行政复议法 (2023) sets them in.

The applicant learns of the act and applies (第20条); the application is examined (第30条), corrected once when
incomplete (第31条), then accepted or refused; after acceptance the copy goes to the respondent, which answers
(第48、54条); a hearing is announced and held (第50、51条), the committee consulted (第52条); the review may be suspended
and resumed (第39条), its period extended (第62条), a normative document forwarded for review (第56条); then the
decision (第62–74条), its publication (第79条), and a recommendation letter with its reply (第76条).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.ledgers import After, Procedure, Step
from fazhi.ledgers.clock import Clock

LAW = "行政复议法"

PROCEDURE = Procedure("reconsideration", [
    Step("know", _("the day the applicant knew of the act")),
    Step("receive", _("the receipt of the application"), after=[After("know", f"{LAW} 第20条")]),
    Step("correction_request", _("the notice to correct the application"),
         after=[After("receive", f"{LAW} 第31条第1款")]),
    Step("correction_notice_received", _("the applicant's receipt of the notice to correct"),
         after=[After("correction_request", f"{LAW} 第31条第2款")]),
    Step("correction", _("the receipt of the corrected materials"),
         after=[After("correction_request", f"{LAW} 第31条第2款"),
                After("correction_notice_received", f"{LAW} 第31条第2款")]),
    Step("accept", _("the acceptance of the application"),
         after=[After("receive", f"{LAW} 第30条"), After("correction", f"{LAW} 第31条第3款")]),
    Step("refuse", _("the refusal to accept the application"),
         after=[After("receive", f"{LAW} 第30条"), After("correction", f"{LAW} 第31条第3款")]),
    Step("abandon", _("the end of the application not corrected"),
         after=[After("correction_request", f"{LAW} 第31条第2款", strict=True)]),
    Step("switch", _("the switch to the ordinary procedure"), after=[After("accept", f"{LAW} 第55条")]),
    Step("copy", _("the sending of the copy to the respondent"), after=[After("accept", f"{LAW} 第48条")]),
    Step("copy_received", _("the respondent's receipt of the copy"), after=[After("copy", f"{LAW} 第48条")]),
    Step("answer", _("the respondent's answer"),
         after=[After("copy", f"{LAW} 第48条"), After("copy_received", f"{LAW} 第48条")]),
    Step("hearing_notice", _("the notice of the hearing"), after=[After("accept", f"{LAW} 第51条")]),
    Step("hearing", pgettext_lazy("reconsideration", "the hearing"),
         after=[After("accept", f"{LAW} 第50条"), After("hearing_notice", f"{LAW} 第51条第1款", strict=True)]),
    Step("committee", _("the consultation of the reconsideration committee"),
         after=[After("accept", f"{LAW} 第52条")]),
    Step("suspend", _("the suspension of the review"), after=[After("accept", f"{LAW} 第39条")]),
    Step("resume", _("the resumption of the review"), after=[After("suspend", f"{LAW} 第39条第2款")]),
    Step("extend", _("the approval of the extension"), after=[After("accept", f"{LAW} 第62条")]),
    Step("document_forward", _("the forwarding of the normative document for review"),
         after=[After("accept", f"{LAW} 第56条")]),
    Step("decision", pgettext_lazy("reconsideration", "the decision"),
         after=[After("accept", f"{LAW} 第62条"), After("answer", f"{LAW} 第48条"), After("hearing", f"{LAW} 第50条"),
                After("committee", f"{LAW} 第52条"), After("suspend", f"{LAW} 第39条"),
                After("resume", f"{LAW} 第39条第2款")]),
    Step("publication", _("the publication of the decision"), after=[After("decision", f"{LAW} 第79条")]),
    Step("recommendation", _("the sending of the recommendation letter"),
         after=[After("accept", f"{LAW} 第76条")]),
    Step("recommendation_received", _("the receipt of the recommendation letter"),
         after=[After("recommendation", f"{LAW} 第76条")]),
    Step("recommendation_reply", _("the reply to the recommendation letter"),
         after=[After("recommendation", f"{LAW} 第76条"), After("recommendation_received", f"{LAW} 第76条")]),
])


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def dates_of(case) -> dict[str, dt.date | None]:
    """The dates the case's steps were recorded on (of a suspension, the latest)."""
    last = case.suspensions[-1] if case.suspensions else None
    return {
        "know": case.knew_on,
        "receive": case.received_on,
        "correction_request": case.correction_requested_on,
        "correction_notice_received": case.correction_received_on,
        "correction": case.corrected_on,
        "accept": case.accepted_on,
        "refuse": case.refused_on,
        "abandon": case.closed_on if case.closure == "abandoned" else None,
        "switch": case.switched_on,
        "copy": case.copy_sent_on,
        "copy_received": case.copy_received_on,
        "answer": case.answer_received_on,
        "hearing_notice": case.hearing_notified_on,
        "hearing": case.hearing_held_on,
        "committee": case.committee_consulted_on,
        "suspend": _day(last[0]) if last else None,
        "resume": _day(last[1]) if last else None,
        "extend": case.extended_on,
        "document_forward": case.document_forwarded_on,
        "decision": case.decided_on,
        "publication": case.published_on,
        "recommendation": case.recommendation_sent_on,
        "recommendation_received": case.recommendation_received_on,
        "recommendation_reply": case.recommendation_replied_on,
    }


def _clock(field: str, **only) -> Clock:
    return Clock("reconsideration.Case", field, f"fazhi.reconsideration.actions.{field}_of", "reconsideration:detail",
                 only=only)


#: The deadlines a case stores, while open, computed again when a holiday notice changes their days
#: (``fazhi.ledgers.clock``).
CLOCKS = (
    _clock("application_due", status__in=["received", "correcting"]),
    _clock("acceptance_due", status__in=["received", "correcting"]),
    _clock("correction_due", status="correcting"),
    _clock("copy_due", status__in=["accepted", "suspended"], copy_sent_on__isnull=True),
    _clock("answer_due", status__in=["accepted", "suspended"], answer_received_on__isnull=True),
    _clock("decision_due", status__in=["accepted", "suspended"]),
    _clock("recommendation_reply_due", recommendation_sent_on__isnull=False, recommendation_replied_on__isnull=True),
)

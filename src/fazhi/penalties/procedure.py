"""The dated steps of a penalty case and the order 行政处罚法 (2021) sets them in.

A violation is discovered and the case filed (第54条); the officers investigate (第55条) and record it (第47条); the
party is told of the intended penalty and its rights (第44、45条) and may request a hearing (第63–64条); a major case
passes the legal review after the hearing (第58条) and a complex one the collective discussion (第57条); then the
decision (第57、59条), its service (第61条), its performance and the closing; its publication (第48条; 国办发〔2018〕118号)
and, once changed or revoked, the withdrawal of what was published (第48条).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from fazhi.ledgers import After, Procedure, Step
from fazhi.ledgers.clock import Clock

LAW = "行政处罚法"
DISCLOSURE = "国办发〔2018〕118号"

PROCEDURE = Procedure("penalties", [
    Step("violation", _("the violation")),
    Step("violation_end", _("the end of the continuing violation"), after=[After("violation", f"{LAW} 第36条")]),
    Step("discover", _("the discovery of the violation"), after=[After("violation", f"{LAW} 第36条")]),
    Step("open", _("the filing of the case"), after=[After("discover", f"{LAW} 第54条")]),
    Step("record", _("the recorded action"), after=[After("violation", f"{LAW} 第47条")]),
    Step("investigation_end", _("the end of the investigation"), after=[After("open", f"{LAW} 第55条")]),
    Step("notice", _("the notice of the intended penalty"), after=[After("open", f"{LAW} 第44条")]),
    Step("notice_received", _("the party's receipt of the notice"), after=[After("notice", f"{LAW} 第44条")]),
    Step("hearing_request", _("the request for a hearing"), after=[After("notice_received", f"{LAW} 第64条")]),
    Step("hearing_notice", _("the notice of the hearing"), after=[After("hearing_request", f"{LAW} 第64条")]),
    Step("hearing", _("the hearing"), after=[After("hearing_notice", f"{LAW} 第64条", strict=True)]),
    Step("review_submit", _("the submission for legal review"),
         after=[After("open", f"{LAW} 第58条"), After("hearing", f"{LAW} 第58条第1款第2项")]),
    Step("review", _("the legal review"), after=[After("review_submit", f"{LAW} 第58条")]),
    Step("discussion", _("the collective discussion"),
         after=[After("notice_received", f"{LAW} 第57条"), After("hearing", f"{LAW} 第65条"),
                After("review", f"{LAW} 第58条")]),
    Step("decision", _("the decision"),
         after=[After("open", f"{LAW} 第57条"), After("notice_received", f"{LAW} 第62条"),
                After("hearing", f"{LAW} 第65条"), After("review", f"{LAW} 第58条"),
                After("discussion", f"{LAW} 第57条第2款")]),
    Step("service", _("the service of the decision"), after=[After("decision", f"{LAW} 第61条")]),
    Step("execution", _("the performance of the decision"), after=[After("service", f"{LAW} 第66条")]),
    Step("close", _("the closing of the case"),
         after=[After("decision", f"{LAW} 第57条"), After("service", f"{LAW} 第61条"),
                After("execution", f"{LAW} 第66条")]),
    Step("drop", _("the dropping of the case"), after=[After("open", f"{LAW} 第57条")]),
    Step("publication", _("the publication of the decision"), after=[After("decision", DISCLOSURE)]),
    Step("revocation", _("the change or revocation of the decision"), after=[After("decision", f"{LAW} 第48条")]),
    Step("withdrawal", _("the withdrawal of the published decision"),
         after=[After("revocation", f"{LAW} 第48条"), After("publication", f"{LAW} 第48条")]),
])


def dates_of(case) -> dict[str, dt.date | None]:
    """The dates the case's steps were recorded on."""
    return {
        "violation": case.violation_on,
        "violation_end": case.violation_ended_on,
        "discover": case.discovered_on,
        "open": case.opened_on,
        "investigation_end": case.investigation_ended_on,
        "notice": case.notified_on,
        "notice_received": case.notice_received_on,
        "hearing_request": case.hearing_requested_on,
        "hearing_notice": case.hearing_notified_on,
        "hearing": case.hearing_on,
        "review_submit": case.review_submitted_on,
        "review": case.reviewed_on,
        "discussion": case.discussed_on,
        "decision": case.decided_on,
        "service": case.served_on,
        "execution": case.executed_on,
        "close": case.closed_on,
        "drop": case.dropped_on,
        "publication": case.published_on,
        "revocation": case.revoked_on,
        "withdrawal": case.publication_withdrawn_on,
    }


def _clock(field: str, **only) -> Clock:
    return Clock("penalties.Case", field, f"fazhi.penalties.actions.{field}_of", "penalties:case_detail", only=only)


#: The deadlines a case stores, while open, computed again when a holiday notice changes their days
#: (``fazhi.ledgers.clock``).
CLOCKS = (
    _clock("decision_due", status__in=["investigating", "notified", "hearing"]),
    _clock("hearing_request_due", status="notified"),
    _clock("service_due", status="decided", served_on__isnull=True),
    _clock("publication_due", published_on__isnull=True, revoked_on__isnull=True),
    _clock("withdrawal_due", publication_withdrawn_on__isnull=True),
)

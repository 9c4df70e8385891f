"""The dated steps of a mediated dispute and the order 人民调解法 (2010) sets them in.

The dispute is received (a party's application, a referral, a screening; 第17、18条) and mediated in sessions the
mediators record (第22、27条), within the province's period unless both parties agree to continue. It ends in an
agreement, written or oral (第28–30条), in failure with the parties told of the other channels (第26条), or at a
party's wish (第23条). An agreement is performed, or found not performed (第31、32条); within 30 days of its taking
effect both parties may apply for judicial confirmation, on which the court rules (第33条; 民事诉讼法 第205–206条).
The mediators visit the parties again afterwards (回访, local practice).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from fazhi.ledgers import After, Procedure, Step
from fazhi.ledgers.clock import Clock

LAW = "人民调解法"
#: The province's rule on the time a mediation takes (legal-rules §8.1: generally one month, 司法部令第75号 第33条).
LOCAL = "本省人民调解期限规定"
CIVIL_PROCEDURE = "民事诉讼法"

PROCEDURE = Procedure("mediation", [
    Step("receive", _("the receipt of the dispute (受理)")),
    Step("session", _("the latest mediation session"), after=[After("receive", f"{LAW} 第17条")]),
    Step("extend", _("the parties' agreement to continue the mediation"), after=[After("receive", LOCAL)]),
    Step("agreement", _("the mediation agreement taking effect"),
         after=[After("receive", f"{LAW} 第17条"), After("session", f"{LAW} 第22、28条")]),
    Step("failure", _("the end of the failed mediation"),
         after=[After("receive", f"{LAW} 第17条"), After("session", f"{LAW} 第26条")]),
    Step("withdrawal", _("the end of the mediation at a party's wish"), after=[After("receive", f"{LAW} 第23条")]),
    Step("confirmation_application", _("the application for judicial confirmation (司法确认)"),
         after=[After("agreement", f"{LAW} 第33条")]),
    Step("confirmation_ruling", _("the court's ruling on judicial confirmation"),
         after=[After("confirmation_application", f"{CIVIL_PROCEDURE} 第206条")]),
    Step("performance", _("the performance of the agreement"), after=[After("agreement", f"{LAW} 第31条")]),
    Step("nonperformance", _("the finding that the agreement is not performed"),
         after=[After("agreement", f"{LAW} 第31、32条")]),
    Step("return_visit", _("the return visit (回访)"),
         after=[After("agreement", f"{LAW} 第31条"), After("failure", f"{LAW} 第26条")]),
])


def dates_of(dispute) -> dict[str, dt.date | None]:
    """The dates the dispute's steps were recorded on (of its sessions, the latest)."""
    last = dispute.sessions.aggregate(last=Max("held_on"))["last"] if dispute.pk else None
    outcome = dispute.outcome
    return {
        "receive": dispute.received_on,
        "session": last,
        "extend": dispute.extended_on,
        "agreement": dispute.agreement_on,
        "failure": dispute.ended_on if outcome == "failed" else None,
        "withdrawal": dispute.ended_on if outcome == "withdrawn" else None,
        "confirmation_application": dispute.confirmation_applied_on,
        "confirmation_ruling": dispute.confirmed_on or dispute.confirmation_refused_on,
        "performance": dispute.performed_on,
        "nonperformance": dispute.unperformed_on,
        "return_visit": dispute.return_visit_on,
    }


def _clock(field: str, **only) -> Clock:
    return Clock("mediation.Dispute", field, f"fazhi.mediation.actions.{field}_of", "mediation:detail", only=only)


#: The deadlines a dispute stores while they are open, computed again when a holiday notice changes their days
#: (``fazhi.ledgers.clock``; the mediation period, in months, moves only when the roll-over setting is on).
CLOCKS = (
    _clock("mediation_due", status__in=["received", "mediating"]),
    _clock("confirmation_due", status__in=["agreed", "unperformed"], confirmation_applied_on__isnull=True),
)

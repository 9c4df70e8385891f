"""The dated steps of a normative document (规范性文件) and the order the law sets them in.

国办发〔2018〕37号 sets the order: public comment, legality review, collective deliberation, then registration,
numbering and publication by the government's legal office (统一登记、统一编号、统一发布), and filing after
publication; 国办发〔2018〕115号 the legality review. A region's registration numbers follow the dates of
registration: a document registered on a day before the last one registered would take a number out of order.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from fazhi.ledgers import After, Procedure, Step
from fazhi.ledgers.clock import Clock

GOV_37 = "国办发〔2018〕37号"
GOV_115 = "国办发〔2018〕115号"

PROCEDURE = Procedure("normative", [
    Step("comment_opens", _("the opening of the public comment period"), planned=True),
    Step("comment_closes", _("the end of the public comment period"), planned=True,
         after=[After("comment_opens", GOV_37)]),
    Step("feedback", _("the publication of the feedback on comments"),
         after=[After("comment_closes", GOV_37, strict=True)]),
    Step("submit_review", _("the submission for legality review"),
         after=[After("comment_closes", GOV_37, strict=True), After("feedback", GOV_37)]),
    Step("review", _("the legality review opinion"), after=[After("submit_review", GOV_115)]),
    Step("deliberation", _("the collective deliberation"), after=[After("review", GOV_37)]),
    Step("last_registration", _("the last registration in the region's series"), planned=True),
    Step("register", _("the registration"),
         after=[After("deliberation", GOV_37),
                After("last_registration", _("registration numbers follow the dates of registration"))]),
    Step("publish", _("the publication"), after=[After("register", GOV_37)]),
    Step("file", _("the filing"), after=[After("publish", GOV_37)]),
    Step("examine", _("the examination of the filing"), after=[After("file", GOV_37)]),
    Step("end", _("the end of the document"), after=[After("publish", GOV_37)]),
])


def dates_of(document, consultation=None) -> dict[str, dt.date | None]:
    """The dates a document's steps were recorded on (its consultation's, when given)."""
    return {
        "comment_opens": getattr(consultation, "opens_on", None),
        "comment_closes": getattr(consultation, "ended_on", None),
        "feedback": getattr(consultation, "concluded_on", None),
        "submit_review": document.review_submitted_on,
        "review": document.review_completed_on,
        "deliberation": document.deliberated_on,
        "register": document.registered_on,
        "publish": document.published_on,
        "end": document.ended_on,
    }


#: The deadlines a document stores, computed again when a holiday notice changes their days (``fazhi.ledgers.clock``).
#: The consultations of normative documents and of major decisions are the consultation app's; their minimum period
#: is declared here, once.
CLOCKS = (
    Clock("normative.Document", "review_due", "fazhi.normative.actions.review_due_of", "normative:detail",
          only={"status": "legality_review"}),
    Clock("normative.Document", "filing_due", "fazhi.normative.actions.filing_due_of", "normative:detail"),
    Clock("consultation.Consultation", "closes_on", "fazhi.consultation.actions.full_period_close",
          "consultation:detail", only={"status__in": ["draft", "open"], "shortened_reason": ""}),
)

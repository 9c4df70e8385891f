"""The dated steps of a file review campaign (行政执法案卷评查) and of its rubric.

The order is the province's rules on enforcement supervision (行政执法监督) and on file review, which 行政处罚法
第75条 leaves to them: a campaign is opened, its sample drawn (and drawn again, with a reason, before the review
starts), the review started, the files scored, the results sent to the departments with the items to rectify,
whose due dates fall after the sending (a planned date), the items completed and the report published after it.
Dates the ledger records are the steps' (never ahead of today) unless planned.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from fazhi.ledgers import After, Procedure, Step

#: The instrument that orders a review's steps: each province's rules on enforcement file review.
REVIEW_RULES = _("the province's rules on enforcement file review")

PROCEDURE = Procedure("filereview", [
    Step("rubric_adopted", _("the adoption of the rubric")),
    Step("open", _("the opening of the campaign")),
    Step("sample", _("the drawing of the sample"), after=[After("open", REVIEW_RULES)]),
    Step("resample", _("the new drawing of the sample"), after=[After("sample", REVIEW_RULES)]),
    Step("review_start", _("the start of the review"),
         after=[After("sample", REVIEW_RULES), After("resample", REVIEW_RULES)]),
    Step("score", _("the scoring of the file"), after=[After("review_start", REVIEW_RULES)]),
    Step("results_sent", _("the sending of the results"),
         after=[After("review_start", REVIEW_RULES), After("score", REVIEW_RULES)]),
    Step("rectification_due", _("the due date of the rectification"), planned=True,
         after=[After("results_sent", REVIEW_RULES, strict=True)]),
    Step("rectification_done", _("the completion of the rectification"), after=[After("results_sent", REVIEW_RULES)]),
    Step("published", _("the publication of the report"), after=[After("results_sent", REVIEW_RULES)]),
])


def dates_of(campaign) -> dict[str, dt.date | None]:
    """The dates a campaign's steps were recorded on."""
    return {
        "open": campaign.opened_on,
        "sample": campaign.sampled_on,
        "review_start": campaign.review_started_on,
        "results_sent": campaign.results_sent_on,
        "published": campaign.published_on,
    }

"""The dated steps of the advisers ledger: an adviser's engagement with its opinions and attendance, and a contract's
legality review.

An adviser is engaged for a term, which may be renewed and ends on its last day or earlier; the opinions it gives and
the meetings it attends fall within the term (the engagement agreement, 法律顾问聘任协议, local practice). A major
decision's legality review hears the advisers' and public-sector lawyers' opinions (重大行政决策程序暂行条例
第25–28条, legal-rules §2.2 item 6). A contract is received for legality review and answered with an opinion within
the province's working days (UNCONFIRMED nationally: the rule ``advisers.contract_review``).

Both kinds of record are declared here, in one procedure (the pages of each read their own steps' dates).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from fazhi.ledgers import After, Procedure, Step
from fazhi.ledgers.clock import Clock

#: The adviser's engagement agreement: the term its opinions and attendance fall in (local practice).
ENGAGEMENT = "法律顾问聘任协议"
#: The province's rules on reviewing an agency's contracts (UNCONFIRMED nationally; legal-rules.md names none).
CONTRACT_RULE = "本省行政机关合同合法性审查规定"
DECISIONS = "重大行政决策程序暂行条例 第25–28条"

PROCEDURE = Procedure("advisers", [
    Step("engage", _("the start of the engagement")),
    Step("renew", _("the renewal of the engagement"), after=[After("engage", ENGAGEMENT)]),
    Step("opinion", _("the latest legal opinion"), after=[After("engage", ENGAGEMENT)]),
    Step("attendance", _("the latest meeting attended"), after=[After("engage", ENGAGEMENT)]),
    Step("end", _("the end of the engagement"),
         after=[After("engage", ENGAGEMENT), After("renew", ENGAGEMENT), After("opinion", ENGAGEMENT),
                After("attendance", ENGAGEMENT)]),
    Step("contract_receive", _("the receipt of the contract for review")),
    Step("contract_opinion", _("the review opinion on the contract"),
         after=[After("contract_receive", CONTRACT_RULE)]),
])


def dates_of(record) -> dict[str, dt.date | None]:
    """The dates of the record's steps: an adviser's (of its opinions and meetings, the latest) or a contract
    review's."""
    from fazhi.advisers.models import Adviser

    if isinstance(record, Adviser):
        opinion = record.opinions.aggregate(last=Max("given_on"))["last"] if record.pk else None
        meeting = record.attendances.aggregate(last=Max("held_on"))["last"] if record.pk else None
        return {"engage": record.engaged_from, "renew": record.renewed_on, "opinion": opinion,
                "attendance": meeting, "end": record.ended_on}
    return {"contract_receive": record.received_on, "contract_opinion": record.opinion_on}


#: The deadline a contract review stores while it runs, computed again when a holiday notice changes its days
#: (``fazhi.ledgers.clock``). An adviser's term ends on the day agreed, which no notice moves.
CLOCKS = (
    Clock("advisers.ContractReview", "review_due", "fazhi.advisers.actions.review_due_of", "advisers:contracts:detail",
          only={"status": "received"}),
)

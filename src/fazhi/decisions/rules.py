"""The statutory procedure of a major administrative decision, as data and small pure functions.

Source: 重大行政决策程序暂行条例 (国务院令第713号, in force 2019-09-01), chapter 3 (决策草案的形成, 合法性审查,
集体讨论决定和决策公布). No Django models here: steps are ``(kind, status, due_on)`` tuples so the rules can be
tested on their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Step kinds in statutory order.
PARTICIPATION = "participation"
HEARING = "hearing"
EXPERT = "expert"
RISK = "risk"
LEGALITY_REVIEW = "legality_review"
FAIR_COMPETITION = "fair_competition"
DISCUSSION = "discussion"
PARTY_REPORT = "party_report"
DECISION = "decision"
PUBLICATION = "publication"
ARCHIVING = "archiving"

STEP_ORDER = (PARTICIPATION, HEARING, EXPERT, RISK, LEGALITY_REVIEW, FAIR_COMPETITION, DISCUSSION, PARTY_REPORT,
              DECISION, PUBLICATION, ARCHIVING)

#: Steps that form the draft (第14–24条): any order among themselves, all before the legality review.
PREPARATORY = (PARTICIPATION, HEARING, EXPERT, RISK)
#: Steps that must be done (or, where allowed, skipped with a reason) before the decision is taken.
REQUIRED_BEFORE_DECISION = (PARTICIPATION, HEARING, EXPERT, RISK, LEGALITY_REVIEW, FAIR_COMPETITION, DISCUSSION,
                            PARTY_REPORT)
#: Steps that must be done (or do not apply) before the collective discussion, besides the legality review.
#: The fair-competition review is part of the materials put to the meeting where the draft concerns market
#: entities' economic activity (legal-rules §2.2 item 7). UNCONFIRMED: which article of 重大行政决策程序暂行条例
#: lists those materials — legal-rules summarises it under Arts. 29–31, the issue cites 第30条; we cite the
#: discussion's range 第29–30条. 公平竞争审查条例 (2024) 第2条 (drafts concerning operators' economic activity
#: are reviewed) and 第14条 (for a county government's measures, its market-regulation department reviews with
#: the drafting unit, in the drafting stage) were read in published reproductions; legal-rules has no entry.
REQUIRED_BEFORE_DISCUSSION = (FAIR_COMPETITION,)
#: Steps whose applying is decided by a flag on the decision, not skipped by hand: the fair-competition review
#: applies exactly when the decision concerns market entities' economic activity (``Decision.concerns_market``).
FLAG_DRIVEN = {
    FAIR_COMPETITION: _("公平竞争审查条例 第2条: it applies exactly when the decision concerns market entities' "
                        "economic activity; change that mark on the decision instead"),
}

#: Steps that can never be skipped, with the article that makes them mandatory.
NEVER_SKIPPED = {
    LEGALITY_REVIEW: _("第25条: a draft that has not passed the legality review may not be discussed"),
    DISCUSSION: _("第30条: the draft is discussed at the executive or plenary meeting"),
    PARTY_REPORT: _("第31条: before a major decision is made it is reported to the Party committee of the same "
                    "level, as the rules require"),
    DECISION: _("the decision itself"),
    ARCHIVING: _("第33条: the records of the procedure are archived"),
}

#: Who records a step: the lead unit, the legality reviewer or the decision-making body.
LEAD, REVIEWER, BODY = "lead", "reviewer", "body"
ACTOR = {
    PARTICIPATION: LEAD, HEARING: LEAD, EXPERT: LEAD, RISK: LEAD, LEGALITY_REVIEW: REVIEWER, FAIR_COMPETITION: LEAD,
    DISCUSSION: BODY, PARTY_REPORT: BODY, DECISION: BODY, PUBLICATION: BODY, ARCHIVING: LEAD,
}

#: The article each step rests on, shown in the timeline.
SOURCE = {
    PARTICIPATION: "第14–15条、第18条",
    HEARING: "第16–17条",
    EXPERT: "第19–21条",
    RISK: "第22–24条",
    LEGALITY_REVIEW: "第25–28条",
    FAIR_COMPETITION: "第29–30条；公平竞争审查条例 第2条、第14条",
    DISCUSSION: "第29–30条",
    PARTY_REPORT: "第31条",
    DECISION: "第30条",
    PUBLICATION: "第32条",
    ARCHIVING: "第33条",
}

DONE, SKIPPED, IN_PROGRESS, PENDING = "done", "skipped", "in_progress", "pending"
RESOLVED = (DONE, SKIPPED)

# Decision statuses (Decision.Status values).
S_DRAFTING, S_READY, S_DECIDED, S_PUBLISHED, S_ARCHIVED, S_SUSPENDED = (
    "drafting", "ready", "decided", "published", "archived", "suspended")
#: The status a decision has while a step is the first one open.
PHASE_OF_STEP = {
    PARTICIPATION: "participation", HEARING: "participation", EXPERT: "expert", RISK: "risk",
    LEGALITY_REVIEW: "legality_review", FAIR_COMPETITION: "discussion", DISCUSSION: "discussion",
    PARTY_REPORT: "party_report",
}
BEFORE_DECISION = (S_DRAFTING, "participation", "expert", "risk", "legality_review", "discussion", "party_report",
                   S_READY)
AFTER_DECISION = (S_DECIDED, S_PUBLISHED, S_ARCHIVED)

# Catalogue item statuses that count as being in the catalogue.
ITEM_IN_CATALOG = ("listed", "started", "completed")

RISK_LEVELS = (("low", _("low")), ("medium", _("medium")), ("high", _("high")))
MEETING_KINDS = (("executive", _("executive meeting (常务会议)")), ("plenary", _("plenary meeting (全体会议)")))
DISCUSSION_RESULTS = (
    ("approved", _("approved")),
    ("approved_with_changes", _("approved with changes")),
    ("deferred", _("deferred")),
    ("rejected", _("not approved")),
)
APPROVING_RESULTS = ("approved", "approved_with_changes")
FAIR_COMPETITION_CONCLUSIONS = (
    ("passes", _("passes: no effect of excluding or restricting competition")),
    ("needs_changes", _("needs changes before it goes to the meeting")),
)
FAIR_COMPETITION_PASSED = "passes"


def phase(steps: Iterable[tuple[str, str]]) -> str:
    """Return the decision status implied by its steps before the decision is taken.

    ``drafting`` while no step has been touched (a step resolved by a flag alone does not count); otherwise the
    phase of the first step (in statutory order) still open; ``ready`` once every step required before the
    decision is resolved.
    """
    by_kind = dict(steps)
    if all(by_kind.get(kind, PENDING) == PENDING for kind in REQUIRED_BEFORE_DECISION if kind not in FLAG_DRIVEN):
        return S_DRAFTING
    for kind in REQUIRED_BEFORE_DECISION:
        if by_kind.get(kind, PENDING) not in RESOLVED:
            return PHASE_OF_STEP[kind]
    return S_READY


def missing_before_decision(steps: Iterable[tuple[str, str]]) -> list[str]:
    """Return the kinds of required steps not yet done (or skipped where allowed), in statutory order."""
    by_kind = dict(steps)
    return [kind for kind in REQUIRED_BEFORE_DECISION if by_kind.get(kind, PENDING) not in RESOLVED]


def missing_before_discussion(steps: Iterable[tuple[str, str]]) -> list[str]:
    """Return the kinds of steps besides the legality review still due before the collective discussion."""
    by_kind = dict(steps)
    return [kind for kind in REQUIRED_BEFORE_DISCUSSION if by_kind.get(kind, PENDING) not in RESOLVED]


def can_skip(kind: str) -> bool:
    """True when a person may skip the step with a reason (never the mandatory ones nor the flag-driven ones)."""
    return kind not in NEVER_SKIPPED and kind not in FLAG_DRIVEN


@dataclass(frozen=True)
class ReviewWindow:
    """The legality reviewer's time (第27条: generally not less than 7 working days)."""

    submitted_on: dt.date
    earliest_discussion: dt.date  # the last day of the reviewer's 7 working days
    opinion_on: dt.date | None = None

    def discussion_allowed_on(self, day: dt.date) -> bool:
        """True when a discussion on ``day`` leaves the reviewer the time the law gives, or the opinion is in."""
        return day >= self.earliest_discussion or (self.opinion_on is not None and day >= self.opinion_on)


def next_deadline(status: str, steps: Iterable[tuple[str, str, dt.date | None]],
                  planned_completion: dt.date | None,
                  evaluations: Iterable[tuple[dt.date, dt.date | None]]) -> dt.date | None:
    """Return the nearest open deadline of a decision.

    Candidates: the due date of a step in progress (the comment period's last day, the legality reviewer's
    time), the catalogue item's planned completion while the decision is not yet taken, and every scheduled
    evaluation not yet done. A suspended decision keeps only its evaluations.
    """
    candidates: list[dt.date] = []
    if status != S_SUSPENDED:
        candidates += [due for _kind, step_status, due in steps if step_status == IN_PROGRESS and due]
        if status in BEFORE_DECISION and planned_completion:
            candidates.append(planned_completion)
    candidates += [scheduled for scheduled, done in evaluations if done is None and scheduled]
    return min(candidates) if candidates else None


def same_body(a: str, b: str) -> bool:
    """True when two names of an evaluating body are the same after trimming spaces and punctuation."""
    def norm(text: str) -> str:
        return "".join(ch for ch in (text or "") if ch.isalnum()).lower()

    return bool(norm(a)) and norm(a) == norm(b)

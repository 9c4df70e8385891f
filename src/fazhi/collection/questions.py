"""Questions a submission's figures raise against the same body's figures of last year.

A figure that moved a lot, or an indicator that got worse, is not left to go silently into the annual report:
the clerk is asked to confirm it (数据无误) or to explain the change, and cannot submit the form before every
question has its answer (``actions.submit_submission``). The office reads questions and answers on the
submission's page when it accepts or returns the figures.

Two kinds of question, by the thresholds below:

- a **swing**: a count or an amount whose figure last year was at least ``SWING_MIN_BASE`` and that moved by
  at least ``SWING_SHARE`` of it, up or down (32 → 60 件);
- a **decline**: a metric that is better higher (``Metric.better``) fell, or one better lower rose: a rate by
  at least ``DECLINE_POINTS`` percentage points, a count or an amount by at least ``DECLINE_SHARE`` of a base
  of at least ``DECLINE_MIN_BASE``.

Last year's figure is the one the office accepted (``rollup.COUNTED``), rates recomputed from their parts
(``rollup.agency_values``). An answer holds for the two figures it was given for: when either changes, the
question is asked again (``Explanation.answers``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from fazhi.collection import rollup
from fazhi.collection.models import Explanation, Submission
from fazhi.metrics.models import Metric, Topic

__all__ = [
    "DECLINE_MIN_BASE", "DECLINE_POINTS", "DECLINE_SHARE", "MAX_EXPLANATION", "SWING_MIN_BASE", "SWING_SHARE",
    "Answer", "Question", "is_decline", "is_swing", "questions_for", "refusal", "unanswered",
]

#: A count or amount is asked about only when last year's figure was at least this: on a small base
#: (3 → 6 件) a large change in per cent is chance, not news.
SWING_MIN_BASE = Decimal(10)
#: …and when it moved by at least this share of last year's figure, either way (0.5: by 50 %).
SWING_SHARE = Decimal("0.5")
#: A rate that is better higher (lower) is asked about when it fell (rose) by at least this many percentage points.
DECLINE_POINTS = Decimal(1)
#: A count or amount that is better higher (lower) is asked about when it fell (rose) by at least this share…
DECLINE_SHARE = Decimal("0.1")
#: …of last year's figure, when that was at least this.
DECLINE_MIN_BASE = Decimal(10)
#: The longest explanation a clerk may write (characters): a short reason, not a report.
MAX_EXPLANATION = 500

TOPIC_ORDER = {value: index for index, value in enumerate(Topic.values)}


def is_swing(metric: Metric, last: Decimal, value: Decimal) -> bool:
    """True when a count or an amount moved by ``SWING_SHARE`` or more of a base of at least ``SWING_MIN_BASE``."""
    if metric.is_rate or last < SWING_MIN_BASE:
        return False
    return abs(value - last) >= SWING_SHARE * last


def is_decline(metric: Metric, last: Decimal, value: Decimal) -> bool:
    """True when a metric with a good direction (``Metric.better``) got worse by the thresholds above."""
    if metric.better == Metric.Better.HIGHER:
        worse = last - value
    elif metric.better == Metric.Better.LOWER:
        worse = value - last
    else:
        return False
    if worse <= 0:
        return False
    if metric.is_rate:
        return worse >= DECLINE_POINTS
    return last >= DECLINE_MIN_BASE and worse >= DECLINE_SHARE * last


def plain(number: Decimal) -> str:
    """Return a figure as written: "60", "92.5" (no trailing zeros)."""
    return f"{Decimal(number).normalize():f}"


@dataclass(frozen=True)
class Question:
    """One figure put to the clerk: last year's and this year's, why it is asked, and the answer that holds."""

    metric: Metric
    last: Decimal
    value: Decimal
    swing: bool
    decline: bool
    answer: Explanation | None = None  # the answer given for exactly these figures, if any
    earlier: Explanation | None = None  # an answer given for other figures: shown, no longer counted

    @property
    def code(self) -> str:
        return self.metric.code

    @property
    def answered(self) -> bool:
        return self.answer is not None

    @property
    def change(self) -> Decimal:
        return self.value - self.last

    @property
    def change_percent(self) -> Decimal | None:
        """The change in per cent of last year's figure (None for a rate, or a base of 0)."""
        if self.metric.is_rate or not self.last:
            return None
        return (self.change * 100 / self.last).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def figure(self, number: Decimal) -> str:
        """A figure with its unit: 32件, 92.5%."""
        return f"{plain(number)}{self.metric.unit}"

    @property
    def change_text(self) -> str:
        """The change as the question states it: +87.5%, −4.5个百分点."""
        sign = "+" if self.change > 0 else ""
        if self.metric.is_rate:
            return _("%(points)s percentage points") % {"points": sign + plain(self.change)}
        if self.change_percent is None:
            return sign + plain(self.change)
        return f"{sign}{plain(self.change_percent)}%"

    @property
    def reason(self) -> str:
        """Why it is asked, in a word: worse than last year, or a large change."""
        return _("Worse than last year") if self.decline else _("Large change")

    @property
    def text(self) -> str:
        """The question: 行政复议申请由上年的32件增至60件（+87.5%），请确认或说明原因."""
        numbers = {"label": self.metric.label, "last": self.figure(self.last), "value": self.figure(self.value),
                   "change": self.change_text}
        if self.change > 0:
            return _("%(label)s rose from %(last)s last year to %(value)s (%(change)s): please confirm the figure "
                     "or explain why.") % numbers
        return _("%(label)s fell from %(last)s last year to %(value)s (%(change)s): please confirm the figure "
                 "or explain why.") % numbers


def questions_for(submission: Submission) -> list[Question]:
    """Return the questions a submission's figures raise against last year's accepted figures, in form order.

    Only figures given both years are compared. Each question carries the answer that still holds, if any.
    """
    last = rollup.agency_values(submission.year - 1, submission.agency)
    if not any(v is not None for v in last.values()):
        return []
    stored = {e.metric_id: e for e in Explanation.objects.filter(submission=submission)}
    found = []
    for value in submission.values.filter(value__isnull=False).select_related("metric"):
        metric, before = value.metric, last.get(value.metric.code)
        if before is None:
            continue
        swing, decline = is_swing(metric, before, value.value), is_decline(metric, before, value.value)
        if not (swing or decline):
            continue
        given = stored.get(metric.pk)
        holds = given is not None and given.answers(value.value, before)
        found.append(Question(metric, before, value.value, swing, decline, answer=given if holds else None,
                              earlier=None if holds else given))
    found.sort(key=lambda q: (TOPIC_ORDER.get(q.metric.topic, 99), q.metric.order, q.metric.code))
    return found


def unanswered(submission: Submission) -> list[Question]:
    """Return the questions of a submission still without an answer for its current figures."""
    return [q for q in questions_for(submission) if not q.answered]


def refusal(open_questions: list[Question]) -> ValidationError:
    """Return the error that refuses a submission with open questions: one message listing them, one per figure."""
    listing = _("%(n)d figures changed a lot or got worse on last year and are neither confirmed nor explained: "
                "%(metrics)s. Confirm each figure (tick “the figure is right”) or explain the change, then "
                "submit.") % {"n": len(open_questions), "metrics": "、".join(q.metric.label for q in open_questions)}
    each = _("Confirm this figure or explain the change before submitting.")
    errors = {NON_FIELD_ERRORS: [ValidationError(listing, code="unanswered")]}
    for question in open_questions:
        errors[question.code] = [ValidationError(each, code="unanswered")]
    return ValidationError(errors)


@dataclass(frozen=True)
class Answer:
    """What a clerk sends for one question: the figure confirmed, a short explanation, or both (none: withdrawn).

    ``asked`` is this year's figure the clerk saw the question about (as text); when given and no longer the
    figure, the answer is not stored: the question about the new figure is asked again.
    """

    confirmed: bool = False
    text: str = ""
    asked: str | Decimal | None = None

    def is_about(self, value: Decimal) -> bool:
        """True unless the figure the clerk saw asked about (``asked``) is not ``value``."""
        if self.asked is None:
            return True
        try:
            return Decimal(str(self.asked).strip()) == value
        except InvalidOperation:
            return False

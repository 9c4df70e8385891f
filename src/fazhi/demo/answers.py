"""The demo bodies' answers to the questions their figures raise against last year's (``collection.questions``).

A body that handed its form in had to confirm or explain every large swing and every indicator that got worse:
the demo gives each such question the answer a clerk would plausibly have written, so that the office reads
answered questions and a returned form can be submitted again as it is.
"""

from __future__ import annotations

from fazhi.collection.models import Explanation, Round, Submission
from fazhi.collection.questions import questions_for

#: What a clerk writes, by what the question is about; each body takes its own variant.
ROSE = ("本年度开展专项行动，相关工作量明显增加，已与业务台账逐项核对。",
        "本年度职能调整后新增承接事项，数量相应增加，数据经核对无误。")
FELL = ("本年度相关事项较上年减少，已与业务台账逐项核对。",
        "上年集中开展专项整治，本年度回归常态，数量相应回落，数据经核对无误。")
WORSE = ("个别事项办理周期较长，该项指标较上年有所变差，已分析原因并列入整改。",
         "受案件类型变化影响，该项指标较上年有所变差，已制定整改措施，明年跟踪落实。")


def _text(question, index: int) -> str:
    variants = WORSE if question.decline else ROSE if question.change > 0 else FELL
    return variants[index % len(variants)]


def answer_handed_in(round_: Round) -> int:
    """Confirm and explain every question of the round's forms that were handed in; return how many answers."""
    answers = []
    handed_in = round_.submissions.exclude(status=Submission.Status.DRAFT).select_related("agency")
    for index, submission in enumerate(handed_in.order_by("agency__code")):
        answers += [Explanation(submission=submission, metric=q.metric, value=q.value, last_value=q.last,
                                confirmed=True, text=_text(q, index), updated_by=submission.submitted_by)
                    for q in questions_for(submission) if not q.answered]
    Explanation.objects.bulk_create(answers)
    return len(answers)

"""The dated steps of the education ledger's records and the order their rules set them in.

One procedure holds the steps of every record the ledger keeps, each step's name prefixed by its record: a
responsibility list is drafted, published, and reviewed at its year's end (谁执法谁普法 意见, 2017); an activity is
planned, then held or cancelled; a legal literate is trained, then certified or taken off the register; a model
village is named and reviewed again; a course is planned and held; an exam is scheduled, held, and its scores
recorded (the last within ``FAZHI_EDUCATION_EXAM_SCORES_WORKING_DAYS`` working days, UNCONFIRMED local practice).

``dates_of`` gives the dates a record's steps were recorded on, whichever record it is.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from fazhi.ledgers import After, Procedure, Step
from fazhi.ledgers.clock import Clock

#: 中办、国办 关于实行国家机关“谁执法谁普法”普法责任制的意见 (2017; the number 中办发〔2017〕31号 is UNCONFIRMED).
RESPONSIBILITY = "“谁执法谁普法”普法责任制意见（2017）"
#: 法治宣传教育法 (in force 2025-11-01; article numbers UNCONFIRMED).
EDUCATION_LAW = "法治宣传教育法（2025）"
#: What the province or county sets (UNCONFIRMED local practice, settings FAZHI_EDUCATION_*).
LOCAL = "本地普法工作规定"

PROCEDURE = Procedure("education", [
    Step("list_drafted", _("the drafting of the responsibility list")),
    Step("list_published", _("the publication of the responsibility list"),
         after=[After("list_drafted", RESPONSIBILITY)]),
    Step("list_reviewed", _("the year-end review of the responsibility list"),
         after=[After("list_published", RESPONSIBILITY)]),
    Step("activity_planned", _("the day the activity was planned for"), planned=True),
    Step("activity_held", _("the activity")),
    Step("activity_cancelled", _("the cancellation of the activity")),
    Step("literate_trained", _("the training of the legal literate")),
    Step("literate_certified", _("the certification of the legal literate"),
         after=[After("literate_trained", LOCAL)]),
    Step("literate_removed", _("the removal from the register"), after=[After("literate_trained", LOCAL)]),
    Step("village_reviewed", _("the review of the model village")),
    Step("course_planned", _("the day the course was planned for"), planned=True),
    Step("course_held", _("the course")),
    Step("exam_scheduled", _("the day the exam was scheduled for"), planned=True),
    Step("exam_held", _("the exam")),
    Step("exam_scored", _("the recording of the exam's scores"), after=[After("exam_held", LOCAL)]),
])


def dates_of(record) -> dict[str, dt.date | None]:
    """The dates the record's steps were recorded on, by step."""
    from fazhi.education import models as m

    if isinstance(record, m.ResponsibilityList):
        return {"list_drafted": record.drafted_on, "list_published": record.published_on,
                "list_reviewed": record.reviewed_on}
    if isinstance(record, m.Activity):
        return {"activity_planned": record.planned_on if record.status == "planned" else None,
                "activity_held": record.held_on, "activity_cancelled": record.cancelled_on}
    if isinstance(record, m.LegalLiterate):
        return {"literate_trained": record.trained_on, "literate_certified": record.certified_on,
                "literate_removed": record.removed_on}
    if isinstance(record, m.DemonstrationVillage):
        return {"village_reviewed": record.reviewed_on}
    if isinstance(record, m.Course):
        return {"course_planned": record.planned_on if record.status == "planned" else None,
                "course_held": record.held_on}
    if isinstance(record, m.Exam):
        return {"exam_scheduled": record.scheduled_on if record.status == "scheduled" else None,
                "exam_held": record.held_on, "exam_scored": record.scored_on}
    return {}


#: The deadlines the ledger stores while they are open, computed again when a holiday notice changes their days.
CLOCKS = (
    Clock("education.ResponsibilityList", "publication_due", "fazhi.education.actions.publication_due_of",
          "education:detail", only={"status": "drafted"}),
    Clock("education.ResponsibilityList", "review_due", "fazhi.education.actions.review_due_of",
          "education:detail", only={"status__in": ["drafted", "published"]}),
    Clock("education.Exam", "scores_due", "fazhi.education.actions.scores_due_of", "education_exams:detail",
          only={"status": "held"}),
)

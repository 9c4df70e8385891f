"""What people do with the education ledger: every step is one of these audited actions, refused when the rules or
the local practice the settings hold forbid it.

An agency's records are kept by its clerks and by the rule-of-law office of its region
(``scope_for(by).can_write_agency``); leaders and supervisors read them. Each action checks the writer, the status,
the dates against each other and today (``PROCEDURE``), and what the rules ask: a list is published with its duties
(谁执法谁普法) and reviewed at its year's end; an activity tagged with a campaign is held within the campaign's days
(``campaigns``); an exam's passes never exceed its takers and its scores are recorded within the local period.

Every action is called as ``action(record, by=user, **form.cleaned_data)`` with its form in ``forms.py``; the
openings as ``open_list(agency=agency, by=user, **form.cleaned_data)`` and so on.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.actions import record_event
from fazhi.core.ledger import IllegalTransition, change_record, create_record, transition
from fazhi.education import campaigns
from fazhi.education.models import (
    Activity,
    Attendance,
    Course,
    DemonstrationVillage,
    Exam,
    LegalLiterate,
    ListItem,
    ResponsibilityList,
    Score,
    list_due_day,
    list_review_day,
    pass_mark,
    scores_working_days,
)
from fazhi.education.procedure import PROCEDURE, RESPONSIBILITY, dates_of
from fazhi.ledgers.checks import choice as _choice
from fazhi.ledgers.checks import require_status, require_writer
from fazhi.ledgers.checks import required as _required
from fazhi.ledgers.checks import text as _text

__all__ = [
    "add_list_item", "cancel_activity", "certify_literate", "import_scores", "open_list", "plan_activity",
    "plan_course", "publish_list", "record_activity_held", "record_attendance", "record_course_held",
    "record_exam_held", "record_scores", "record_village_review", "register_literate", "register_village",
    "remove_literate", "review_list", "schedule_exam",
]


# Who may act, and small checks ------------------------------------------------------------------------------------


def _require_writer(agency, by) -> None:
    require_writer(agency, by, _("Only the clerks of %(agency)s or the rule-of-law office of its region may keep its "
                                 "legal-education records."))


def _require_status(record, allowed, step: str) -> None:
    require_status(record, allowed, PROCEDURE.label(step), type(record).Status, _(
        "%(step)s is recorded while the record is %(allowed)s; it is “%(current)s”."))


def _check(step: str, on: dt.date | None, record, field: str) -> None:
    PROCEDURE.check_date(step, on, dates_of(record), field=field)


def _count(value, field: str, message: str, *, minimum: int = 0) -> int | None:
    """A whole number typed as ``value`` (none when left empty), at least ``minimum``, else refused at ``field``."""
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = minimum - 1
    if number < minimum:
        raise ValidationError({field: message}, code="invalid")
    return number


def _hours(value, field: str) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        hours = Decimal(-1)
    if hours <= 0 or hours > 500:
        raise ValidationError({field: _("Give the hours (学时) as a number above 0, such as 2 or 1.5.")},
                              code="invalid")
    return hours


# The clocks: each computed from the record's own dates (``procedure.CLOCKS`` names them) ----------------------------


def _calendar():
    from fazhi.deadlines.service import work_calendar

    return work_calendar().provisional()


def _day_in(year: int, month_day: tuple[int, int]) -> dt.date:
    month, day = month_day
    try:
        return dt.date(year, month, day)
    except ValueError:  # 02-29 in a common year
        return dt.date(year, month, 28)


def publication_due_of(responsibility_list: ResponsibilityList) -> dt.date | None:
    """The day the year's list is published by: the setting's day of its year (UNCONFIRMED local practice), a day
    off moved to the next working day (as 民事诉讼法 第85条 moves a last day), a make-up working day kept."""
    if not responsibility_list.year:
        return None
    return _calendar().next_working_day(_day_in(responsibility_list.year, list_due_day()), include=True)


def review_due_of(responsibility_list: ResponsibilityList) -> dt.date | None:
    """The day the list's year-end review is recorded by (UNCONFIRMED local practice), moved like the publication's."""
    if not responsibility_list.year:
        return None
    return _calendar().next_working_day(_day_in(responsibility_list.year, list_review_day()), include=True)


def scores_due_of(exam: Exam) -> dt.date | None:
    """The day the exam's scores are recorded by: FAZHI_EDUCATION_EXAM_SCORES_WORKING_DAYS working days after the
    exam (the exam's day not counted; holidays skipped, make-up working days counted; UNCONFIRMED local practice)."""
    if exam.held_on is None:
        return None
    return _calendar().add_working_days(exam.held_on, scores_working_days())


def _with(record, **values):
    future = copy.copy(record)
    for name, value in values.items():
        setattr(future, name, value)
    return future


# Responsibility lists (普法责任清单) --------------------------------------------------------------------------------


@transaction.atomic
def open_list(*, agency, by, year: int | None, title: str, drafted_on: dt.date | None) -> ResponsibilityList:
    """Draft ``agency``'s responsibility list for ``year``: one list a year (谁执法谁普法); it is due for publication by
    the setting's day."""
    _require_writer(agency, by)
    _required(year=(year, _("Give the year the list is for.")), title=(_text(title), _("Give the list's title.")))
    today = timezone.localdate()
    if not 2017 <= int(year) <= today.year + 1:
        raise ValidationError({"year": _(
            "A responsibility list is kept for a year from 2017 (when 谁执法谁普法 began) to next year (%(next)s).")
            % {"next": today.year + 1}}, code="invalid")
    record = ResponsibilityList(agency=agency, year=int(year), title=_text(title), drafted_on=drafted_on)
    _check("list_drafted", drafted_on, record, "drafted_on")
    if drafted_on.year > record.year:
        raise ValidationError({"drafted_on": _("The list for %(year)s is drafted by the end of %(year)s.") % {
            "year": record.year}}, code="late")
    existing = ResponsibilityList.objects.filter(agency=agency, year=record.year, withdrawn_at__isnull=True).first()
    if existing is not None:
        raise ValidationError({"year": _("%(agency)s already has its list for %(year)s: “%(title)s”.") % {
            "agency": agency, "year": record.year, "title": existing.title}}, code="unique")
    record.publication_due = publication_due_of(record)
    record.review_due = review_due_of(record)
    return create_record(record, by=by)


@transaction.atomic
def add_list_item(responsibility_list: ResponsibilityList, *, by, matter: str, audience: str, responsible_unit: str,
                  timing: str = "") -> ListItem:
    """Add a duty to a list not yet reviewed: what is taught, to whom, by which unit (谁执法谁普法)."""
    _require_writer(responsibility_list.agency_id, by)
    _require_status(responsibility_list, (ResponsibilityList.Status.DRAFTED, ResponsibilityList.Status.PUBLISHED),
                    "list_published")
    _required(matter=(_text(matter), _("Say what is taught: the laws the agency enforces, or the theme.")),
              audience=(_text(audience), _("Say to whom it is taught.")),
              responsible_unit=(_text(responsible_unit), _("Name the unit responsible for it.")))
    item = ListItem(responsibility_list=responsibility_list, matter=_text(matter), audience=_text(audience),
                    responsible_unit=_text(responsible_unit), timing=_text(timing))
    item.full_clean()
    item.save()
    record_event(action="change", target=responsibility_list, actor=by, changes={"item": [None, {
        "matter": item.matter, "audience": item.audience, "responsible_unit": item.responsible_unit}]})
    return item


def publish_list(responsibility_list: ResponsibilityList, *, by, published_on: dt.date | None,
                 published_where: str) -> ResponsibilityList:
    """Publish the drafted list, which must name its duties (谁执法谁普法: the list says what each unit teaches)."""
    _require_writer(responsibility_list.agency_id, by)
    _require_status(responsibility_list, (ResponsibilityList.Status.DRAFTED,), "list_published")
    _required(published_where=(_text(published_where), _("Say where the list was published.")))
    if not responsibility_list.items.exists():
        raise IllegalTransition(_("A responsibility list is published with its duties: add what is taught, to whom "
                                  "and by which unit first (%(source)s).") % {"source": RESPONSIBILITY},
                                code="no_items")
    _check("list_published", published_on, responsibility_list, "published_on")
    return transition(responsibility_list, ResponsibilityList.Status.PUBLISHED, by=by,
                      allowed_from=[ResponsibilityList.Status.DRAFTED], published_on=published_on,
                      published_where=_text(published_where))


def review_list(responsibility_list: ResponsibilityList, *, by, reviewed_on: dt.date | None,
                review_summary: str) -> ResponsibilityList:
    """Record the year-end review (年终检查) of a published list: from the last month of its year on."""
    _require_writer(responsibility_list.agency_id, by)
    _require_status(responsibility_list, (ResponsibilityList.Status.PUBLISHED,), "list_reviewed")
    _required(review_summary=(_text(review_summary), _("Say what the review found: duties done and not done.")))
    _check("list_reviewed", reviewed_on, responsibility_list, "reviewed_on")
    opens = dt.date(responsibility_list.year, 12, 1)
    if reviewed_on < opens:
        raise ValidationError({"reviewed_on": _(
            "The list for %(year)s is reviewed at the end of its year, from %(opens)s (%(source)s).") % {
            "year": responsibility_list.year, "opens": opens.isoformat(), "source": RESPONSIBILITY}},
            code="too_early")
    return transition(responsibility_list, ResponsibilityList.Status.REVIEWED, by=by,
                      allowed_from=[ResponsibilityList.Status.PUBLISHED], reviewed_on=reviewed_on,
                      review_summary=_text(review_summary))


# Activities (普法活动) -------------------------------------------------------------------------------------------


def _check_campaign(campaign: str, day: dt.date, field: str) -> None:
    """Refuse a day outside the tagged campaign's days of its year, naming them and their source."""
    if not campaign:
        return
    found = campaigns.campaign_of(campaign)
    if found is None:
        raise ValidationError({"campaign": _("Choose one of the campaigns listed.")}, code="invalid")
    if not found.holds(day):
        first, last = found.window(day.year)
        raise ValidationError({field: _(
            "%(campaign)s runs from %(first)s to %(last)s (%(source)s): an activity on %(date)s is not part of it.")
            % {"campaign": found.name, "first": first.isoformat(), "last": last.isoformat(),
               "source": found.source, "date": day.isoformat()}}, code="campaign")


@transaction.atomic
def plan_activity(*, agency, by, title: str, planned_on: dt.date | None, place: str, audience_kind: str,
                  method: str, campaign: str = "") -> Activity:
    """Plan a legal-education activity: its topic, day, place, audience and form, and the campaign it is part of."""
    _require_writer(agency, by)
    _required(title=(_text(title), _("Give the activity's topic.")), place=(_text(place), _("Give the place.")),
              planned_on=(planned_on, _("Give the day the activity is planned for.")),
              audience_kind=(audience_kind, _("Choose the audience.")), method=(method, _("Choose the form.")))
    _choice(audience_kind, Activity.AudienceKind, "audience_kind", _("Choose the audience."))
    _choice(method, Activity.Method, "method", _("Choose the form."))
    _check_campaign(campaign, planned_on, "planned_on")
    record = Activity(agency=agency, title=_text(title), planned_on=planned_on, place=_text(place),
                      audience_kind=audience_kind, method=method, campaign=campaign or "")
    return create_record(record, by=by)


def record_activity_held(activity: Activity, *, by, held_on: dt.date | None, audience_size: int | None = None,
                         materials: int | None = None, online_reach: int | None = None,
                         summary: str = "") -> Activity:
    """Record that the activity took place: its day, audience, the materials handed out and its online reach. An
    online activity states its reach; any other, its audience."""
    _require_writer(activity.agency_id, by)
    _require_status(activity, (Activity.Status.PLANNED,), "activity_held")
    _check("activity_held", held_on, activity, "held_on")
    _check_campaign(activity.campaign, held_on, "held_on")
    size = _count(audience_size, "audience_size", _("Give the audience as a number of people."))
    copies = _count(materials, "materials", _("Give the materials handed out as a number of copies."))
    reach = _count(online_reach, "online_reach", _("Give the online reach as a number of views."))
    if activity.method == Activity.Method.ONLINE and not reach:
        raise ValidationError({"online_reach": _("An online activity states its reach (views).")}, code="required")
    if activity.method != Activity.Method.ONLINE and not size:
        raise ValidationError({"audience_size": _("Give how many people the activity reached.")}, code="required")
    return transition(activity, Activity.Status.HELD, by=by, allowed_from=[Activity.Status.PLANNED],
                      held_on=held_on, audience_size=size, materials=copies, online_reach=reach,
                      summary=_text(summary))


def cancel_activity(activity: Activity, *, by, cancelled_on: dt.date | None, cancel_reason: str) -> Activity:
    """Cancel a planned activity, with the reason."""
    _require_writer(activity.agency_id, by)
    _require_status(activity, (Activity.Status.PLANNED,), "activity_cancelled")
    _required(cancel_reason=(_text(cancel_reason), _("Say why the activity was cancelled.")))
    _check("activity_cancelled", cancelled_on, activity, "cancelled_on")
    return transition(activity, Activity.Status.CANCELLED, by=by, allowed_from=[Activity.Status.PLANNED],
                      cancelled_on=cancelled_on, cancel_reason=_text(cancel_reason), reason=_text(cancel_reason))


# Village legal literates (法律明白人) ------------------------------------------------------------------------------


@transaction.atomic
def register_literate(*, agency, by, name: str, village: str, trained_on: dt.date | None,
                      occupation: str = "") -> LegalLiterate:
    """Put a trained village legal literate on the register."""
    _require_writer(agency, by)
    _required(name=(_text(name), _("Give the person's name.")),
              village=(_text(village), _("Give the village or community.")))
    record = LegalLiterate(agency=agency, name=_text(name), village=_text(village), occupation=_text(occupation),
                           trained_on=trained_on)
    _check("literate_trained", trained_on, record, "trained_on")
    if LegalLiterate.objects.filter(agency=agency, name=record.name, village=record.village,
                                    withdrawn_at__isnull=True).exclude(status=LegalLiterate.Status.REMOVED).exists():
        raise ValidationError({"name": _("%(name)s of %(village)s is already on the register.") % {
            "name": record.name, "village": record.village}}, code="unique")
    return create_record(record, by=by)


def certify_literate(literate: LegalLiterate, *, by, certificate: str, certified_on: dt.date | None
                     ) -> LegalLiterate:
    """Record the legal literate's certificate, issued after the training."""
    _require_writer(literate.agency_id, by)
    _require_status(literate, (LegalLiterate.Status.REGISTERED,), "literate_certified")
    _required(certificate=(_text(certificate), _("Give the certificate's number.")))
    _check("literate_certified", certified_on, literate, "certified_on")
    return transition(literate, LegalLiterate.Status.CERTIFIED, by=by, allowed_from=[LegalLiterate.Status.REGISTERED],
                      certificate=_text(certificate), certified_on=certified_on)


def remove_literate(literate: LegalLiterate, *, by, removed_on: dt.date | None, removal_reason: str) -> LegalLiterate:
    """Take a legal literate off the register (moved away, no longer fit), with the reason."""
    _require_writer(literate.agency_id, by)
    _require_status(literate, (LegalLiterate.Status.REGISTERED, LegalLiterate.Status.CERTIFIED), "literate_removed")
    _required(removal_reason=(_text(removal_reason), _("Say why the person leaves the register.")))
    _check("literate_removed", removed_on, literate, "removed_on")
    return transition(literate, LegalLiterate.Status.REMOVED, by=by,
                      allowed_from=[LegalLiterate.Status.REGISTERED, LegalLiterate.Status.CERTIFIED],
                      removed_on=removed_on, removal_reason=_text(removal_reason), reason=_text(removal_reason))


# Model villages (民主法治示范村（社区）) ---------------------------------------------------------------------------


@transaction.atomic
def register_village(*, agency, by, name: str, level: str, named_year: int | None,
                     named_by: str = "") -> DemonstrationVillage:
    """Put a village or community named a democracy and rule-of-law model on the register."""
    _require_writer(agency, by)
    _required(name=(_text(name), _("Give the village or community.")), level=(level, _("Choose the level.")),
              named_year=(named_year, _("Give the year it was named.")))
    _choice(level, DemonstrationVillage.Level, "level", _("Choose the level."))
    if not 2003 <= int(named_year) <= timezone.localdate().year:
        raise ValidationError({"named_year": _("Give a year from 2003, when the national title began, to this "
                                               "year.")}, code="invalid")
    if DemonstrationVillage.objects.filter(agency=agency, name=_text(name), level=level,
                                           withdrawn_at__isnull=True).exists():
        raise ValidationError({"name": _("%(name)s is already on the register at this level.") % {
            "name": _text(name)}}, code="unique")
    return create_record(DemonstrationVillage(agency=agency, name=_text(name), level=level,
                                              named_year=int(named_year), named_by=_text(named_by)), by=by)


def record_village_review(village: DemonstrationVillage, *, by, reviewed_on: dt.date | None, confirmed: bool,
                          review_note: str) -> DemonstrationVillage:
    """Record the review (复核) of a model village: the title confirmed, or revoked."""
    _require_writer(village.agency_id, by)
    _require_status(village, (DemonstrationVillage.Status.NAMED, DemonstrationVillage.Status.CONFIRMED),
                    "village_reviewed")
    _required(review_note=(_text(review_note), _("Say what the review found.")))
    _check("village_reviewed", reviewed_on, village, "reviewed_on")
    if reviewed_on.year < village.named_year:
        raise ValidationError({"reviewed_on": _("The village was named in %(year)s: it is reviewed after that.") % {
            "year": village.named_year}}, code="date_order")
    status = DemonstrationVillage.Status.CONFIRMED if confirmed else DemonstrationVillage.Status.REVOKED
    return transition(village, status, by=by,
                      allowed_from=[DemonstrationVillage.Status.NAMED, DemonstrationVillage.Status.CONFIRMED],
                      reviewed_on=reviewed_on, review_note=_text(review_note))


# Officials' courses (学法培训) and exams (学法考试) -----------------------------------------------------------------


@transaction.atomic
def plan_course(*, agency, by, title: str, kind: str, planned_on: dt.date | None, teacher: str = "") -> Course:
    """Plan a course or lecture in law for the agency's officials (法治宣传教育法: the education of state
    functionaries)."""
    _require_writer(agency, by)
    _required(title=(_text(title), _("Give the course's title.")), kind=(kind, _("Choose the kind of course.")),
              planned_on=(planned_on, _("Give the day the course is planned for.")))
    _choice(kind, Course.Kind, "kind", _("Choose the kind of course."))
    return create_record(Course(agency=agency, title=_text(title), kind=kind, planned_on=planned_on,
                                teacher=_text(teacher)), by=by)


def record_course_held(course: Course, *, by, held_on: dt.date | None, hours, attendees: int | None) -> Course:
    """Record that the course took place, its hours (学时) and how many attended."""
    _require_writer(course.agency_id, by)
    _require_status(course, (Course.Status.PLANNED,), "course_held")
    _check("course_held", held_on, course, "held_on")
    _required(hours=(hours, _("Give the hours (学时) as a number above 0, such as 2 or 1.5.")),
              attendees=(attendees, _("Give how many officials attended.")))
    count = _count(attendees, "attendees", _("Give how many officials attended."), minimum=1)
    recorded = course.attendance.count()
    if count < recorded:
        raise ValidationError({"attendees": _("%(count)d officials are on the attendance list: the course had at "
                                              "least as many.") % {"count": recorded}}, code="too_few")
    return transition(course, Course.Status.HELD, by=by, allowed_from=[Course.Status.PLANNED], held_on=held_on,
                      hours=_hours(hours, "hours"), attendees=count)


@transaction.atomic
def record_attendance(course: Course, *, by, person: str, unit: str = "", attended_hours=None) -> Attendance:
    """Put an official on the course's attendance list (考勤), with the hours attended (the course's by default)."""
    _require_writer(course.agency_id, by)
    _require_status(course, (Course.Status.HELD,), "course_held")
    _required(person=(_text(person), _("Give the official's name.")))
    hours = _hours(attended_hours if attended_hours not in (None, "") else course.hours, "attended_hours")
    if course.hours is not None and hours > course.hours:
        raise ValidationError({"attended_hours": _("The course lasted %(hours)s hours.") % {"hours": course.hours}},
                              code="too_many")
    if course.attendance.filter(person=_text(person), unit=_text(unit)).exists():
        raise ValidationError({"person": _("%(person)s is already on the attendance list.") % {
            "person": _text(person)}}, code="unique")
    row = Attendance(course=course, person=_text(person), unit=_text(unit), hours=hours)
    row.full_clean()
    row.save()
    if course.attendees is not None and course.attendance.count() > course.attendees:
        change_record(course, by=by, attendees=course.attendance.count())
    record_event(action="change", target=course, actor=by, changes={"attendance": [None, {
        "person": row.person, "hours": str(row.hours)}]})
    return row


@transaction.atomic
def schedule_exam(*, agency, by, title: str, scheduled_on: dt.date | None) -> Exam:
    """Schedule a law exam for the agency's officials (学法考试)."""
    _require_writer(agency, by)
    _required(title=(_text(title), _("Give the exam's title.")),
              scheduled_on=(scheduled_on, _("Give the day the exam is scheduled for.")))
    return create_record(Exam(agency=agency, title=_text(title), scheduled_on=scheduled_on), by=by)


def record_exam_held(exam: Exam, *, by, held_on: dt.date | None, takers: int | None) -> Exam:
    """Record that the exam was held and how many sat it; its scores are due within the local period."""
    _require_writer(exam.agency_id, by)
    _require_status(exam, (Exam.Status.SCHEDULED,), "exam_held")
    _check("exam_held", held_on, exam, "held_on")
    _required(takers=(takers, _("Give how many officials sat the exam.")))
    count = _count(takers, "takers", _("Give how many officials sat the exam."), minimum=1)
    return transition(exam, Exam.Status.HELD, by=by, allowed_from=[Exam.Status.SCHEDULED], held_on=held_on,
                      takers=count, scores_due=scores_due_of(_with(exam, held_on=held_on)))


def record_scores(exam: Exam, *, by, scored_on: dt.date | None, passed: int | None, average_score) -> Exam:
    """Record the exam's results: how many passed (never more than sat it) and the average score out of 100."""
    _require_writer(exam.agency_id, by)
    _require_status(exam, (Exam.Status.HELD,), "exam_scored")
    _required(passed=(passed, _("Give how many passed.")), average_score=(average_score, _("Give the average score.")))
    _check("exam_scored", scored_on, exam, "scored_on")
    count = _count(passed, "passed", _("Give how many passed."))
    if count > (exam.takers or 0):
        raise ValidationError({"passed": _("%(passed)d passed, but %(takers)d sat the exam.") % {
            "passed": count, "takers": exam.takers or 0}}, code="too_many")
    average = _score(average_score, "average_score")
    return transition(exam, Exam.Status.SCORED, by=by, allowed_from=[Exam.Status.HELD], scored_on=scored_on,
                      passed=count, average_score=average)


def _score(value, field: str) -> Decimal:
    try:
        score = Decimal(str(value).strip()).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        score = Decimal(-1)
    if not Decimal(0) <= score <= Decimal(100):
        raise ValidationError({field: _("Give a score from 0 to 100.")}, code="invalid")
    return score


@transaction.atomic
def import_scores(exam: Exam, *, by, scored_on: dt.date | None, file) -> Exam:
    """Record each official's score from a workbook (name, unit, score; a pass mark column optional) and the exam's
    results from them: takers, passes at FAZHI_EDUCATION_EXAM_PASS_MARK, the average. All rows or none."""
    from fazhi.education.scores import read_scores

    _require_writer(exam.agency_id, by)
    _require_status(exam, (Exam.Status.HELD,), "exam_scored")
    _check("exam_scored", scored_on, exam, "scored_on")
    if file is None:
        raise ValidationError({"file": _("Choose the workbook of scores to upload.")}, code="required")
    rows = read_scores(file.read(), pass_mark())
    Score.objects.bulk_create([Score(exam=exam, person=row.person, unit=row.unit, score=row.score, passed=row.passed)
                               for row in rows])
    takers = len(rows)
    passed = sum(1 for row in rows if row.passed)
    average = (sum(row.score for row in rows) / takers).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    record_event(action="change", target=exam, actor=by, changes={"scores": [None, {"rows": takers}]})
    return transition(exam, Exam.Status.SCORED, by=by, allowed_from=[Exam.Status.HELD], scored_on=scored_on,
                      takers=takers, passed=passed, average_score=average)


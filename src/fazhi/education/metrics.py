"""What the education ledger contributes to the metric catalog (``computed_by`` keys education.*).

Each figure counts for the owning agency in the year its event took place; withdrawn (voided) records never count,
and each computation is one grouped query. Formulae (UNCONFIRMED: no official definition was seen, legal-rules §13
item 6):

- 普法宣传活动 (``education.activities``) = activities held in the year; ``education.audience`` their audience
  (people), ``education.materials`` the copies handed out, ``education.online_reach`` their online views;
  ``education.lectures`` the lectures (法治讲座) among them, ``education.school_events`` those for pupils and
  students (法治进校园), ``education.campaign.<key>`` those of a campaign (宪法宣传周…);
- 培养“法律明白人” (``education.literates_trained``) = legal literates trained in the year and on the register;
- 民主法治示范村（社区） (``education.model_villages``) = model villages named by the year's end and not revoked;
- 法治培训班 (``education.courses``) = courses for officials held in the year; ``education.trainees`` their
  attendees (人次), ``education.training_hours`` their hours;
- 参加学法考试 (``education.exam_takers``) = officials who sat the year's exams; ``education.exam_passed`` those
  who passed.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import NoReverseMatch, reverse

from fazhi.education import campaigns
from fazhi.education.models import Activity, Course, DemonstrationVillage, Exam, LegalLiterate
from fazhi.metrics import registry


def _grouped(qs, total: str = "") -> dict[int, Decimal]:
    value = Sum(total) if total else Count("pk")
    return {row["agency_id"]: Decimal(row["n"] or 0) for row in qs.values("agency_id").annotate(n=value).order_by()}


def _held(agency_ids, year):
    return Activity.objects.filter(agency_id__in=agency_ids, withdrawn_at__isnull=True, status=Activity.Status.HELD,
                                   held_on__year=year)


def activities(agency_ids, year):
    """Legal-education activities held in ``year`` (普法宣传活动)."""
    return _grouped(_held(agency_ids, year))


def audience(agency_ids, year):
    """The people the activities held in ``year`` reached (普法受众, 人次)."""
    return _grouped(_held(agency_ids, year), "audience_size")


def materials(agency_ids, year):
    """The copies of materials handed out at the activities held in ``year``."""
    return _grouped(_held(agency_ids, year), "materials")


def online_reach(agency_ids, year):
    """The online views of the activities held in ``year``."""
    return _grouped(_held(agency_ids, year), "online_reach")


def lectures(agency_ids, year):
    """Lectures on law (法治讲座) among the activities held in ``year``."""
    return _grouped(_held(agency_ids, year).filter(method=Activity.Method.LECTURE))


def school_events(agency_ids, year):
    """Activities held in ``year`` for pupils and students (法治进校园)."""
    return _grouped(_held(agency_ids, year).filter(audience_kind=Activity.AudienceKind.STUDENTS))


def literates_trained(agency_ids, year):
    """Legal literates trained in ``year`` and on the register (培养“法律明白人”)."""
    return _grouped(LegalLiterate.objects.filter(agency_id__in=agency_ids, withdrawn_at__isnull=True,
                                                 trained_on__year=year)
                    .exclude(status=LegalLiterate.Status.REMOVED))


def model_villages(agency_ids, year):
    """Model villages and communities named by the end of ``year`` whose title was not revoked (by then)."""
    return _grouped(DemonstrationVillage.objects.filter(agency_id__in=agency_ids, withdrawn_at__isnull=True,
                                                        named_year__lte=year)
                    .exclude(Q(status=DemonstrationVillage.Status.REVOKED) & Q(reviewed_on__year__lte=year)))


def _courses(agency_ids, year):
    return Course.objects.filter(agency_id__in=agency_ids, withdrawn_at__isnull=True, status=Course.Status.HELD,
                                 held_on__year=year)


def courses(agency_ids, year):
    """Courses in law for officials held in ``year`` (法治培训班)."""
    return _grouped(_courses(agency_ids, year))


def trainees(agency_ids, year):
    """The attendees of the courses held in ``year`` (参加法治培训, 人次)."""
    return _grouped(_courses(agency_ids, year), "attendees")


def training_hours(agency_ids, year):
    """The hours (学时) of the courses held in ``year``."""
    return _grouped(_courses(agency_ids, year), "hours")


def _exams(agency_ids, year):
    return Exam.objects.filter(agency_id__in=agency_ids, withdrawn_at__isnull=True, held_on__year=year,
                               status__in=(Exam.Status.HELD, Exam.Status.SCORED))


def exam_takers(agency_ids, year):
    """Officials who sat the law exams held in ``year`` (参加学法考试)."""
    return _grouped(_exams(agency_ids, year), "takers")


def exam_passed(agency_ids, year):
    """Officials who passed the law exams held in ``year``."""
    return _grouped(_exams(agency_ids, year).filter(status=Exam.Status.SCORED), "passed")


def _campaign(key: str):
    def count(agency_ids, year):
        return _grouped(_held(agency_ids, year).filter(campaign=key))

    count.__doc__ = f"Activities of the campaign {key} held in the year."
    return count


_URLS = {"activities": "education_activities:list", "literates_trained": "education_literates:list",
         "model_villages": "education_villages:list", "courses": "education_courses:list",
         "exam_takers": "education_exams:list"}

COMPUTATIONS = {
    "education.activities": activities, "education.audience": audience, "education.materials": materials,
    "education.online_reach": online_reach, "education.lectures": lectures, "education.school_events": school_events,
    "education.literates_trained": literates_trained, "education.model_villages": model_villages,
    "education.courses": courses, "education.trainees": trainees, "education.training_hours": training_hours,
    "education.exam_takers": exam_takers, "education.exam_passed": exam_passed,
    **{f"education.campaign.{c.key}": _campaign(c.key) for c in campaigns.CAMPAIGNS},
}
#: The catalog metric each computation fills (its ``computed_by``). Not mapped: ``pufa_media_posts`` counts posts,
#: which the ledger does not keep; ``education_study_sessions`` and ``education_leader_lectures`` are the leaders'
#: study sessions (the leadership ledger's); the villages' advisers, lawyers and culture sites are other registers.
METRICS = {
    "pufa_activities": "education.activities",
    "pufa_audience": "education.audience",
    "pufa_materials": "education.materials",
    "pufa_lectures": "education.lectures",
    "pufa_school_events": "education.school_events",
    "education_legal_literates": "education.literates_trained",
    "education_demonstration_villages": "education.model_villages",
    "education_trainings": "education.courses",
    "education_trainees": "education.trainees",
    "education_exam_takers": "education.exam_takers",
}


def _records_url(name: str):
    def url(agency, year) -> str:
        try:
            return f"{reverse(name)}?agency={agency.code}&year={year}"
        except NoReverseMatch:
            return ""

    return url


def register_all() -> None:
    for key, func in COMPUTATIONS.items():
        short = key.split(".")[1]
        name = _URLS.get(short, "education_activities:list" if short in (
            "audience", "materials", "online_reach", "lectures", "school_events", "campaign") else
            "education_courses:list" if short in ("trainees", "training_hours") else "education_exams:list")
        registry.register(key, func, records_url=_records_url(name))

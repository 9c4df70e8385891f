"""The education ledger's pages, API and Excel import, declared on the ledger framework (``fazhi.ledgers.pages``).

The ledger keeps six kinds of record, each with its own list, record page, import and API: the responsibility lists
(``PAGES``, the ledger's entry in the catalog) and, in ``MORE_PAGES``, the activities, the legal literates, the model
villages, the officials' courses and their exams. Each list links the others (``related``).
"""

from django.utils.translation import gettext_lazy as _

from fazhi.ledgers.pages import Action, Child, Column, Pages, Report

F = "fazhi.education.forms"
A = "fazhi.education.actions"

RELATED = (
    (_("Responsibility lists"), "education:list"),
    (_("Activities"), "education_activities:list"),
    (_("Legal literates"), "education_literates:list"),
    (_("Model villages"), "education_villages:list"),
    (_("Courses for officials"), "education_courses:list"),
    (_("Law exams for officials"), "education_exams:list"),
)


def _action(name: str, label, form: str, statuses=(), **kwargs) -> Action:
    return Action(name, label, f"{F}.{form}", f"{A}.{name}", statuses=statuses, **kwargs)


def _related(own: str) -> tuple:
    return tuple((label, url) for label, url in RELATED if url != own)


PAGES = Pages(
    key="education", model="education.ResponsibilityList", title_field="title",
    label=_("Legal-education responsibility lists"),
    columns=(Column("year"), Column("title", link=True), Column("agency", kind="agency"), Column("published_on"),
             Column("status"), Column("next_deadline", kind="deadline")),
    facts=("year", "title", "drafted_on", "published_on", "published_where", "reviewed_on", "review_summary"),
    search=("title",), year_field="drafted_on", closed_statuses=("reviewed",),
    create=_action("open_list", _("Draft the year's list"), "ListForm"),
    actions=(
        _action("add_list_item", _("Add a duty"), "ListItemForm", ("drafted", "published")),
        _action("publish_list", _("Record the publication"), "PublishListForm", ("drafted",)),
        _action("review_list", _("Record the year-end review"), "ReviewListForm", ("published",)),
    ),
    imported=("add_list_item", "publish_list", "review_list"),
    children=(Child("items", ("matter", "audience", "responsible_unit", "timing")),),
    related=_related("education:list"),
)

ACTIVITIES = Pages(
    key="education_activities", model="education.Activity", title_field="title",
    label=_("Legal-education activities"),
    columns=(Column("title", link=True), Column("agency", kind="agency"), Column("planned_on"),
             Column("held_on"), Column("audience_kind"), Column("campaign"), Column("audience_size"),
             Column("status")),
    facts=("title", "planned_on", "place", "audience_kind", "method", "campaign", "held_on", "audience_size",
           "materials", "online_reach", "summary", "cancelled_on", "cancel_reason"),
    search=("title", "place"), year_field="planned_on", closed_statuses=("held", "cancelled"),
    create=_action("plan_activity", _("Plan an activity"), "ActivityForm"),
    actions=(
        _action("record_activity_held", _("Record it held"), "ActivityHeldForm", ("planned",)),
        _action("cancel_activity", _("Cancel it"), "CancelActivityForm", ("planned",)),
    ),
    imported=("record_activity_held",),
    related=_related("education_activities:list"),
)

LITERATES = Pages(
    key="education_literates", model="education.LegalLiterate", title_field="name",
    label=_("Village legal literates (法律明白人)"),
    columns=(Column("name", link=True), Column("village"), Column("agency", kind="agency"), Column("trained_on"),
             Column("certificate"), Column("status")),
    facts=("name", "village", "occupation", "trained_on", "certificate", "certified_on", "removed_on",
           "removal_reason"),
    search=("name", "village"), year_field="trained_on", closed_statuses=("certified", "removed"),
    literal=("certificate",),
    create=_action("register_literate", _("Register a legal literate"), "LiterateForm"),
    actions=(
        _action("certify_literate", _("Record the certificate"), "CertifyLiterateForm", ("registered",)),
        _action("remove_literate", _("Take off the register"), "RemoveLiterateForm", ("registered", "certified")),
    ),
    imported=("certify_literate",),
    related=_related("education_literates:list"),
)

VILLAGES = Pages(
    key="education_villages", model="education.DemonstrationVillage", title_field="name",
    label=_("Democracy and rule-of-law model villages (民主法治示范村（社区）)"),
    columns=(Column("name", link=True), Column("agency", kind="agency"), Column("level"), Column("named_year"),
             Column("reviewed_on"), Column("status")),
    facts=("name", "level", "named_year", "named_by", "reviewed_on", "review_note"),
    search=("name",), closed_statuses=("named", "confirmed", "revoked"),
    create=_action("register_village", _("Register a model village"), "VillageForm"),
    actions=(
        _action("record_village_review", _("Record the review (复核)"), "VillageReviewForm", ("named", "confirmed")),
    ),
    imported=("record_village_review",),
    related=_related("education_villages:list"),
)

COURSES = Pages(
    key="education_courses", model="education.Course", title_field="title",
    label=_("Courses in law for officials"),
    columns=(Column("title", link=True), Column("agency", kind="agency"), Column("kind"), Column("planned_on"),
             Column("held_on"), Column("hours"), Column("attendees"), Column("status")),
    facts=("title", "kind", "teacher", "planned_on", "held_on", "hours", "attendees"),
    search=("title",), year_field="planned_on", closed_statuses=("held",),
    create=_action("plan_course", _("Plan a course"), "CourseForm"),
    actions=(
        _action("record_course_held", _("Record it held"), "CourseHeldForm", ("planned",)),
        _action("record_attendance", _("Add to the attendance"), "AttendanceForm", ("held",)),
    ),
    imported=("record_course_held",),
    children=(Child("attendance", ("person", "unit", "hours")),),
    related=_related("education_courses:list"),
)

EXAMS = Pages(
    key="education_exams", model="education.Exam", title_field="title",
    label=_("Law exams for officials (学法考试)"),
    columns=(Column("title", link=True), Column("agency", kind="agency"), Column("scheduled_on"),
             Column("held_on"), Column("takers"), Column("passed"), Column("average_score"), Column("status"),
             Column("next_deadline", kind="deadline")),
    facts=("title", "scheduled_on", "held_on", "takers", "scored_on", "passed", "average_score"),
    search=("title",), year_field="scheduled_on", closed_statuses=("scored",),
    create=_action("schedule_exam", _("Schedule an exam"), "ExamForm"),
    actions=(
        _action("record_exam_held", _("Record it held"), "ExamHeldForm", ("scheduled",)),
        _action("import_scores", _("Import the scores from Excel"), "ImportScoresForm", ("held",), multipart=True),
        _action("record_scores", _("Record the results"), "ScoresForm", ("held",)),
    ),
    imported=("record_exam_held", "record_scores"),
    children=(Child("scores", ("person", "unit", "score", "passed")),),
    reports=(Report("study_record", _("Officials' study of law, for the annual report"),
                    "fazhi.education.views.view"),),
    related=_related("education_exams:list"),
)

#: The ledger's other pages, declared beside ``PAGES`` (``fazhi.ledgers.pages.declared``).
MORE_PAGES = (ACTIVITIES, LITERATES, VILLAGES, COURSES, EXAMS)
ALL = (PAGES, *MORE_PAGES)

#: Where each of the pages is mounted under the ledger's prefix ("education/").
PREFIXES = {"education": "", "education_activities": "activities/", "education_literates": "literates/",
            "education_villages": "villages/", "education_courses": "courses/", "education_exams": "exams/"}

"""The leadership ledger's pages, API and Excel import, declared on the ledger framework (``fazhi.ledgers.pages``):
five lists of one ledger, each with its record's actions (``forms.FORMS``) and the statuses the page offers them in.

The ledger's ``PAGES`` is the list the navigation links (the meetings), ``MORE_PAGES`` its four other lists;
``ALL_PAGES`` are the five, mounted under ``/leadership/<list>/`` each in a URL namespace of its own (its ``key``)
and in the API under ``/<key>/records``.
"""

from django.utils.translation import gettext_lazy as _

from fazhi.leadership.forms import FORMS
from fazhi.ledgers.pages import Action, Column, Pages


def _action(run: str, label, statuses=()) -> Action:
    return Action(run, label, f"fazhi.leadership.forms.{FORMS[run].__name__}", f"fazhi.leadership.actions.{run}",
                  statuses=statuses)


#: The five lists, each linking the others.
LISTS = (
    (_("Meetings"), "leadership_meetings:list"),
    (_("Study sessions"), "leadership_study:list"),
    (_("Duty lists"), "leadership_duties:list"),
    (_("述法"), "leadership_shufa:list"),
    (_("Instructions (批示)"), "leadership_instructions:list"),
)

MEETINGS = Pages(
    key="leadership_meetings", model="leadership.Meeting", title_field="title",
    label=_("Leaders' meetings on the rule of law"),
    columns=(Column("held_on"), Column("title", link=True), Column("kind"), Column("topic"),
             Column("agency", kind="agency"), Column("on_law"), Column("status")),
    facts=("title", "kind", "held_on", "topic", "on_law", "decisions", "chaired_by", "minutes_number"),
    search=("title", "topic"), year_field="held_on",
    related=LISTS,
    create=_action("record_meeting", _("Record a meeting")),
)

STUDY = Pages(
    key="leadership_study", model="leadership.StudySession", title_field="title",
    label=_("Leaders' study of law"),
    columns=(Column("held_on"), Column("title", link=True), Column("kind"), Column("speaker"), Column("attendees"),
             Column("agency", kind="agency"), Column("status")),
    facts=("title", "kind", "held_on", "speaker", "attendees", "meeting"),
    search=("title", "speaker"), year_field="held_on",
    related=LISTS,
    create=_action("record_study", _("Record a study session")),
)

DUTIES = Pages(
    key="leadership_duties", model="leadership.DutyList", title_field="title",
    label=_("Principal leaders' duty lists"),
    columns=(Column("title", link=True), Column("post"), Column("leader"), Column("version"), Column("adopted_on"),
             Column("agency", kind="agency"), Column("status"), Column("next_deadline", kind="deadline")),
    facts=("title", "post", "leader", "version", "adopted_on", "items", "superseded_on", "superseded_by",
           "shufa_due"),
    search=("title", "post", "leader"), year_field="adopted_on",
    closed_statuses=("superseded",),
    related=LISTS,
    create=_action("adopt_duty_list", _("Record a duty list")),
    actions=(_action("revise_duty_list", _("Adopt a new version"), ("current",)),),
)

SHUFA = Pages(
    key="leadership_shufa", model="leadership.LawReport", title_field="title",
    label=_("述法 at the year-end report"),
    columns=(Column("year"), Column("title", link=True), Column("post"), Column("leader"), Column("reported_on"),
             Column("grade"), Column("agency", kind="agency"), Column("status")),
    facts=("title", "post", "leader", "year", "reported_on", "due_on", "form", "summary", "study_and_use",
           "evaluated_on", "evaluated_by", "grade", "evaluation"),
    search=("title", "leader"), year_field="reported_on",
    closed_statuses=("evaluated",),
    related=LISTS,
    create=_action("record_shufa", _("Record a 述法")),
    actions=(_action("evaluate_shufa", _("Record the evaluation (述法评议)"), ("reported",)),),
    imported=("evaluate_shufa",),
)

INSTRUCTIONS = Pages(
    key="leadership_instructions", model="leadership.Instruction", title_field="title",
    label=_("Leaders' instructions (批示)"),
    columns=(Column("issued_on"), Column("title", link=True), Column("leader"), Column("agency", kind="agency"),
             Column("status"), Column("reported_on"), Column("next_deadline", kind="deadline")),
    facts=("title", "leader", "post", "issued_on", "text", "due_given", "follow_up_due", "reported_on", "report"),
    search=("title", "leader"), year_field="issued_on",
    closed_statuses=("reported",),
    related=LISTS,
    create=_action("record_instruction", _("Record an instruction")),
    actions=(_action("report_follow_up", _("Report the follow-up"), ("open",)),),
    imported=("report_follow_up",),
)

#: The navigation links the meetings, whose page links the other lists.
PAGES = MEETINGS
#: The ledger's other kinds of record (the framework declares them with ``PAGES``).
MORE_PAGES = (STUDY, DUTIES, SHUFA, INSTRUCTIONS)
ALL_PAGES = (PAGES, *MORE_PAGES)
#: The path of each list under /leadership/.
PATHS = {MEETINGS.key: "meetings/", STUDY.key: "study/", DUTIES.key: "duties/", SHUFA.key: "shufa/",
         INSTRUCTIONS.key: "instructions/"}

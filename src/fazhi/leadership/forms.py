"""Forms of the leadership ledger: one per action, its cleaned data exactly the action's keyword arguments.

The generic pages and API call ``action(record, by=user, **form.cleaned_data)``, and for the opening of a record
``record_x(agency=agency, by=user, **form.cleaned_data)`` (the page chooses the owning agency: the body whose leaders
the record concerns). The forms check types and lengths, the actions the rules.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.limits import TextRules
from fazhi.leadership.models import FIRST_YEAR, LawReport, Meeting, StudySession
from fazhi.ledgers.forms import date_field as _date
from fazhi.ledgers.forms import text_field as _text
from fazhi.ledgers.forms import today as _today


def _choice(label, choices, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, **kwargs)


class _Form(TextRules, forms.Form):
    pass


class DutyListForm(_Form):
    """``adopt_duty_list``: a principal leader's duty list (第一责任人职责清单)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    post = forms.CharField(label=_("Post"), max_length=60, help_text=_("县委书记, 县长, 局长…"))
    leader = forms.CharField(label=_("Principal leader"), max_length=60)
    adopted_on = _date(_("Adopted on"), initial=_today)
    items = _text(_("Duties"), rows=6, help_text=_("One duty a line."))


class RevisionForm(_Form):
    """``revise_duty_list``: the list's next version, which supersedes it."""

    adopted_on = _date(_("New version adopted on"), initial=_today)
    leader = forms.CharField(label=_("Principal leader"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Left empty: the title stays."))
    items = _text(_("Duties"), rows=6, help_text=_("One duty a line."))


class MeetingForm(_Form):
    """``record_meeting``: a leaders' meeting that studied the rule of law."""

    title = forms.CharField(label=_("Meeting"), max_length=200, help_text=_("As the minutes name it."))
    kind = _choice(_("Kind of meeting"), Meeting.Kind.choices)
    held_on = _date(_("Held on"), initial=_today)
    topic = forms.CharField(label=_("Topic"), max_length=300)
    on_law = forms.BooleanField(label=_("Studied the rule of law as its topic (专题研究法治建设)"), required=False,
                                initial=True)
    decisions = _text(_("Decisions"), rows=3, required=False,
                      help_text=_("Needed for a meeting on the rule of law."))
    chaired_by = forms.CharField(label=_("Chaired by"), max_length=60, required=False)
    minutes_number = forms.CharField(label=_("Minutes"), max_length=80, required=False,
                                     help_text=_("The number of the minutes; attach them on the meeting's page."))


class StudyForm(_Form):
    """``record_study``: a session in which the leaders studied law."""

    title = forms.CharField(label=_("What was studied"), max_length=300)
    kind = _choice(_("Kind of study"), StudySession.Kind.choices)
    held_on = _date(_("Held on"), initial=_today)
    attendees = forms.IntegerField(label=_("Attendees"), min_value=1, max_value=100000)
    speaker = forms.CharField(label=_("Speaker"), max_length=120, required=False,
                              help_text=_("A lecture names its speaker."))
    meeting = forms.CharField(label=_("Before the meeting"), max_length=200, required=False,
                              help_text=_("For a study before a meeting (会前学法)."))


class ShufaForm(_Form):
    """``record_shufa``: a principal leader's 述法 at the year-end report."""

    title = forms.CharField(label=_("Title"), max_length=200)
    post = forms.CharField(label=_("Post"), max_length=60)
    leader = forms.CharField(label=_("Principal leader"), max_length=60)
    year = forms.IntegerField(label=_("Year reported on"), min_value=FIRST_YEAR, max_value=2100)
    reported_on = _date(_("Reported on"), initial=_today)
    form = _choice(_("Form"), LawReport.Form.choices)
    summary = _text(_("What was reported"), rows=4)
    study_and_use = forms.BooleanField(
        label=_("Reports the study and use of law"), required=False, initial=True,
        help_text=_("Required from 2025-11-01 (Law on Legal Publicity and Education)."))


class EvaluationForm(_Form):
    """``evaluate_shufa``: the evaluation of the 述法 (述法评议)."""

    evaluated_on = _date(_("Evaluated on"), initial=_today)
    evaluated_by = forms.CharField(label=_("Evaluated by"), max_length=120)
    grade = _choice(_("Grade"), LawReport.Grade.choices)
    evaluation = _text(_("Evaluation"), rows=3, required=False,
                       help_text=_("Needed for a fair or poor grade."))


class InstructionForm(_Form):
    """``record_instruction``: a leader's instruction (批示)."""

    title = forms.CharField(label=_("Subject"), max_length=200)
    leader = forms.CharField(label=_("Leader"), max_length=60)
    post = forms.CharField(label=_("Post"), max_length=60, required=False)
    issued_on = _date(_("Issued on"), initial=_today)
    text = _text(_("Instruction (批示)"), rows=3)
    due_given = _date(_("Follow-up due (as instructed)"), required=False,
                      help_text=_("Left empty: the local period from the instruction."))


class FollowUpForm(_Form):
    """``report_follow_up``: the follow-up report."""

    reported_on = _date(_("Reported on"), initial=_today)
    report = _text(_("Follow-up report"), rows=3)


#: Each action with its form (the contract of the generic pages and API).
FORMS = {
    "adopt_duty_list": DutyListForm,
    "revise_duty_list": RevisionForm,
    "record_meeting": MeetingForm,
    "record_study": StudyForm,
    "record_shufa": ShufaForm,
    "evaluate_shufa": EvaluationForm,
    "record_instruction": InstructionForm,
    "report_follow_up": FollowUpForm,
}

"""Forms of the education ledger: one per action, its cleaned data exactly the action's keyword arguments.

The forms check types and lengths; the actions check the rules, and their refusals land at the fields named here.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.limits import TextRules
from fazhi.education import campaigns
from fazhi.education.models import Activity, Course, DemonstrationVillage
from fazhi.ledgers.forms import date_field as _date
from fazhi.ledgers.forms import text_field as _text
from fazhi.ledgers.forms import today as _today


def _choice(label, choices, *, required: bool = True, **kwargs) -> forms.ChoiceField:
    if not required:
        choices = [("", "---------"), *choices]
    return forms.ChoiceField(label=label, choices=choices, required=required, **kwargs)


def _this_year():
    from django.utils import timezone

    return timezone.localdate().year


class _Form(TextRules, forms.Form):
    pass


class ListForm(_Form):
    """``open_list``: an agency's responsibility list for a year (谁执法谁普法)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=_this_year)
    title = forms.CharField(label=_("Title"), max_length=200)
    drafted_on = _date(_("Drafted on"), initial=_today)


class ListItemForm(_Form):
    """``add_list_item``: a duty of the list."""

    matter = forms.CharField(label=_("What is taught"), max_length=300,
                             help_text=_("The laws and regulations the agency enforces, or the theme."))
    audience = forms.CharField(label=_("Audience"), max_length=200)
    responsible_unit = forms.CharField(label=_("Responsible unit"), max_length=200)
    timing = forms.CharField(label=_("When"), max_length=100, required=False)


class PublishListForm(_Form):
    published_on = _date(_("Published on"), initial=_today)
    published_where = forms.CharField(label=_("Published where"), max_length=200,
                                      help_text=_("The website or notice board where the list was published."))


class ReviewListForm(_Form):
    reviewed_on = _date(_("Reviewed on"), initial=_today, help_text=_("From 1 December of the list's year."))
    review_summary = _text(_("What the review found"), rows=3)


class ActivityForm(_Form):
    """``plan_activity``: a legal-education activity, planned or already held (then record it held)."""

    title = forms.CharField(label=_("Topic"), max_length=200)
    planned_on = _date(_("Planned for"), initial=_today)
    place = forms.CharField(label=_("Place"), max_length=200)
    audience_kind = _choice(_("Audience"), Activity.AudienceKind.choices)
    method = _choice(_("Form"), Activity.Method.choices)
    campaign = _choice(_("Campaign"), campaigns.CHOICES, required=False,
                       help_text=_("Held within the campaign's days: Constitution Week 1–7 December, Constitution "
                                   "Day 4 December, Civil Code Month in May, National Security Education Day 15 "
                                   "April."))


class ActivityHeldForm(_Form):
    held_on = _date(_("Held on"), initial=_today)
    audience_size = forms.IntegerField(label=_("Audience (people)"), min_value=0, max_value=10_000_000,
                                       required=False)
    materials = forms.IntegerField(label=_("Materials handed out (copies)"), min_value=0, max_value=10_000_000,
                                   required=False)
    online_reach = forms.IntegerField(label=_("Online reach (views)"), min_value=0, max_value=1_000_000_000,
                                      required=False)
    summary = _text(_("What was done"), rows=2, required=False)


class CancelActivityForm(_Form):
    cancelled_on = _date(_("Cancelled on"), initial=_today)
    cancel_reason = _text(_("Why it was cancelled"), rows=2)


class LiterateForm(_Form):
    """``register_literate``: a village legal literate (法律明白人)."""

    name = forms.CharField(label=_("Name"), max_length=60)
    village = forms.CharField(label=_("Village or community"), max_length=200)
    occupation = forms.CharField(label=_("Occupation"), max_length=100, required=False,
                                 help_text=_("Village cadre, grid worker, mediator, party member…"))
    trained_on = _date(_("Trained on"))


class CertifyLiterateForm(_Form):
    certificate = forms.CharField(label=_("Certificate number"), max_length=60)
    certified_on = _date(_("Certified on"), initial=_today)


class RemoveLiterateForm(_Form):
    removed_on = _date(_("Taken off the register on"), initial=_today)
    removal_reason = _text(_("Why taken off the register"), rows=2)


class VillageForm(_Form):
    """``register_village``: a democracy and rule-of-law model village or community."""

    name = forms.CharField(label=_("Village or community"), max_length=200)
    level = _choice(_("Level"), DemonstrationVillage.Level.choices)
    named_year = forms.IntegerField(label=_("Named in"), min_value=2003, max_value=2100)
    named_by = forms.CharField(label=_("Named by (document)"), max_length=200, required=False)


class VillageReviewForm(_Form):
    reviewed_on = _date(_("Reviewed again on"), initial=_today)
    confirmed = forms.BooleanField(label=_("Title confirmed"), required=False, initial=True,
                                   help_text=_("Untick when the review revoked the title."))
    review_note = _text(_("What the review found"), rows=2)


class CourseForm(_Form):
    """``plan_course``: a course or lecture in law for officials."""

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = _choice(_("Kind"), Course.Kind.choices)
    planned_on = _date(_("Planned for"), initial=_today)
    teacher = forms.CharField(label=_("Teacher"), max_length=200, required=False)


class CourseHeldForm(_Form):
    held_on = _date(_("Held on"), initial=_today)
    hours = forms.DecimalField(label=_("Hours (学时)"), min_value=0, max_value=500, max_digits=5, decimal_places=1)
    attendees = forms.IntegerField(label=_("Attendees"), min_value=0, max_value=1_000_000)


class AttendanceForm(_Form):
    person = forms.CharField(label=_("Official"), max_length=60)
    unit = forms.CharField(label=_("Unit and post"), max_length=200, required=False)
    attended_hours = forms.DecimalField(label=_("Hours attended"), min_value=0, max_value=500, max_digits=5,
                                        decimal_places=1, required=False,
                                        help_text=_("Left empty: the course's hours."))


class ExamForm(_Form):
    """``schedule_exam``: a law exam for officials (学法考试)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    scheduled_on = _date(_("Scheduled for"), initial=_today)


class ExamHeldForm(_Form):
    held_on = _date(_("Held on"), initial=_today)
    takers = forms.IntegerField(label=_("Takers"), min_value=0, max_value=1_000_000)


class ScoresForm(_Form):
    scored_on = _date(_("Scores recorded on"), initial=_today)
    passed = forms.IntegerField(label=_("Passed"), min_value=0, max_value=1_000_000)
    average_score = forms.DecimalField(label=_("Average score"), min_value=0, max_value=100, max_digits=5,
                                       decimal_places=2)


class ImportScoresForm(_Form):
    scored_on = _date(_("Scores recorded on"), initial=_today)
    file = forms.FileField(label=_("Workbook of scores"),
                           help_text=_("Columns 姓名, 单位, 成绩 (and 是否合格 if the exam set its own pass mark), one "
                                       "official a row."))

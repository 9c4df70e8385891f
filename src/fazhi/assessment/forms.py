"""Forms of the rectification ledger: one per action, its cleaned data exactly the action's keyword arguments.

The generic pages and API call ``action(item, by=user, **form.cleaned_data)``, and for the finding
``record_finding(agency=agency, by=user, **form.cleaned_data)`` (the page chooses the agency responsible). Each
field is named as the action names it in a refusal, so the refusal lands at its field; the forms check types and
lengths, the actions the rules.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.assessment.models import Finding, IndicatorEntry, IndicatorSystem, Inspection
from fazhi.core.limits import TextRules
from fazhi.ledgers.forms import date_field as _date
from fazhi.ledgers.forms import text_field as _text
from fazhi.ledgers.forms import today as _today


class _Form(TextRules, forms.Form):
    pass


class FindingForm(_Form):
    """``record_finding``: a problem an inspection found, assigned for rectification (交办)."""

    inspection_reference = forms.CharField(
        label=_("Inspection reference"), max_length=60,
        help_text=_("Its document or feedback number, such as 示法督〔2026〕3号; the findings of one inspection share "
                    "it."))
    inspection_kind = forms.ChoiceField(label=_("Kind of inspection"), choices=Inspection.Kind.choices)
    inspecting_body = forms.CharField(label=_("Inspecting body"), max_length=200)
    inspected = forms.CharField(label=_("Inspected agency or region"), max_length=200)
    inspection_started_on = _date(_("Inspection started on"))
    feedback_on = _date(_("Findings fed back on"), required=False)
    basis_article = forms.CharField(
        label=_("Article of the inspection rules"), max_length=40, required=False,
        help_text=_("The article of 厅字〔2019〕28号 the inspection rests on, such as 第十九条."))
    category = forms.ChoiceField(label=_("Area of the problem"), choices=Finding.Category.choices)
    description = _text(_("Problem found"), rows=3)
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=100,
                                         help_text=_("The leader answerable for the rectification."))
    assigned_on = _date(_("Assigned on (交办)"), initial=_today)
    deadline_set = _date(_("Rectification deadline"), required=False,
                         help_text=_("Leave empty for the default period from the assignment."))


class PlanForm(_Form):
    """``record_plan``: the rectification plan (整改方案)."""

    plan_on = _date(_("Plan drawn up on"), initial=_today)
    plan = _text(_("Rectification plan (整改方案)"), rows=4,
                 help_text=_("The measures, who carries them out and by when."))


class ProgressForm(_Form):
    """``report_progress``: a progress report (整改进展) with its file."""

    reported_on = _date(_("Reported on"), initial=_today)
    progress = _text(_("Progress"), rows=3)
    attachment = forms.FileField(label=_("Attach a file"), required=False,
                                 help_text=_("Minutes, notices, photographs: what shows the progress."))


class RequestClosingForm(_Form):
    """``request_closing``: the request to close the item (申请销号) with its evidence."""

    requested_on = _date(_("Requested on"), initial=_today)
    closing_summary = _text(_("What was rectified"), rows=3)
    evidence = forms.FileField(label=_("Evidence of the rectification (整改佐证材料)"), required=False,
                               help_text=_("Required unless the files are attached to the item already."))


class ExtendForm(_Form):
    """``extend_deadline``: a longer period approved by the office (延期整改)."""

    extended_on = _date(_("Extension approved on"), initial=_today)
    extended_until = _date(_("New deadline"))
    extension_reason = _text(_("Why the rectification needs longer"), rows=2)


class AcceptForm(_Form):
    """``accept_closing``: the office closes the item (销号)."""

    closed_on = _date(_("Closed on"), initial=_today)
    review_note = _text(_("Office's review"), rows=2, required=False)


class ReturnForm(_Form):
    """``return_item``: the office returns the item for more rectification."""

    returned_on = _date(_("Returned on"), initial=_today)
    return_reason = _text(_("Why it is returned"), rows=2)


# Self-assessment (自评) ------------------------------------------------------------------------------------------


def _last_year() -> int:
    return timezone.localdate().year - 1


class OpenSelfAssessmentForm(_Form):
    """``open_self_assessment``: a body's self-assessment on a system for a year."""

    system = forms.ModelChoiceField(label=_("Indicator system"), to_field_name="code", empty_label=None,
                                    queryset=IndicatorSystem.objects.filter(is_active=True).order_by(
                                        "family", "-edition_year", "code"))
    year = forms.IntegerField(label=_("Year assessed"), min_value=2000, max_value=2100, initial=_last_year)


class SummaryForm(_Form):
    """``record_summary``: the body's overall account."""

    summary = _text(_("Overall account"), rows=4,
                    help_text=_("What the body did in the year against the system, in a few paragraphs."))


class SubmitForm(_Form):
    """``submit_self_assessment``."""

    submitted_on = _date(_("Submitted on"), initial=_today)


class ReturnAssessmentForm(_Form):
    """``return_self_assessment``: back to the body for revision."""

    returned_on = _date(_("Returned on"), initial=_today)
    return_reason = _text(_("What the body is to revise"), rows=3)
    resubmit_by = _date(_("To be submitted again by"), required=False,
                        help_text=_("Required when the day it was due has passed."))


class FinishScoringForm(_Form):
    """``finish_scoring``."""

    scored_on = _date(_("Scoring finished on"), initial=_today)


class PublishResultForm(_Form):
    """``publish_result``: the result published to the body."""

    published_on = _date(_("Published on"), initial=_today)


_RESULTS = [("", "—"), *IndicatorEntry.Result.choices]


class EntryForm(_Form):
    """``scoring.record_entry``: the body's claim on one indicator."""

    claimed_result = forms.ChoiceField(label=_("Result claimed"), choices=_RESULTS, required=False)
    claimed_score = forms.DecimalField(label=_("Score claimed"), required=False, min_value=0, max_digits=6,
                                       decimal_places=2)
    explanation = _text(_("Explanation"), rows=4, required=False,
                        help_text=_("What the body did; why the indicator does not apply, if it does not."))


class ScoreForm(_Form):
    """``scoring.score_indicator``: the office's score of one indicator."""

    office_result = forms.ChoiceField(label=_("Office's finding"), choices=_RESULTS, required=False)
    office_score = forms.DecimalField(label=_("Office's score"), required=False, min_value=0, max_digits=6,
                                      decimal_places=2)
    office_comment = _text(_("Office's comment"), rows=3, required=False)


class EvidenceFileForm(_Form):
    """``scoring.attach_evidence``: a file of evidence (佐证材料)."""

    upload = forms.FileField(label=_("File of evidence"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class LinkForm(_Form):
    """``scoring.link_evidence``: a record of fazhi given as evidence."""

    source = forms.CharField(max_length=40, widget=forms.HiddenInput)
    record_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class GapForm(_Form):
    """``scoring.rectify_gap``: a gap assigned for rectification through the rectification ledger."""

    inspection_reference = forms.CharField(
        label=_("Reference"), max_length=60,
        help_text=_("The reference the gaps of this self-assessment share in the rectification ledger."))
    description = _text(_("Problem"), rows=3)
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=100,
                                         help_text=_("The leader answerable for the rectification."))
    assigned_on = _date(_("Assigned on (交办)"), initial=_today)
    deadline_set = _date(_("Rectification deadline"), required=False,
                         help_text=_("Leave empty for the default period from the assignment."))


class PublishRankingForm(_Form):
    """``scoring.publish_ranking``: the ranking published to the bodies ranked."""

    published_on = _date(_("Published on"), initial=_today)


class SystemImportForm(_Form):
    """An indicator system imported from the office's workbook (``systems.import_workbook``)."""

    code = forms.SlugField(label=_("Code"), max_length=60,
                           help_text=_("A code of this edition's own, such as province-assessment-2026."))
    family = forms.SlugField(label=_("Family"), max_length=60, required=False,
                             help_text=_("Shared by the editions of one system, to compare them."))
    name = forms.CharField(label=_("Name"), max_length=200)
    edition_year = forms.IntegerField(label=_("Edition year"), min_value=1949, max_value=2100, initial=_last_year)
    kind = forms.ChoiceField(label=_("Kind of system"), choices=IndicatorSystem.Kind.choices)
    issued_by = forms.CharField(label=_("Issued by"), max_length=300, required=False)
    has_points = forms.BooleanField(label=_("Its indicators carry points"), required=False)
    total_points = forms.DecimalField(label=_("Total points"), required=False, min_value=0, max_digits=7,
                                      decimal_places=2)
    is_draft = forms.BooleanField(label=_("Its wording is a draft, not the official text"), required=False)
    note = _text(_("Note on the source"), rows=2, required=False)
    file = forms.FileField(label=_("Workbook (.xlsx)"))


#: Each action with its form (the contract of the generic pages and API).
FORMS = {
    "record_finding": FindingForm,
    "record_plan": PlanForm,
    "report_progress": ProgressForm,
    "request_closing": RequestClosingForm,
    "extend_deadline": ExtendForm,
    "accept_closing": AcceptForm,
    "return_item": ReturnForm,
    "open_self_assessment": OpenSelfAssessmentForm,
    "record_summary": SummaryForm,
    "submit_self_assessment": SubmitForm,
    "return_self_assessment": ReturnAssessmentForm,
    "finish_scoring": FinishScoringForm,
    "publish_result": PublishResultForm,
}

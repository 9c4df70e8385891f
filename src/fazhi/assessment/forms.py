"""Forms of the rectification ledger: one per action, its cleaned data exactly the action's keyword arguments.

The generic pages and API call ``action(item, by=user, **form.cleaned_data)``, and for the finding
``record_finding(agency=agency, by=user, **form.cleaned_data)`` (the page chooses the agency responsible). Each
field is named as the action names it in a refusal, so the refusal lands at its field; the forms check types and
lengths, the actions the rules.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.assessment.models import Finding, Inspection
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


#: Each action with its form (the contract of the generic pages and API).
FORMS = {
    "record_finding": FindingForm,
    "record_plan": PlanForm,
    "report_progress": ProgressForm,
    "request_closing": RequestClosingForm,
    "extend_deadline": ExtendForm,
    "accept_closing": AcceptForm,
    "return_item": ReturnForm,
}

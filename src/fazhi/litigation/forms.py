"""Forms of the litigation ledger: one per action, its fields named exactly as the action's keyword arguments (so
``action(case, by=user, **form.cleaned_data)`` runs it, and a refusal lands at its field); the actions check the
rules. ``CaseForm`` registers a case: ``register_case(agency=agency, by=user, **form.cleaned_data)``, the agency
chosen by the page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.limits import TextRules
from fazhi.ledgers.forms import date_field as _date
from fazhi.ledgers.forms import text_field as _text
from fazhi.ledgers.forms import today as _today
from fazhi.litigation.models import Case, Hearing, Suggestion

__all__ = ["AppealForm", "CaseForm", "CloseForm", "DefenceForm", "HearingForm", "JudgmentForm", "ReplyForm",
           "SuggestionForm"]


def _optional_choice(label, choices, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("", "—"), *choices], required=False, **kwargs)


class CaseForm(TextRules, forms.Form):
    """``register_case``."""

    number = forms.CharField(label=_("Court case number"), max_length=80,
                             help_text=_("The court's number of the case (案号), such as (2026)示0102行初15号."))
    court = forms.CharField(label=_("Court"), max_length=100)
    court_level = forms.ChoiceField(label=_("Level of the court"), choices=Case.CourtLevel.choices)
    instance = forms.ChoiceField(label=_("Instance"), choices=Case.Instance.choices, initial=Case.Instance.FIRST)
    earlier_number = forms.CharField(
        label=_("Case number of the earlier instance"), max_length=80, required=False,
        help_text=_("For a second instance or a retrial: the number of the case it continues."))
    retrial_at_first_instance = forms.BooleanField(
        label=_("Retrial under the first-instance procedure"), required=False,
        help_text=_("Its judgment may be appealed (民事诉讼法 第218条, through 行政诉讼法 第101条)."))
    agency_appealed = forms.BooleanField(
        label=_("The agency brought the appeal"), required=False,
        help_text=_("For a second instance: no answer to the appeal is then due."))
    cause = forms.CharField(label=_("Cause of action (案由)"), max_length=200)
    act_category = forms.ChoiceField(label=_("Kind of act sued"), choices=Case.ActCategory.choices)
    act = forms.CharField(label=_("Act sued"), max_length=300, required=False,
                          help_text=_("The administrative act the suit is about: its document number and title."))
    plaintiff_name = forms.CharField(label=_("Plaintiff"), max_length=200)
    plaintiff_kind = forms.ChoiceField(label=_("Kind of plaintiff"), choices=Case.PlaintiffKind.choices)
    reconsideration_ref = forms.CharField(
        label=_("Reconsideration case"), max_length=80, required=False,
        help_text=_("The number of the reconsideration case the suit follows, if any (行政诉讼法 第26条第2款、第45条)."))
    served_on = _date(_("Complaint copy received on"), initial=_today,
                      help_text=_("The defence is due 15 days later (行政诉讼法 第67条)."))


class DefenceForm(TextRules, forms.Form):
    """``file_defence``."""

    defence_filed_on = _date(_("Defence filed on"), initial=_today)
    evidence = _text(_("Evidence and normative documents submitted"), rows=4,
                     help_text=_("行政诉讼法 第34条、第67条: the evidence of the act and the normative documents it "
                                 "relied on."))
    defence_late_reason = _text(_("Reason the defence was late"), rows=2, required=False,
                                help_text=_("Only after the 15 days: the proper reason and the court's permission "
                                            "(行政诉讼法 第34条第2款、第36条第1款)."))


class HearingForm(TextRules, forms.Form):
    """``record_hearing``."""

    held_on = _date(pgettext_lazy("litigation", "Hearing held on"), initial=_today)
    head_notified = forms.BooleanField(label=_("The court notified the head to appear"), required=False,
                                       help_text=_("2020年规定 第4、5条."))
    head_appeared = forms.BooleanField(label=_("The head of the agency appeared"), required=False,
                                       help_text=_("行政诉讼法 第3条第3款."))
    head_name = forms.CharField(label=_("Head who appeared"), max_length=60, required=False)
    head_post = forms.CharField(label=_("Post of the head"), max_length=100, required=False)
    head_role = _optional_choice(_("Kind of head"), Hearing.HeadRole.choices, help_text=_("2020年规定 第2条."))
    staff_appeared = forms.CharField(label=_("Staff who appeared"), max_length=300, required=False,
                                     help_text=_("Names and posts (行政诉讼法 第3条第3款)."))
    absence_reason = _optional_choice(_("Why the head did not appear"), Hearing.AbsenceReason.choices,
                                      help_text=_("2020年规定 第8条."))
    absence_proof = _text(_("Proof of the reason"), rows=2, required=False,
                          help_text=_("Sealed by the agency or signed by its principal head (2020年规定 第9条)."))
    note = _text(_("Note"), rows=2, required=False)


class JudgmentForm(TextRules, forms.Form):
    """``record_judgment``."""

    concluded_on = _date(_("Judgment or ruling given on"), initial=_today)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Case.Outcome.choices)
    judgment_served_on = _date(_("Judgment or ruling served on"), required=False,
                               help_text=_("The appeal period runs from it (行政诉讼法 第85条); empty: counted from "
                                           "the day it was given."))
    judgment_summary = _text(_("What the judgment or ruling holds"), rows=3, required=False)


class AppealForm(TextRules, forms.Form):
    """``record_appeal``."""

    appealed_on = _date(_("Appealed on"), initial=_today)
    appellant = forms.ChoiceField(label=_("Appellant"), choices=Case.Appellant.choices)
    appeal_late_reason = _text(_("Reason the appeal was late"), rows=2, required=False,
                               help_text=_("Only after the appeal period: the reason and the court's leave (民事诉讼法 "
                                           "第86条)."))


class CloseForm(TextRules, forms.Form):
    """``close_case``."""

    closed_on = _date(_("Closed on"), initial=_today)
    closing_note = _text(_("Closing note"), rows=2, required=False,
                         help_text=_("How the case ended: the judgment in force, the second instance's result…"))


class SuggestionForm(TextRules, forms.Form):
    """``receive_suggestion``."""

    kind = forms.ChoiceField(label=_("Kind of suggestion"), choices=Suggestion.Kind.choices)
    issuer = forms.CharField(label=_("Issued by"), max_length=100)
    number = forms.CharField(label=_("Document number"), max_length=80, required=False)
    received_on = _date(_("Received on"), initial=_today)
    content = _text(_("What it suggests"), rows=3)
    reply_by = _date(_("Reply due by (as the letter sets)"), required=False,
                     help_text=_("Empty: the province's period applies."))


class ReplyForm(TextRules, forms.Form):
    """``reply_suggestion``."""

    suggestion_number = forms.CharField(
        label=_("Document number of the suggestion"), max_length=80, required=False,
        help_text=_("Empty when only one suggestion of the case awaits a reply."))
    replied_on = _date(_("Replied on"), initial=_today)
    reply_summary = _text(_("Reply"), rows=3, help_text=_("What the agency did about the suggestion."))

"""Forms of the advisers ledger: one per action, its cleaned data exactly the action's keyword arguments.

The generic pages and API call ``action(record, by=user, **form.cleaned_data)``, and for opening a record
``engage_adviser(agency=agency, by=user, **form.cleaned_data)`` or ``receive_contract(…)`` (the page chooses the owning
agency). Each field is named as the action names it in a refusal, so the refusal lands at its field; the forms check
types and lengths, the actions the rules.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.advisers.actions import LINKS
from fazhi.advisers.models import Adviser, ContractReview, Opinion
from fazhi.core.limits import TextRules
from fazhi.ledgers.forms import date_field as _date
from fazhi.ledgers.forms import text_field as _text
from fazhi.ledgers.forms import today as _today


def _choice(label, choices, *, required: bool = True, **kwargs) -> forms.ChoiceField:
    if not required:
        choices = [("", "---------"), *choices]
    return forms.ChoiceField(label=label, choices=choices, required=required, **kwargs)


class _Form(TextRules, forms.Form):
    pass


class AdviserForm(_Form):
    """``engage_adviser``: a legal adviser or public-sector lawyer engaged for a term."""

    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("The person, or the law firm."))
    kind = _choice(_("Kind"), Adviser.Kind.choices)
    engaged_as = _choice(_("Engaged as"), Adviser.Form.choices, initial=Adviser.Form.PERSON)
    firm = forms.CharField(label=_("Law firm or employer"), max_length=200, required=False)
    licence_number = forms.CharField(label=_("Licence number"), max_length=30, required=False,
                                     help_text=_("Required for a public-sector lawyer (公职律师证)."))
    engaged_from = _date(_("Engaged from"), initial=_today)
    engaged_until = _date(_("Engaged until"), help_text=_("The last day of the term."))
    note = _text(_("Scope of the engagement"), rows=2, required=False)


class RenewForm(_Form):
    """``renew_engagement``: the term renewed to a later day."""

    renewed_on = _date(_("Renewed on"), initial=_today)
    engaged_until = _date(_("Engaged until"), help_text=_("The last day of the renewed term."))


class EndForm(_Form):
    """``end_engagement``: the engagement ended."""

    ended_on = _date(_("Ended on"), initial=_today)
    end_reason = _text(_("Why the engagement ended"), rows=2)


class OpinionForm(_Form):
    """``record_opinion``: a legal opinion, linked to the record of the agency it concerns."""

    given_on = _date(_("Opinion given on"), initial=_today)
    subject_kind = _choice(_("What the opinion is on"), Opinion.Subject.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    linked_ledger = _choice(_("Ledger of the record concerned"),
                            [(key, link.label) for key, link in LINKS.items()], required=False,
                            help_text=_("Where fazhi keeps the record the opinion is on."))
    linked_reference = forms.CharField(label=_("Number or title of the record concerned"), max_length=200,
                                       required=False, help_text=_("As the record's page shows it."))
    opinion_text = _text(_("The opinion"), rows=4)


class AttendanceForm(_Form):
    """``record_attendance``: a meeting the adviser attended (列席会议)."""

    held_on = _date(_("Meeting held on"), initial=_today)
    meeting = forms.CharField(label=_("Meeting"), max_length=200)


class ContractForm(_Form):
    """``receive_contract``: a contract received for legality review (合同合法性审查)."""

    number = forms.CharField(label=_("Review number"), max_length=40)
    contract_name = forms.CharField(label=_("Contract"), max_length=200)
    counterparty = forms.CharField(label=_("Other party"), max_length=200)
    amount = forms.DecimalField(label=_("Amount (yuan)"), required=False, min_value=0, max_digits=14,
                                decimal_places=2)
    submitted_by = forms.CharField(label=_("Sent by"), max_length=200, required=False)
    received_on = _date(_("Received for review on"), initial=_today,
                        help_text=_("The review's time in working days runs from the next day."))


class ContractOpinionForm(_Form):
    """``give_contract_opinion``: the review's opinion."""

    verdict = _choice(_("Opinion"), ContractReview.Verdict.choices)
    opinion_on = _date(_("Opinion given on"), initial=_today)
    reviewer = forms.CharField(label=_("Reviewer"), max_length=200)
    opinion_text = _text(_("The review opinion"), rows=3, required=False,
                         help_text=_("Needed when changes are asked for or the contract is not approved."))


#: Each action with its form (the contract of the generic pages and API).
FORMS = {
    "engage_adviser": AdviserForm,
    "renew_engagement": RenewForm,
    "end_engagement": EndForm,
    "record_opinion": OpinionForm,
    "record_attendance": AttendanceForm,
    "receive_contract": ContractForm,
    "give_contract_opinion": ContractOpinionForm,
}

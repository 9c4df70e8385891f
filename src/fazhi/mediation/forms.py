"""Forms of the mediation ledger: one per action, its cleaned data exactly the action's keyword arguments.

The generic pages and API call ``action(dispute, by=user, **form.cleaned_data)``, and for the receipt
``receive_dispute(agency=agency, by=user, **form.cleaned_data)`` (the page chooses the owning agency). Each field is
named as the action names it in a refusal, so the refusal lands at its field; the forms check types and lengths, the
actions the law.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.limits import TextRules
from fazhi.ledgers.forms import date_field as _date
from fazhi.ledgers.forms import text_field as _text
from fazhi.ledgers.forms import today as _today
from fazhi.mediation.models import Dispute


def _choice(label, choices, *, required: bool = True, **kwargs) -> forms.ChoiceField:
    if not required:
        choices = [("", "---------"), *choices]
    return forms.ChoiceField(label=label, choices=choices, required=required, **kwargs)


class _Form(TextRules, forms.Form):
    pass


class DisputeForm(_Form):
    """``receive_dispute``: a dispute received for mediation (受理, 人民调解法 第17、18条)."""

    number = forms.CharField(label=_("Number"), max_length=40)
    organisation = forms.CharField(label=_("Mediation organisation"), max_length=200,
                                   help_text=_("The committee, mediation room or office that mediates."))
    organisation_kind = _choice(_("Kind of mediation"), Dispute.OrganisationKind.choices)
    parties = _text(_("Parties"), rows=2)
    party_count = forms.IntegerField(label=_("Number of parties"), min_value=2, max_value=999, initial=2)
    dispute_type = _choice(_("Type of dispute"), Dispute.DisputeType.choices)
    summary = _text(_("Facts and what is disputed"), rows=3)
    source = _choice(_("How the dispute came"), Dispute.Source.choices)
    referred_by = forms.CharField(label=_("Referred by"), max_length=200, required=False,
                                  help_text=_("The court, police station or office that sent it (People's Mediation "
                                              "Law, Art. 18)."))
    screening = forms.CharField(label=_("Screening campaign (排查)"), max_length=200, required=False,
                                help_text=_("When a screening found the dispute."))
    mediators = forms.CharField(label=_("Mediators"), max_length=200, required=False,
                                help_text=_("Named by the organisation or chosen by the parties (People's "
                                            "Mediation Law, Art. 19)."))
    amount = forms.DecimalField(label=_("Amount involved (yuan)"), required=False, min_value=0, max_digits=14,
                                decimal_places=2)
    received_on = _date(_("Received on (受理)"), initial=_today,
                        help_text=_("The mediation period runs from it (one month unless the province sets "
                                    "another)."))


class SessionForm(_Form):
    """``record_session``: a mediation session (人民调解法 第27条)."""

    held_on = _date(_("Session held on"), initial=_today)
    session_note = _text(_("What happened at the session"), rows=3)


class ExtendForm(_Form):
    """``extend_mediation``: both parties agree to continue beyond the period."""

    extended_on = _date(_("Parties agreed to continue on"), initial=_today)
    extended_until = _date(_("Mediation continued until"))
    extension_reason = _text(_("Why the mediation continues"), rows=2)


class AgreementForm(_Form):
    """``record_agreement``: the agreement reached (调解成功, 人民调解法 第28–30条)."""

    agreement_on = _date(_("Agreement in force on"), initial=_today,
                         help_text=_("A written agreement once signed and sealed, an oral one when reached."))
    agreement_form = _choice(_("Form of the agreement"), Dispute.AgreementForm.choices)
    agreement_summary = _text(_("What the parties agreed"), rows=3)
    performance_due = _date(_("To be performed by"), required=False,
                            help_text=_("A written agreement states it (People's Mediation Law, Art. 29)."))
    confirmation_intended = forms.BooleanField(
        label=_("The parties mean to apply for judicial confirmation"), required=False,
        help_text=_("Within 30 days of the agreement taking effect (People's Mediation Law, Art. 33)."))


class FailureForm(_Form):
    """``record_failure``: the mediation failed (人民调解法 第26条)."""

    ended_on = _date(_("Mediation ended on"), initial=_today)
    referred_to = _choice(_("Channel the parties were told of"), Dispute.Channel.choices)
    ending_reason = _text(_("Why the mediation failed"), rows=2)


class WithdrawalForm(_Form):
    """``record_withdrawal``: a party refused or ended the mediation (人民调解法 第17、23条)."""

    ended_on = _date(_("Mediation ended on"), initial=_today)
    ending_reason = _text(_("Which party ended it, and why"), rows=2)


class PerformanceForm(_Form):
    """``record_performance``."""

    performed_on = _date(_("Agreement performed on"), initial=_today)
    performance_note = _text(_("How the agreement was performed"), rows=2, required=False)


class NonperformanceForm(_Form):
    """``record_nonperformance``."""

    unperformed_on = _date(_("Found not performed on"), initial=_today)
    unperformed_note = _text(_("What the parties were told"), rows=2,
                             help_text=_("A lawsuit on the agreement, or enforcement once it is confirmed."))


class ConfirmationApplicationForm(_Form):
    """``record_confirmation_application``: the joint application for judicial confirmation (司法确认)."""

    confirmation_applied_on = _date(_("Applied for on"), initial=_today,
                                    help_text=_("Within 30 days of the agreement taking effect (People's Mediation "
                                                "Law, Art. 33)."))
    confirmation_court = forms.CharField(label=_("Court applied to"), max_length=200)


class ConfirmationRulingForm(_Form):
    """``record_confirmation_ruling``: the court's ruling (民事诉讼法 第206条)."""

    ruling = _choice(_("Court's ruling"), Dispute.Ruling.choices)
    ruled_on = _date(_("Ruled on"), initial=_today)
    confirmation_case_number = forms.CharField(label=_("Court's case number"), max_length=60, required=False)
    confirmation_note = _text(_("The court's reasons"), rows=2, required=False,
                              help_text=_("Needed when the application is dismissed."))


class ReturnVisitForm(_Form):
    """``record_return_visit``: the return visit to the parties (回访)."""

    return_visit_on = _date(_("Return visit on"), initial=_today)
    return_visit_note = _text(_("What the return visit found"), rows=2)


#: Each action with its form (the contract of the generic pages and API).
FORMS = {
    "receive_dispute": DisputeForm,
    "record_session": SessionForm,
    "extend_mediation": ExtendForm,
    "record_agreement": AgreementForm,
    "record_failure": FailureForm,
    "record_withdrawal": WithdrawalForm,
    "record_performance": PerformanceForm,
    "record_nonperformance": NonperformanceForm,
    "record_confirmation_application": ConfirmationApplicationForm,
    "record_confirmation_ruling": ConfirmationRulingForm,
    "record_return_visit": ReturnVisitForm,
}

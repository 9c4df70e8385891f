"""The mediation ledger's pages, API and Excel import, declared on the ledger framework (``fazhi.ledgers.pages``):
each action with its form (``forms.FORMS``) and the statuses the page offers it in."""

from django.utils.translation import gettext_lazy as _

from fazhi.ledgers.pages import Action, Child, Column, Pages
from fazhi.mediation.forms import FORMS

OPEN = ("received", "mediating")
AGREED = ("agreed", "performed", "unperformed")


def _action(run: str, label, statuses=()) -> Action:
    return Action(run, label, f"fazhi.mediation.forms.{FORMS[run].__name__}", f"fazhi.mediation.actions.{run}",
                  statuses=statuses)


PAGES = Pages(
    key="mediation", model="mediation.Dispute", title_field="parties",
    label=_("Dispute mediation"),
    columns=(Column("number", link=True), Column("parties"), Column("dispute_type"), Column("organisation"),
             Column("agency", kind="agency"), Column("received_on"), Column("status"),
             Column("next_deadline", kind="deadline")),
    facts=("number", "organisation", "organisation_kind", "mediators", "parties", "party_count", "dispute_type",
           "summary", "amount", "source", "referred_by", "screening", "received_on", "extended_on", "extended_until",
           "extension_reason", "outcome", "agreement_on", "agreement_form", "agreement_summary", "performance_due",
           "confirmation_intended", "ended_on", "referred_to", "ending_reason", "performed_on", "performance_note",
           "unperformed_on", "unperformed_note", "confirmation_applied_on", "confirmation_court", "confirmed_on",
           "confirmation_refused_on", "confirmation_case_number", "confirmation_note", "return_visit_on",
           "return_visit_note"),
    search=("number", "parties", "organisation", "summary"), year_field="received_on",
    closed_statuses=("performed", "unperformed", "failed", "discontinued"),
    create=_action("receive_dispute", _("Register a dispute")),
    actions=(
        _action("record_session", _("Record a mediation session"), OPEN),
        _action("extend_mediation", _("Continue beyond the period (both parties agree)"), OPEN),
        _action("record_agreement", _("Record the agreement (调解成功)"), OPEN),
        _action("record_failure", _("End as failed (调解不成)"), OPEN),
        _action("record_withdrawal", _("End at a party's wish"), OPEN),
        _action("record_performance", _("Record the performance"), ("agreed", "unperformed")),
        _action("record_nonperformance", _("Record that it is not performed"), ("agreed",)),
        _action("record_confirmation_application", _("Record the application for judicial confirmation (司法确认)"),
                ("agreed", "unperformed")),
        _action("record_confirmation_ruling", _("Record the court's ruling"), AGREED),
        _action("record_return_visit", _("Record the return visit (回访)"), (*AGREED, "failed")),
    ),
    imported=("record_session", "record_agreement", "record_failure", "record_withdrawal",
              "record_confirmation_application", "record_performance", "record_return_visit"),
    children=(Child("sessions", ("held_on", "note")),),
)

"""The advisers ledger's pages, API and Excel import, declared on the ledger framework (``fazhi.ledgers.pages``):
the advisers (``PAGES``, with their opinions and meetings) and the contract legality reviews (``MORE_PAGES``, under
the namespace ``advisers:contracts``)."""

from django.utils.translation import gettext_lazy as _

from fazhi.advisers.forms import FORMS
from fazhi.advisers.models import term_reminder_days
from fazhi.ledgers.pages import Action, Child, Column, Pages, Report


def _action(run: str, label, statuses=()) -> Action:
    return Action(run, label, f"fazhi.advisers.forms.{FORMS[run].__name__}", f"fazhi.advisers.actions.{run}",
                  statuses=statuses)


PAGES = Pages(
    key="advisers", model="advisers.Adviser", title_field="name",
    label=_("Legal advisers"),
    columns=(Column("name", link=True), Column("kind"), Column("firm"), Column("agency", kind="agency"),
             Column("engaged_from"), Column("engaged_until"), Column("status"),
             Column("next_deadline", kind="deadline")),
    facts=("name", "kind", "engaged_as", "firm", "licence_number", "engaged_from", "engaged_until", "renewed_on",
           "ended_on", "end_reason", "note"),
    literal=("licence_number",),
    search=("name", "firm", "licence_number"), year_field="engaged_from",
    create=_action("engage_adviser", _("Engage an adviser")),
    actions=(
        _action("record_opinion", _("Record a legal opinion")),
        _action("record_attendance", _("Record attendance at a meeting")),
        _action("renew_engagement", _("Renew the engagement"), ("engaged",)),
        _action("end_engagement", _("Record the end of the engagement"), ("engaged",)),
    ),
    imported=("record_opinion", "record_attendance", "renew_engagement", "end_engagement"),
    children=(Child("opinions", ("given_on", "subject_kind", "subject", "linked_label", "text")),
              Child("attendances", ("held_on", "meeting"))),
    horizon=term_reminder_days,
    reports=(Report("reviews", _("Contract legality reviews"), "fazhi.advisers.views.to_contracts"),),
)

CONTRACTS = Pages(
    key="contracts", namespace="advisers:contracts", model="advisers.ContractReview", title_field="contract_name",
    label=_("Contract legality reviews"),
    columns=(Column("number", link=True), Column("contract_name"), Column("counterparty"),
             Column("agency", kind="agency"), Column("received_on"), Column("status"),
             Column("next_deadline", kind="deadline")),
    facts=("number", "contract_name", "counterparty", "amount", "submitted_by", "received_on", "review_due",
           "reviewer", "verdict", "opinion_on", "opinion_text"),
    search=("number", "contract_name", "counterparty"), year_field="received_on",
    create=_action("receive_contract", _("Register a contract for review")),
    actions=(_action("give_contract_opinion", _("Give the review opinion"), ("received",)),),
    imported=("give_contract_opinion",),
    reports=(Report("advisers", _("Legal advisers"), "fazhi.advisers.views.to_advisers"),),
)

MORE_PAGES = (CONTRACTS,)

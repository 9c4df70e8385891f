"""The disclosure ledger's pages, API and Excel import, declared on the ledger framework (``fazhi.ledgers.pages``):
each action with its form (``forms.FORMS``) and the statuses the page offers it in."""

from django.utils.translation import gettext_lazy as _

from fazhi.disclosure.forms import FORMS
from fazhi.ledgers.pages import Action, Column, Pages, Report

HANDLING = ("received", "consulting")


def _action(run: str, label, statuses=()) -> Action:
    return Action(run, label, f"fazhi.disclosure.forms.{FORMS[run].__name__}", f"fazhi.disclosure.actions.{run}",
                  statuses=statuses)


PAGES = Pages(
    key="disclosure", model="disclosure.Request", title_field="requester_name",
    label=_("Requests for government information"),
    columns=(Column("number", link=True), Column("agency", kind="agency"), Column("requester_name"),
             Column("channel"), Column("received_on"), Column("reply_type"), Column("status"),
             Column("next_deadline", kind="deadline")),
    facts=("number", "tracking_code", "requester_name", "requester_kind", "organisation_kind", "requester_address",
           "requester_phone", "requester_email", "id_kind", "id_number", "description", "purpose", "channel",
           "received_on", "correction_requested_on", "correction_items", "correction_period_ends", "corrected_on",
           "correction_late_reason", "consultation_due", "extension_days", "extended_on", "extension_reason",
           "extension_approver", "extension_notified_on", "replied_on", "reply_type", "reply_ground", "reply_text",
           "where_public", "competent_agency", "delivery", "fee", "closed_on", "reconsideration_filed_on",
           "reconsideration_outcome", "litigation_filed_on", "litigation_outcome"),
    search=("number", "requester_name", "description"), year_field="received_on",
    closed_statuses=("abandoned",), literal=("tracking_code",),
    reports=(Report("annual", _("Tables of the annual disclosure report"), "fazhi.disclosure.annual.view"),),
    create=_action("receive_request", _("Register a request")),
    actions=(
        _action("request_correction", _("Ask for a correction (补正)"), ("received",)),
        _action("record_correction", _("Record the corrected request"), ("correcting",)),
        _action("treat_as_abandoned", _("Take as given up (not corrected in time)"), ("correcting",)),
        _action("start_consultation", _("Consult a third party or another agency"), ("received",)),
        _action("record_consultation_answer", _("Record the consulted party's view"), ("consulting",)),
        _action("extend", _("Extend the reply period"), HANDLING),
        _action("reply", _("Reply"), ("received",)),
        _action("record_review_or_suit", _("Record a reconsideration or lawsuit over the reply"),
                ("replied", "abandoned")),
    ),
    imported=("request_correction", "record_correction", "start_consultation", "record_consultation_answer", "extend",
              "reply", "record_review_or_suit"),
)

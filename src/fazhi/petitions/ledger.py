"""The petitions ledger's pages, API and Excel import, declared on the ledger framework (``fazhi.ledgers.pages``):
each action with its form (``forms.FORMS``) and the statuses the page offers it in."""

from django.utils.translation import gettext_lazy as _

from fazhi.ledgers.pages import Action, Child, Column, Pages
from fazhi.petitions.forms import FORMS
from fazhi.petitions.models import Matter

S = Matter.Status


def _action(run: str, label, statuses=()) -> Action:
    return Action(run, label, f"fazhi.petitions.forms.{FORMS[run].__name__}", f"fazhi.petitions.actions.{run}",
                  statuses=tuple(str(s) for s in statuses))


PAGES = Pages(
    key="petitions", model="petitions.Matter", title_field="subject",
    label=_("Petitions (letters and visits)"),
    columns=(Column("number", link=True), Column("subject"), Column("petitioner_name"), Column("channel"),
             Column("agency", kind="agency"), Column("received_on"), Column("status"),
             Column("next_deadline", kind="deadline")),
    facts=("number", "channel", "received_via", "forwarded_by", "petitioner_name", "petitioner_contact",
           "identity_unclear", "persons", "subject", "category", "request", "received_on", "repeat_of",
           "notified_on", "objected_on", "objection_reason", "objection_answered_on", "objection_agreed",
           "objection_answer", "forwarded_on", "forward_kind", "forwarded_to", "declined_on", "decline_ground",
           "legal_route", "decline_note", "accepted_on", "extended_on", "extension_days", "extension_reason",
           "extension_approver", "extension_notified_on", "replied_on", "reply_served_on", "reply_outcome",
           "reply_summary", "evaluation", "evaluated_on", "evaluation_note", "review_requested_on", "review_body",
           "reviewed_on", "review_served_on", "review_outcome", "review_summary", "recheck_requested_on",
           "recheck_body", "recheck_hearing_from", "recheck_hearing_to", "rechecked_on", "recheck_outcome",
           "recheck_summary", "closed_on", "closing_note"),
    search=("number", "subject", "petitioner_name"), year_field="received_on",
    closed_statuses=tuple(str(s) for s in Matter.FINAL_STATUSES),
    create=_action("register_matter", _("Register a petition")),
    actions=(
        _action("notify_petitioner", _("Record the notice to the petitioner"), (S.RECEIVED, S.ACCEPTED)),
        _action("object_to_routing", _("Object to the routing"), (S.RECEIVED,)),
        _action("record_objection_answer", _("Record the answer to the objection"), (S.OBJECTED,)),
        _action("forward_matter", _("Forward to the competent body"), (S.RECEIVED,)),
        _action("decline_matter", _("Do not take up"), (S.RECEIVED,)),
        _action("accept_matter", _("Accept for handling"), (S.RECEIVED,)),
        _action("extend_handling", _("Extend the handling period"), (S.ACCEPTED,)),
        _action("issue_opinion", _("Record the handling opinion"), (S.ACCEPTED,)),
        _action("record_evaluation", _("Record the petitioner's evaluation"), Matter.AFTER_REPLY),
        _action("request_review", _("Record a request for review"), (S.REPLIED,)),
        _action("decide_review", _("Record the review opinion"), (S.UNDER_REVIEW,)),
        _action("request_recheck", _("Record a request for a second review"), (S.REVIEWED,)),
        _action("record_recheck_hearing", _("Record the hearing of the second review"), (S.UNDER_RECHECK,)),
        _action("decide_recheck", _("Record the second review opinion"), (S.UNDER_RECHECK,)),
        _action("close_matter", _("Close the matter"), (S.REPLIED, S.REVIEWED)),
    ),
    imported=("accept_matter", "issue_opinion", "record_evaluation", "close_matter"),
    children=(Child("repeats", ("number", "received_on", "status"), label=_("repeated petitions")),),
)

"""The reconsideration ledger's pages, API and Excel import, declared on the ledger framework
(``fazhi.ledgers.pages``): each action with its form (``forms.FORMS``) and the statuses the page offers it in."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.ledgers.pages import Action, Column, Pages
from fazhi.reconsideration.forms import FORMS

UNDER_REVIEW = ("accepted", "suspended")


def _action(run: str, label, statuses=()) -> Action:
    return Action(run, label, f"fazhi.reconsideration.forms.{FORMS[run].__name__}",
                  f"fazhi.reconsideration.actions.{run}", statuses=statuses)


PAGES = Pages(
    key="reconsideration", model="reconsideration.Case", title_field="applicant_name",
    label=_("Administrative reconsideration"),
    columns=(Column("number", link=True), Column("applicant_name"), Column("respondent_name"),
             Column("act_category"), Column("received_on"), Column("status"),
             Column("next_deadline", kind="deadline")),
    facts=("number", "applicant_name", "applicant_kind", "applicant_contact", "third_parties", "respondent_name",
           "act", "act_category", "amount", "request", "knew_on", "not_informed", "channel", "received_on",
           "correction_requested_on", "correction_items", "corrected_on", "accepted_on", "deemed_accepted",
           "refused_on", "refusal_ground", "refusal_reason", "competent_body", "procedure", "simplified_ground",
           "copy_sent_on", "answer_received_on", "hearing_required", "hearing_held_on", "committee_required",
           "committee_consulted_on", "extension_days", "extension_reason", "reviewed_document", "decided_on",
           "outcome", "decision_number", "reasoning", "published_on", "recommendation_sent_on",
           "recommendation_addressee", "recommendation_replied_on", "closed_on", "closure"),
    search=("number", "applicant_name", "respondent_name"), year_field="received_on",
    create=_action("receive_application", _("Register an application")),
    actions=(
        _action("request_correction", _("Ask for a correction (补正)"), ("received",)),
        _action("record_correction", _("Record the correction"), ("correcting",)),
        _action("treat_as_withdrawn", _("Treat as withdrawn (not corrected in time)"), ("correcting",)),
        _action("accept", pgettext_lazy("reconsideration", "Accept"), ("received",)),
        _action("refuse", _("Refuse to accept"), ("received",)),
        _action("send_copy", _("Send the copy to the respondent"), UNDER_REVIEW),
        _action("record_answer", _("Record the respondent's answer"), UNDER_REVIEW),
        _action("switch_to_ordinary", _("Switch to the ordinary procedure"), UNDER_REVIEW),
        _action("mark_major", _("Hearing or committee required"), UNDER_REVIEW),
        _action("record_hearing", _("Record the hearing"), ("accepted",)),
        _action("consult_committee", _("Record the committee's opinion"), ("accepted",)),
        _action("suspend", _("Suspend the review"), ("accepted",)),
        _action("resume", _("Resume the review"), ("suspended",)),
        _action("extend", _("Extend the time limit"), UNDER_REVIEW),
        _action("record_document_review", _("Record a normative document to review"), UNDER_REVIEW),
        _action("decide", _("Decide"), UNDER_REVIEW),
        _action("publish_decision", _("Publish the decision"), ("decided",)),
        _action("send_recommendation", _("Send a recommendation letter (意见书)"), (*UNDER_REVIEW, "decided")),
        _action("record_recommendation_reply", _("Record the reply to the letter"), (*UNDER_REVIEW, "decided",
                                                                                     "closed")),
    ),
    imported=("accept", "send_copy", "record_answer", "decide", "publish_decision"),
)

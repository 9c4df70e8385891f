"""The suggestions ledger's pages, API and Excel import, declared on the ledger framework (``fazhi.ledgers.pages``):
each action with its form (``forms.FORMS``) and the statuses the page offers it in."""

from django.utils.translation import gettext_lazy as _

from fazhi.ledgers.pages import Action, Child, Column, Pages
from fazhi.suggestions.forms import FORMS

OPEN = ("assigned", "in_progress")


def _action(run: str, label, statuses=()) -> Action:
    return Action(run, label, f"fazhi.suggestions.forms.{FORMS[run].__name__}", f"fazhi.suggestions.actions.{run}",
                  statuses=statuses)


PAGES = Pages(
    key="suggestions", model="suggestions.Item", title_field="title",
    label=_("Deputies' suggestions and CPPCC proposals"),
    columns=(Column("number", link=True), Column("title"), Column("kind"), Column("proposer"),
             Column("agency", kind="agency"), Column("assigned_on"), Column("status"),
             Column("next_deadline", kind="deadline")),
    facts=("kind", "raised_during", "session", "number", "title", "proposer", "co_proposers", "category", "summary",
           "assigned_by", "assigned_on", "extended_on", "extension_months", "extension_reason", "extension_approver",
           "contacted_on", "contact_method", "contact_note", "answered_on", "answer_category", "answer_summary",
           "feedback", "feedback_on", "feedback_note", "no_rehandling_reason", "reopened_on", "reopen_note",
           "reanswered_on", "reanswer_category", "reanswer_summary", "second_feedback", "second_feedback_on",
           "second_feedback_note", "published_on", "closed_on", "closing_note"),
    search=("number", "title", "proposer", "session"), year_field="assigned_on",
    closed_statuses=("closed",),
    create=_action("assign_item", _("Record an assigned suggestion or proposal")),
    actions=(
        _action("add_co_handler", _("Add a co-handling agency (会办)"), OPEN),
        _action("record_co_handler_opinion", _("Record a co-handler's opinion"), OPEN),
        _action("record_contact", _("Record a contact with the proposer (沟通)"), (*OPEN, "reopened")),
        _action("extend_answer", _("Approve a longer period"), OPEN),
        _action("answer", _("Record the answer (答复)"), OPEN),
        _action("record_feedback", _("Record the proposer's feedback"), ("answered",)),
        _action("reopen", _("Handle again (重新办理)"), ("rated",)),
        _action("answer_again", _("Record the second answer"), ("reopened",)),
        _action("publish_answer", _("Record the publication of the answer"), ("answered", "rated", "closed")),
        _action("close_item", _("Close the item"), ("answered", "rated")),
    ),
    imported=("record_contact", "answer", "record_feedback", "publish_answer", "close_item"),
    children=(Child("co_handlers", ("name", "assigned_on", "opinion_due", "opinion_sent_on", "opinion")),),
)

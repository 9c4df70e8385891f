"""The litigation ledger's pages, API and Excel import, declared on the ledger framework (``fazhi.ledgers.pages``)."""

from django.utils.translation import gettext_lazy as _

from fazhi.ledgers.pages import Action, Child, Column, Pages

FORMS, ACTIONS = "fazhi.litigation.forms", "fazhi.litigation.actions"
AFTER_SERVICE = ("served", "defending", "heard")


def _action(name: str, label, form: str, run: str, statuses=()) -> Action:
    return Action(name, label, f"{FORMS}.{form}", f"{ACTIONS}.{run}", statuses=statuses)


PAGES = Pages(
    key="litigation", model="litigation.Case", title_field="cause", label=_("Administrative litigation"),
    columns=(Column("number", link=True), Column("cause"), Column("plaintiff_name"), Column("court"),
             Column("agency", kind="agency"), Column("served_on"), Column("status"),
             Column("next_deadline", kind="deadline")),
    facts=("number", "court", "court_level", "instance", "earlier_number", "cause", "act_category", "act",
           "plaintiff_name", "plaintiff_kind", "reconsideration_ref", "served_on", "defence_filed_on", "evidence",
           "defence_late_reason", "concluded_on", "outcome", "judgment_served_on", "judgment_summary",
           "appealed_on", "appellant", "appeal_late_reason", "closed_on", "closing_note"),
    search=("number", "cause", "plaintiff_name"), year_field="served_on",
    create=_action("register", _("Register a lawsuit"), "CaseForm", "register_case"),
    actions=(
        _action("defence", _("File the defence"), "DefenceForm", "file_defence", ("served",)),
        _action("hearing", _("Record a hearing"), "HearingForm", "record_hearing", AFTER_SERVICE),
        _action("judgment", _("Record the judgment or ruling"), "JudgmentForm", "record_judgment", AFTER_SERVICE),
        _action("appeal", _("Record an appeal"), "AppealForm", "record_appeal", ("concluded",)),
        _action("close", _("Close the case"), "CloseForm", "close_case", ("concluded", "appealed")),
        _action("suggestion", _("Receive a judicial or procuratorial suggestion"), "SuggestionForm",
                "receive_suggestion"),
        _action("reply", _("Reply to a suggestion"), "ReplyForm", "reply_suggestion"),
    ),
    imported=("defence", "judgment", "appeal", "close"),
    children=(
        Child("hearings", ("held_on", "head_notified", "head_appeared", "head_name", "head_post", "staff_appeared",
                           "absence_reason", "absence_proof", "note")),
        Child("suggestions", ("kind", "issuer", "number", "received_on", "content", "reply_due", "replied_on",
                              "reply_summary")),
    ),
)

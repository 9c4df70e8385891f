"""The rectification ledger's pages, API and Excel import, declared on the ledger framework
(``fazhi.ledgers.pages``): each action with its form (``forms.FORMS``) and the statuses the page offers it in, and
the supervisor's page of the counties side by side."""

from django.utils.translation import gettext_lazy as _

from fazhi.assessment.forms import FORMS
from fazhi.ledgers.pages import Action, Child, Column, Pages, Report

OPEN = ("assigned", "in_progress")
#: Actions that carry a file.
MULTIPART = ("report_progress", "request_closing")


#: The office's steps (督察规定: the office follows up rectification): not offered to the department's clerk.
OFFICE = ("record_finding", "extend_deadline", "accept_closing", "return_item")


def _action(run: str, label, statuses=()) -> Action:
    return Action(run, label, f"fazhi.assessment.forms.{FORMS[run].__name__}", f"fazhi.assessment.actions.{run}",
                  statuses=statuses, multipart=run in MULTIPART, office=run in OFFICE)


PAGES = Pages(
    key="assessment", model="assessment.Rectification", title_field="title",
    label=_("Inspections and rectification"),
    columns=(Column("inspection_reference"), Column("title", link=True),
             Column("agency", kind="agency"), Column("responsible_person"), Column("assigned_on"), Column("status"),
             Column("next_deadline", kind="deadline")),
    facts=("inspection", "finding", "title", "responsible_person", "assigned_on", "deadline_set", "extended_on",
           "extended_until", "extension_reason", "plan_on", "plan", "closing_requested_on", "closing_summary",
           "returned_on", "return_reason", "times_returned", "closed_on", "review_note"),
    search=("title", "responsible_person", "inspection_reference"), year_field="assigned_on",
    closed_statuses=("closed",),
    create=_action("record_finding", _("Record an inspection finding and assign its rectification")),
    actions=(
        _action("record_plan", _("Record the rectification plan (整改方案)"), OPEN),
        _action("report_progress", _("Report progress (整改进展)"), OPEN),
        _action("request_closing", _("Ask to close the item, with evidence (申请销号)"), ("in_progress",)),
        _action("extend_deadline", _("Approve a longer period (延期整改)"), OPEN),
        _action("accept_closing", _("Close the item (销号)"), ("requested",)),
        _action("return_item", _("Return it for more rectification"), ("requested",)),
    ),
    imported=("record_plan",),
    children=(Child("progress_reports", ("reported_on", "text", "attachment_name")),),
    reports=(Report("counties", _("Open rectification by county"), "fazhi.assessment.views.counties"),),
)

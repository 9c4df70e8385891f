"""The assessment ledger's pages, API and Excel import, declared on the ledger framework (``fazhi.ledgers.pages``):
the rectification items (``PAGES``, each action with its form in ``forms.FORMS`` and the statuses the page offers it
in, and the supervisor's page of the counties side by side) and the self-assessments on indicator systems
(``MORE_PAGES``, under the namespace ``assessment:self_assessments``). Each list links the other, the indicator
systems and the ranking (``related``)."""

from django.utils.translation import gettext_lazy as _

from fazhi.assessment.forms import FORMS
from fazhi.ledgers.pages import Action, Child, Column, Pages, Report

OPEN = ("assigned", "in_progress")
#: Actions that carry a file.
MULTIPART = ("report_progress", "request_closing")

RELATED = (
    (_("Rectification items"), "assessment:list"),
    (_("Self-assessments"), "assessment:self_assessments:list"),
    (_("Indicator systems"), "assessment:systems"),
    (_("Ranking"), "assessment:ranking"),
)


#: The office's steps (督察规定: the office follows up rectification): not offered to the department's clerk.
OFFICE = ("record_finding", "extend_deadline", "accept_closing", "return_item")


def _action(run: str, label, statuses=()) -> Action:
    return Action(run, label, f"fazhi.assessment.forms.{FORMS[run].__name__}", f"fazhi.assessment.actions.{run}",
                  statuses=statuses, multipart=run in MULTIPART, office=run in OFFICE)


def _scoring(run: str, label, statuses=(), permitted: str = "can_fill") -> Action:
    return Action(run, label, f"fazhi.assessment.forms.{FORMS[run].__name__}", f"fazhi.assessment.scoring.{run}",
                  statuses=statuses, permitted=f"fazhi.assessment.scoring.{permitted}")


def _related(own: str) -> tuple:
    return tuple((label, url) for label, url in RELATED if url != own)


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
    related=_related("assessment:list"),
)


SELF_ASSESSMENTS = Pages(
    key="self_assessments", namespace="assessment:self_assessments", model="assessment.SelfAssessment",
    title_field="title", label=_("Self-assessments on indicator systems"),
    columns=(Column("title", link=True), Column("agency", kind="agency"), Column("year"), Column("submitted_on"),
             Column("status"), Column("next_deadline", kind="deadline")),
    facts=("system", "year", "due_on", "summary", "submitted_on", "returned_on", "return_reason", "times_returned",
           "scored_on", "published_on"),
    search=("title",),
    create=_scoring("open_self_assessment", _("Start a self-assessment (自评)")),
    actions=(
        _scoring("record_summary", _("Write the overall account"), ("draft",)),
        _scoring("submit_self_assessment", _("Submit it to the rule-of-law office"), ("draft",)),
        _scoring("return_self_assessment", _("Return it for revision"), ("submitted", "scored"), "can_score"),
        _scoring("finish_scoring", _("Finish the scoring"), ("submitted",), "can_score"),
        _scoring("publish_result", _("Publish the result to the body"), ("scored",), "can_score"),
    ),
    horizon=30,
    detail_template="assessment/self_assessment.html",
    detail_extra="fazhi.assessment.self_views.detail_extra",
    related=_related("assessment:self_assessments:list"),
)

#: The ledger's other pages, declared beside ``PAGES`` (``fazhi.ledgers.pages.declared``).
MORE_PAGES = (SELF_ASSESSMENTS,)

"""Forms of the suggestions ledger: one per action, its cleaned data exactly the action's keyword arguments.

The generic pages and API call ``action(item, by=user, **form.cleaned_data)``, and for the assignment
``assign_item(agency=agency, by=user, **form.cleaned_data)`` (the page chooses the lead agency). Each field is named
as the action names it in a refusal, so the refusal lands at its field; the forms check types and lengths, the actions
the rules.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.limits import TextRules
from fazhi.ledgers.forms import date_field as _date
from fazhi.ledgers.forms import text_field as _text
from fazhi.ledgers.forms import today as _today
from fazhi.org.models import Agency
from fazhi.suggestions.models import Item


def _choice(label, choices, *, required: bool = True, **kwargs) -> forms.ChoiceField:
    if not required:
        choices = [("", "---------"), *choices]
    return forms.ChoiceField(label=label, choices=choices, required=required, **kwargs)


class _Form(TextRules, forms.Form):
    pass


class ItemForm(_Form):
    """``assign_item``: a suggestion or proposal assigned to the lead agency (交办)."""

    kind = _choice(_("Kind"), Item.Kind.choices)
    raised_during = _choice(_("Raised"), Item.RaisedDuring.choices, initial=Item.RaisedDuring.SESSION,
                            help_text=_("A province may give CPPCC proposals of the plenary session a longer period."))
    session = forms.CharField(label=_("Session"), max_length=100,
                              help_text=_("Such as 示范县第十八届人民代表大会第三次会议."))
    number = forms.CharField(label=_("Number"), max_length=40,
                             help_text=_("The item's number in its session (建议号、提案号)."))
    title = forms.CharField(label=_("Title"), max_length=300)
    proposer = forms.CharField(label=_("Main proposer"), max_length=100,
                               help_text=_("The deputy who led it (领衔代表) or the first proposer."))
    co_proposers = _text(_("Other proposers"), rows=2, required=False)
    category = _choice(_("Subject"), Item.Category.choices, required=False)
    summary = _text(_("What it asks"), rows=3, required=False)
    assigned_by = forms.CharField(label=_("Assigned by"), max_length=100, required=False,
                                  help_text=_("Usually the government office (政府办公室)."))
    assigned_on = _date(_("Assigned on (交办)"), initial=_today,
                        help_text=_("The answer period runs from it (代表法 第51条: 3 months for a deputy's "
                                    "suggestion)."))


class CoHandlerForm(_Form):
    """``add_co_handler``: a co-handling agency (会办单位)."""

    co_agency = forms.ModelChoiceField(
        label=_("Co-handling agency"), required=False, to_field_name="code",
        queryset=Agency.objects.filter(is_active=True).select_related("region").order_by("region__code", "name"),
        help_text=_("When it keeps its records in fazhi."))
    co_name = forms.CharField(label=_("Co-handling agency's name"), max_length=200, required=False,
                              help_text=_("For a body outside fazhi; filled from the agency otherwise."))
    co_assigned_on = _date(_("Co-handling assigned on"), initial=_today,
                           help_text=_("Its opinion is due within the province's period (one month by default, "
                                       "unconfirmed)."))


class CoHandlerOpinionForm(_Form):
    """``record_co_handler_opinion``."""

    co_name = forms.CharField(label=_("Co-handling agency's name"), max_length=200, required=False,
                              help_text=_("Empty when only one co-handler's opinion is awaited."))
    opinion_sent_on = _date(_("Opinion sent on"), initial=_today)
    opinion = _text(_("Co-handling opinion"), rows=3)


class ContactForm(_Form):
    """``record_contact``: a contact with the proposer (沟通)."""

    contacted_on = _date(_("Proposer contacted on (沟通)"), initial=_today)
    contact_method = _choice(_("How the proposer was contacted"), Item.ContactMethod.choices)
    contact_note = _text(_("What was discussed"), rows=3, required=False)


class ExtendForm(_Form):
    """``extend_answer``: a longer period for a wide-ranging or difficult item (代表法 第51条)."""

    extended_on = _date(_("Longer period approved on"), initial=_today)
    extension_months = forms.IntegerField(label=_("Months of extension"), min_value=1, max_value=12,
                                          help_text=_("Never past 6 months from the assignment (代表法 第51条)."))
    extension_reason = _text(_("Why the item needs longer"), rows=2)
    extension_approver = forms.CharField(label=_("Extension approved by"), max_length=100)


class AnswerForm(_Form):
    """``answer``: the answer to the proposer (答复)."""

    answered_on = _date(_("Answered on (答复)"), initial=_today)
    answer_category = _choice(_("Answer category"), Item.AnswerCategory.choices)
    answer_summary = _text(_("What the answer says"), rows=4)


class FeedbackForm(_Form):
    """``record_feedback``: the proposer's rating of the answer (征询意见表)."""

    feedback = _choice(_("Proposer's feedback"), Item.Feedback.choices)
    feedback_on = _date(_("Feedback received on"), initial=_today)
    feedback_note = _text(_("Proposer's comments"), rows=2, required=False)
    no_rehandling_reason = _text(_("Why it is not handled again"), rows=2, required=False,
                                 help_text=_("Only when not satisfied and the item is not handled again."))


class ReopenForm(_Form):
    """``reopen``: the second handling after a rating of not satisfied (重新办理)."""

    reopened_on = _date(_("Second handling started on"), initial=_today)
    reopen_note = _text(_("What the second handling addresses"), rows=2, required=False)


class AnswerAgainForm(_Form):
    """``answer_again``: the second answer."""

    reanswered_on = _date(_("Answered again on"), initial=_today)
    reanswer_category = _choice(_("Category of the second answer"), Item.AnswerCategory.choices)
    reanswer_summary = _text(_("What the second answer says"), rows=4)


class PublishForm(_Form):
    """``publish_answer``: the answer published (办理复文公开)."""

    published_on = _date(_("Answer published on"), initial=_today)


class CloseForm(_Form):
    """``close_item``."""

    closed_on = _date(_("Closed on"), initial=_today)
    closing_note = _text(_("Closing note"), rows=2, required=False,
                         help_text=_("Needed when the feedback did not come, when a not satisfied item is not handled "
                                     "again, or when the answer is not published where it is expected."))


#: Each action with its form (the contract of the generic pages and API).
FORMS = {
    "assign_item": ItemForm,
    "add_co_handler": CoHandlerForm,
    "record_co_handler_opinion": CoHandlerOpinionForm,
    "record_contact": ContactForm,
    "extend_answer": ExtendForm,
    "answer": AnswerForm,
    "record_feedback": FeedbackForm,
    "reopen": ReopenForm,
    "answer_again": AnswerAgainForm,
    "publish_answer": PublishForm,
    "close_item": CloseForm,
}

"""Forms of the petitions ledger: one per action, its cleaned data exactly the action's keyword arguments.

The generic pages and API call ``action(matter, by=user, **form.cleaned_data)``, and for the registration
``register_matter(agency=agency, by=user, **form.cleaned_data)`` (the page chooses the agency). Each field is named as
the action names it in a refusal, so the refusal lands at its field; the forms check types and lengths, the actions
the regulations. A repeated petition names the earlier matter by its number in the same agency's register, so the
form offers no list of other people's matters.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.limits import TextRules
from fazhi.ledgers.forms import date_field as _date
from fazhi.ledgers.forms import text_field as _text
from fazhi.ledgers.forms import today as _today
from fazhi.org.models import Agency
from fazhi.petitions.models import MAX_EXTENSION_DAYS, Matter


def _choice(label, choices, *, required: bool = True, **kwargs) -> forms.ChoiceField:
    if not required:
        choices = [("", "---------"), *choices]
    return forms.ChoiceField(label=label, choices=choices, required=required, **kwargs)


def _agency(label, **kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label, required=False, to_field_name="code",
        queryset=Agency.objects.filter(is_active=True).select_related("region").order_by("region__code", "name"),
        **kwargs)


class _Form(TextRules, forms.Form):
    pass


class RegisterForm(_Form):
    """``register_matter``: a petition received (Regulations on Petition Work, Arts. 17–23)."""

    number = forms.CharField(label=_("Number"), max_length=40,
                             help_text=_("The matter's number in the petition register (信访件编号)."))
    channel = _choice(_("Channel"), Matter.Channel.choices)
    received_via = _choice(_("How it came"), Matter.Route.choices, initial=Matter.Route.DIRECT)
    forwarded_by = forms.CharField(label=_("Forwarded or assigned by"), max_length=200, required=False,
                                   help_text=_("The petition bureau or higher body, for a matter it sent."))
    petitioner_name = forms.CharField(label=_("Petitioner"), max_length=200,
                                      help_text=_("The petitioner, or the representatives of a group."))
    petitioner_contact = forms.CharField(label=_("Petitioner's address or telephone"), max_length=200,
                                         required=False)
    identity_unclear = forms.BooleanField(
        label=_("Name or address unclear"), required=False,
        help_text=_("Then no written notice is sent (Regulations on Petition Work, Art. 23)."))
    persons = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=9999, required=False,
                                 initial=1, help_text=_("Those who came in person, or who signed the letter."))
    subject = forms.CharField(label=_("Subject"), max_length=300)
    category = _choice(_("Category"), Matter.Category.choices)
    request = _text(_("What the petitioner asks"), rows=3, required=False)
    received_on = _date(_("Received on"), initial=_today,
                        help_text=_("The 15 days to forward the matter or tell the petitioner run from it."))
    repeat_of_number = forms.CharField(
        label=_("Repeats matter number"), max_length=40, required=False,
        help_text=_("For a repeated petition (重复信访): the number of the agency's earlier matter on the same "
                    "request."))


class NoticeForm(_Form):
    """``notify_petitioner``: the written notice of receipt and route (Art. 23)."""

    notified_on = _date(_("Petitioner told on"), initial=_today)


class ObjectionForm(_Form):
    """``object_to_routing``: a forwarded matter outside the agency's remit (Art. 23)."""

    objected_on = _date(_("Objection raised on"), initial=_today,
                        help_text=_("Within 5 working days of receipt (Regulations on Petition Work, Art. 23)."))
    objection_reason = _text(_("Why the agency is not competent"), rows=3)


class ObjectionAnswerForm(_Form):
    """``record_objection_answer``."""

    objection_answered_on = _date(_("Forwarding body answered on"), initial=_today)
    objection_agreed = forms.BooleanField(
        label=_("Forwarding body agreed"), required=False,
        help_text=_("Ticked, the materials go back to it; otherwise the agency takes the matter up."))
    objection_answer = _text(_("Forwarding body's answer"), rows=2, required=False)


class ForwardForm(_Form):
    """``forward_matter``: forwarded or assigned to the competent body (Art. 22)."""

    forwarded_on = _date(_("Forwarded on"), initial=_today,
                         help_text=_("Within 15 days of receipt (Regulations on Petition Work, Art. 22)."))
    forward_kind = _choice(_("Forwarded how"), Matter.ForwardKind.choices, initial=Matter.ForwardKind.FORWARD)
    forwarded_to_agency = _agency(_("Forwarded to agency"), help_text=_("When it keeps its records in fazhi."))
    forwarded_to = forms.CharField(label=_("Forwarded to"), max_length=200, required=False,
                                   help_text=_("For a body outside fazhi; filled from the agency otherwise."))
    notified_on = _date(_("Petitioner told on"), required=False,
                        help_text=_("The day the petitioner was told where the matter went."))


class DeclineForm(_Form):
    """``decline_matter``: not taken up as a petition (Arts. 31, 36)."""

    declined_on = _date(_("Declined on"), initial=_today)
    decline_ground = _choice(_("Why it is not taken up"), Matter.DeclineGround.choices)
    legal_route = _choice(_("Legal procedure"), Matter.LegalRoute.choices, required=False,
                          help_text=_("For a complaint belonging to a legal procedure (Regulations on Petition Work, "
                                      "Art. 31)."))
    decline_note = _text(_("What the petitioner was told"), rows=2)
    notified_on = _date(_("Petitioner told on"), required=False)


class AcceptForm(_Form):
    """``accept_matter``."""

    accepted_on = _date(_("Accepted on"), initial=_today,
                        help_text=_("The handling opinion is due 60 days later (Regulations on Petition Work, "
                                    "Art. 34)."))
    notified_on = _date(_("Petitioner told on"), required=False,
                        help_text=_("The written notice of receipt and route, within 15 days of receipt (Art. 23)."))


class ExtendForm(_Form):
    """``extend_handling``: at most 30 more days (Art. 34)."""

    extended_on = _date(_("Extension approved on"), initial=_today)
    extension_days = forms.IntegerField(label=_("Days of extension"), min_value=1, max_value=MAX_EXTENSION_DAYS,
                                        help_text=_("At most 30 days (Regulations on Petition Work, Art. 34)."))
    extension_reason = _text(_("Why the matter needs longer"), rows=2)
    extension_approver = forms.CharField(label=_("Extension approved by"), max_length=100,
                                         help_text=_("The head of the agency."))
    extension_notified_on = _date(_("Petitioner told of the extension on"), required=False,
                                  help_text=_("Required unless the name or address is unclear."))


class OpinionForm(_Form):
    """``issue_opinion``: the handling opinion (信访处理意见书)."""

    replied_on = _date(_("Handling opinion issued on"), initial=_today)
    reply_outcome = _choice(_("Handling opinion"), Matter.ReplyOutcome.choices)
    reply_summary = _text(_("What the opinion says, and its basis"), rows=4)
    reply_served_on = _date(_("Handling opinion received by the petitioner on"), required=False,
                            help_text=_("The 30 days to ask for a review run from it; add it later if not known."))


class EvaluationForm(_Form):
    """``record_evaluation``: the petitioner's evaluation of the handling (Art. 21)."""

    evaluation = _choice(_("Petitioner's evaluation"), Matter.Evaluation.choices)
    evaluated_on = _date(_("Evaluated on"), initial=_today)
    evaluation_note = _text(_("Petitioner's comments"), rows=2, required=False)


class ReviewRequestForm(_Form):
    """``request_review``: a review (复查) asked for (Art. 35)."""

    review_requested_on = _date(_("Review asked for on"), initial=_today)
    review_agency = _agency(_("Reviewing agency"), help_text=_("When it keeps its records in fazhi."))
    review_body = forms.CharField(label=_("Reviewing body"), max_length=200, required=False,
                                  help_text=_("For a body outside fazhi; filled from the agency otherwise."))


class ReviewForm(_Form):
    """``decide_review``."""

    reviewed_on = _date(_("Review opinion issued on"), initial=_today)
    review_outcome = _choice(_("Review outcome"), Matter.ReviewOutcome.choices)
    review_summary = _text(_("What the review opinion says"), rows=3)
    review_served_on = _date(_("Review opinion received by the petitioner on"), required=False)


class RecheckRequestForm(_Form):
    """``request_recheck``: a second review (复核) asked for (Art. 36)."""

    recheck_requested_on = _date(_("Second review asked for on"), initial=_today)
    recheck_agency = _agency(_("Agency of the second review"), help_text=_("When it keeps its records in fazhi."))
    recheck_body = forms.CharField(label=_("Body of the second review"), max_length=200, required=False,
                                   help_text=_("For a body outside fazhi; filled from the agency otherwise."))


class RecheckHearingForm(_Form):
    """``record_recheck_hearing``: its days are not counted (Art. 36)."""

    recheck_hearing_from = _date(_("Hearing from"))
    recheck_hearing_to = _date(_("Hearing to"))


class RecheckForm(_Form):
    """``decide_recheck``."""

    rechecked_on = _date(_("Second review opinion issued on"), initial=_today)
    recheck_outcome = _choice(_("Second review outcome"), Matter.ReviewOutcome.choices)
    recheck_summary = _text(_("What the second review opinion says"), rows=3)


class CloseForm(_Form):
    """``close_matter``."""

    closed_on = _date(_("Closed on"), initial=_today)
    closing_note = _text(_("Closing note"), rows=2, required=False,
                         help_text=_("Needed when the matter is closed while the petitioner may still ask for a "
                                     "review and is not satisfied."))


#: Each action with its form (the contract of the generic pages and API).
FORMS = {
    "register_matter": RegisterForm,
    "notify_petitioner": NoticeForm,
    "object_to_routing": ObjectionForm,
    "record_objection_answer": ObjectionAnswerForm,
    "forward_matter": ForwardForm,
    "decline_matter": DeclineForm,
    "accept_matter": AcceptForm,
    "extend_handling": ExtendForm,
    "issue_opinion": OpinionForm,
    "record_evaluation": EvaluationForm,
    "request_review": ReviewRequestForm,
    "decide_review": ReviewForm,
    "request_recheck": RecheckRequestForm,
    "record_recheck_hearing": RecheckHearingForm,
    "decide_recheck": RecheckForm,
    "close_matter": CloseForm,
}

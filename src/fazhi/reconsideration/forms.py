"""Forms of the reconsideration ledger: one per action, its cleaned data exactly the action's keyword arguments.

The generic pages and API call ``action(case, by=user, **form.cleaned_data)``, and for the opening
``receive_application(agency=agency, by=user, **form.cleaned_data)`` (the page chooses the agency). Each field is named
as the action names it in a refusal, so the refusal lands at its field; the forms check types and lengths, the actions
the law. The forms take no record: what a choice offers does not depend on the case.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.limits import TextRules
from fazhi.ledgers.forms import date_field as _date
from fazhi.ledgers.forms import text_field as _text
from fazhi.ledgers.forms import today as _today
from fazhi.org.models import Agency
from fazhi.reconsideration.models import Case


def _choice(label, choices, *, required: bool = True, **kwargs) -> forms.ChoiceField:
    if not required:
        choices = [("", "---------"), *choices]
    return forms.ChoiceField(label=label, choices=choices, required=required, **kwargs)


class _Form(TextRules, forms.Form):
    pass


# The application and its examination ----------------------------------------------------------------------------


class ApplicationForm(_Form):
    """``receive_application``: an application received (行政复议法 第20–22条)."""

    number = forms.CharField(label=_("Case number (案号)"), max_length=60)
    applicant_name = forms.CharField(label=_("Applicant (申请人)"), max_length=200)
    applicant_kind = _choice(_("Kind of applicant"), Case.ApplicantKind.choices)
    applicant_contact = forms.CharField(label=_("Applicant's contact"), max_length=200, required=False,
                                        help_text=_("Address and telephone for service of documents."))
    third_parties = _text(_("Third parties (第三人)"), rows=2, required=False)
    respondent = forms.ModelChoiceField(
        label=_("Respondent (被申请人)"), required=False, to_field_name="code",
        queryset=Agency.objects.filter(is_active=True).select_related("region").order_by("region__code", "name"),
        help_text=_("The agency that made the act, when it keeps its records in fazhi (行政复议法 第19条)."))
    respondent_name = forms.CharField(label=_("Respondent's name"), max_length=200, required=False,
                                      help_text=_("For a body outside fazhi; filled from the respondent otherwise."))
    act = _text(_("Act contested (被申请行政复议的行政行为)"), rows=2,
                help_text=_("The decision, its number and date, or the duty not performed (行政复议法 第11条)."))
    act_category = _choice(_("Kind of act"), Case.ActCategory.choices)
    amount = forms.DecimalField(label=_("Amount involved (yuan)"), required=False, min_value=0, max_digits=14,
                                decimal_places=2,
                                help_text=_("行政复议法 第53条: 3,000 yuan or less may take the simplified procedure."))
    request = _text(_("Request and reasons (复议请求和理由)"), rows=3, required=False)
    knew_on = _date(_("Applicant knew of the act on"),
                    help_text=_("行政复议法 第20条: the 60 days to apply run from this day."))
    not_informed = forms.BooleanField(
        label=_("Applicant was not told of the right to apply"), required=False,
        help_text=_("行政复议法 第20条第3款: then at most one year from knowing the act."))
    channel = _choice(_("Channel (申请方式)"), Case.Channel.choices)
    received_on = _date(_("Received on"), initial=_today)


class RequestCorrectionForm(_Form):
    """``request_correction``: the one notice to correct (补正, 第31条)."""

    correction_requested_on = _date(_("Correction requested on (补正通知)"), initial=_today)
    correction_items = _text(_("What is to be corrected"), rows=3,
                             help_text=_("Every item at once, in this one notice (行政复议法 第31条第1款)."))
    correction_received_on = _date(_("Notice received by the applicant on"), required=False,
                                   help_text=_("The 10 working days run from it (第31条第2款); add it later if not "
                                               "known yet."))


class RecordCorrectionForm(_Form):
    """``record_correction``: the corrected materials arrive."""

    corrected_on = _date(_("Corrected materials received on"), initial=_today)
    correction_late_reason = _text(_("Good cause for correcting late"), rows=2, required=False,
                                   help_text=_("Only after the 10 working days (行政复议法 第31条第2款)."))


class TreatAsWithdrawnForm(_Form):
    """``treat_as_withdrawn``: not corrected in time (第31条第2款)."""

    correction_received_on = _date(_("Notice received by the applicant on"), required=False,
                                   help_text=_("Needed when not recorded with the notice."))


class AcceptForm(_Form):
    """``accept``: the application is accepted (受理, 第30条)."""

    accepted_on = _date(_("Accepted on (受理)"), initial=_today)
    procedure = _choice(pgettext_lazy("reconsideration", "Procedure"), Case.Procedure.choices, initial=Case.Procedure.ORDINARY)
    simplified_ground = _choice(_("Ground for the simplified procedure"), Case.SimplifiedGround.choices,
                                required=False, help_text=_("行政复议法 第53条."))
    delay_reason = _text(_("Reason for applying late"), rows=2, required=False,
                         help_text=_("Only for an application after the last day to apply (行政复议法 第20条第2款)."))


class RefuseForm(_Form):
    """``refuse``: not accepted (不予受理, 第30条)."""

    refused_on = _date(_("Refused on (不予受理)"), initial=_today)
    refusal_ground = _choice(_("Ground of refusal"), Case.RefusalGround.choices)
    refusal_reason = _text(_("Reasons for the refusal"), rows=3)
    competent_body = forms.CharField(label=_("Competent reconsideration body"), max_length=200, required=False,
                                     help_text=_("When the case belongs to another body (行政复议法 第30条第2款)."))


class DeemAcceptedForm(_Form):
    """``deem_accepted``: the examination ended in silence (第30条第3款); nothing to fill in."""


# The review -----------------------------------------------------------------------------------------------------


class SwitchToOrdinaryForm(_Form):
    """``switch_to_ordinary`` (第55条)."""

    switched_on = _date(_("Switched to the ordinary procedure on"), initial=_today)
    switch_reason = _text(_("Reason for the switch"), rows=2)
    switch_approver = forms.CharField(label=_("Switch approved by"), max_length=60,
                                      help_text=_("The head of the reconsideration organ (行政复议法 第55条)."))


class SendCopyForm(_Form):
    """``send_copy`` (第48、54条)."""

    copy_sent_on = _date(_("Copy sent to the respondent on"), initial=_today)
    copy_received_on = _date(_("Copy received by the respondent on"), required=False,
                             help_text=_("The answer's days run from it (行政复议法 第48条)."))


class RecordAnswerForm(_Form):
    """``record_answer`` (第48条)."""

    answer_received_on = _date(_("Answer received on (答复)"), initial=_today)


class MarkMajorForm(_Form):
    """``mark_major``: a hearing (第50条) and the committee (第52条) required."""

    hearing_required = forms.BooleanField(label=_("Hearing required"), required=False,
                                          help_text=_("A major, difficult or complex case (行政复议法 第50条)."))
    hearing_required_reason = _text(_("Why a hearing is required"), rows=2, required=False)
    committee_required = forms.BooleanField(label=_("Committee consultation required"), required=False,
                                            help_text=_("行政复议法 第52条."))
    committee_required_reason = _text(_("Why the committee is consulted"), rows=2, required=False)


class RecordHearingForm(_Form):
    """``record_hearing`` (第50、51条)."""

    hearing_notified_on = _date(_("Hearing notice sent on"),
                                help_text=_("5 working days before the hearing (行政复议法 第51条第1款)."))
    hearing_held_on = _date(_("Hearing held on (听证)"), initial=_today)
    hearing_record = _text(_("Hearing record"), rows=4)


class ConsultCommitteeForm(_Form):
    """``consult_committee`` (第52条)."""

    committee_consulted_on = _date(_("Committee consulted on (行政复议委员会)"), initial=_today)
    committee_opinion = _text(_("Committee's advisory opinion"), rows=3)


class SuspendForm(_Form):
    """``suspend`` (中止, 第39条)."""

    suspended_on = _date(_("Suspended on (中止)"), initial=_today)
    suspension_ground = _choice(_("Ground of suspension"), Case.SuspensionGround.choices)
    suspension_reason = _text(_("Facts of the ground"), rows=2)


class ResumeForm(_Form):
    """``resume`` (第39条)."""

    resumed_on = _date(_("Resumed on (恢复审理)"), initial=_today)


class ExtendForm(_Form):
    """``extend`` (延期, 第62条)."""

    extended_on = _date(_("Extension approved on"), initial=_today)
    extension_days = forms.IntegerField(label=_("Days of extension"), min_value=1, max_value=365,
                                        help_text=_("At most 30 days (行政复议法 第62条第1款)."))
    extension_reason = _text(_("Reason for the extension"), rows=2)
    extension_approver = forms.CharField(label=_("Extension approved by"), max_length=60,
                                         help_text=_("The head of the reconsideration organ."))


class RecordDocumentReviewForm(_Form):
    """``record_document_review``: incidental review of a normative document (附带审查, 第13、56条)."""

    reviewed_document = forms.CharField(label=_("Normative document under incidental review"), max_length=200)
    document_forwarded_on = _date(_("Document review forwarded on"), required=False)
    document_forwarded_to = forms.CharField(label=_("Document review forwarded to"), max_length=200, required=False,
                                            help_text=_("The body with power to handle it (行政复议法 第56条)."))


class DecideForm(_Form):
    """``decide``: the decision, mediation document, settlement or termination (第33、41、63–74条)."""

    decided_on = _date(_("Decided on"), initial=_today)
    outcome = _choice(_("Outcome"), Case.Outcome.choices)
    decision_number = forms.CharField(label=pgettext_lazy("reconsideration", "Decision number"), max_length=60)
    reasoning = _text(_("Facts and reasons of the decision"), rows=4, required=False,
                      help_text=_("For a mediation document, what the parties agreed."))
    termination_ground = _choice(_("Ground of termination"), Case.TerminationGround.choices, required=False,
                                 help_text=_("Only for a termination (行政复议法 第41条)."))


class PublishDecisionForm(_Form):
    """``publish_decision`` (第79条)."""

    published_on = _date(_("Published on"), initial=_today)


# The recommendation letter --------------------------------------------------------------------------------------


class SendRecommendationForm(_Form):
    """``send_recommendation``: a recommendation letter (行政复议意见书, 第76条)."""

    recommendation_sent_on = _date(_("Recommendation letter sent on (行政复议意见书)"), initial=_today)
    recommendation_addressee = forms.CharField(label=_("Recommendation letter sent to"), max_length=200)
    recommendation = _text(_("What the letter asks to correct"), rows=3)
    recommendation_received_on = _date(_("Recommendation letter received on"), required=False,
                                       help_text=_("The 60 days run from it (行政复议法 第76条)."))


class RecordRecommendationReplyForm(_Form):
    """``record_recommendation_reply`` (第76条)."""

    recommendation_replied_on = _date(_("Reply to the letter received on"), initial=_today)
    recommendation_reply = _text(_("Correction reported"), rows=3)


#: Each action with its form (the contract of the generic pages and API).
FORMS = {
    "receive_application": ApplicationForm,
    "request_correction": RequestCorrectionForm,
    "record_correction": RecordCorrectionForm,
    "treat_as_withdrawn": TreatAsWithdrawnForm,
    "accept": AcceptForm,
    "refuse": RefuseForm,
    "deem_accepted": DeemAcceptedForm,
    "switch_to_ordinary": SwitchToOrdinaryForm,
    "send_copy": SendCopyForm,
    "record_answer": RecordAnswerForm,
    "mark_major": MarkMajorForm,
    "record_hearing": RecordHearingForm,
    "consult_committee": ConsultCommitteeForm,
    "suspend": SuspendForm,
    "resume": ResumeForm,
    "extend": ExtendForm,
    "record_document_review": RecordDocumentReviewForm,
    "decide": DecideForm,
    "publish_decision": PublishDecisionForm,
    "send_recommendation": SendRecommendationForm,
    "record_recommendation_reply": RecordRecommendationReplyForm,
}

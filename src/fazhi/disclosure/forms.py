"""Forms of the disclosure ledger: one per staff action, its cleaned data exactly the action's keyword arguments, and
the portal's request form.

The generic pages and API call ``action(request, by=user, **form.cleaned_data)``, and for the opening
``receive_request(agency=agency, by=user, **form.cleaned_data)`` (the page chooses the agency). Each field is named as
the action names it in a refusal, so the refusal lands at its field; the forms check types and lengths, the actions
the law.

``PublicRequestForm`` is the portal's: no staff field, the agency chosen among those taking requests there
(``actions.portal_agencies``), protected like the public comments (``fazhi.consultation.forms``) without a CAPTCHA:

- a honeypot field people never see (``website``): a program that fills every field is refused;
- a signed timestamp issued with the form (``token``): a request sent sooner than ``FAZHI_DISCLOSURE_MIN_SECONDS``
  (default 3) after the form was shown, or a day later, is refused;
- the rate limit per client and the same request sent twice are checked by ``actions.submit_online``.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.limits import TextRules
from fazhi.disclosure.models import Request
from fazhi.ledgers.forms import date_field as _date
from fazhi.ledgers.forms import text_field as _textarea
from fazhi.ledgers.forms import today as _today


def _choice(label, choices, *, required: bool = True, **kwargs) -> forms.ChoiceField:
    if not required:
        choices = [("", "---------"), *choices]
    return forms.ChoiceField(label=label, choices=choices, required=required, **kwargs)


class _Form(TextRules, forms.Form):
    pass


# The request ----------------------------------------------------------------------------------------------------


class _RequesterFields(_Form):
    """The requester and the information asked for (政府信息公开条例 第29条), shared by the staff and portal forms."""

    requester_name = forms.CharField(label=gettext_lazy("Requester (申请人)"), max_length=200,
                                     help_text=gettext_lazy("A person's name, or an organisation's full name."))
    requester_kind = _choice(gettext_lazy("Kind of requester"), Request.RequesterKind.choices)
    organisation_kind = _choice(gettext_lazy("Kind of organisation"), Request.OrganisationKind.choices,
                                required=False, help_text=gettext_lazy("For an organisation only."))
    requester_address = forms.CharField(label=gettext_lazy("Address"), max_length=200, required=False)
    requester_phone = forms.CharField(label=gettext_lazy("Telephone"), max_length=40, required=False)
    requester_email = forms.EmailField(label=gettext_lazy("E-mail"), required=False,
                                       help_text=gettext_lazy("At least one way to reach the requester: address, "
                                                              "telephone or e-mail."))
    id_kind = _choice(gettext_lazy("Identity document"), Request.IdKind.choices, required=False)
    id_number = forms.CharField(label=gettext_lazy("Identity document number"), max_length=40, required=False,
                                help_text=gettext_lazy("Only its last four characters are kept."))
    description = _textarea(gettext_lazy("Information asked for"), rows=4, max_length=5000,
                            help_text=gettext_lazy("Its name, document number or other features that help to find "
                                                   "it (政府信息公开条例 第29条)."))
    purpose = _textarea(gettext_lazy("Purpose (optional)"), rows=2, required=False, max_length=2000)


class RequestForm(_RequesterFields):
    """``receive_request``: a request received by the agency (第29、31条)."""

    number = forms.CharField(label=gettext_lazy("Request number"), max_length=60, required=False,
                             help_text=gettext_lazy("Leave empty to number it automatically."))
    channel = _choice(gettext_lazy("Channel (申请方式)"), Request.Channel.choices)
    received_on = _date(gettext_lazy("Received on"), initial=_today,
                        help_text=gettext_lazy("政府信息公开条例 第31条: handed in, the day it was handed in; "
                                               "registered post, the day signed for; ordinary post, the day "
                                               "confirmed with the requester; online, fax or e-mail, the day both "
                                               "sides confirmed it."))

    field_order = ["number", "requester_name", "requester_kind", "organisation_kind", "requester_address",
                   "requester_phone", "requester_email", "id_kind", "id_number", "description", "purpose",
                   "channel", "received_on"]


# Correction, consultation, extension ------------------------------------------------------------------------------


class RequestCorrectionForm(_Form):
    """``request_correction``: the one notice to correct (补正, 第30条)."""

    correction_requested_on = _date(gettext_lazy("Correction requested on (补正告知)"), initial=_today,
                                    help_text=gettext_lazy("Within 7 working days of receipt (第30条)."))
    correction_items = _textarea(gettext_lazy("What is to be corrected"), rows=3,
                                 help_text=gettext_lazy("Every item at once, in this one notice (第30条)."))
    correction_period_ends = _date(gettext_lazy("Time to correct ends on"),
                                   help_text=gettext_lazy("The reasonable time given in the notice (第30条)."))


class RecordCorrectionForm(_Form):
    """``record_correction``: the corrected request arrives; the reply period runs afresh (第30条)."""

    corrected_on = _date(gettext_lazy("Corrected request received on"), initial=_today)
    correction_late_reason = _textarea(gettext_lazy("Good cause for correcting late"), rows=2, required=False,
                                       help_text=gettext_lazy("Only after the time to correct ended."))


class TreatAsAbandonedForm(_Form):
    """``treat_as_abandoned``: not corrected in time (第30条); nothing to fill in."""


class StartConsultationForm(_Form):
    """``start_consultation``: a third party (第32条) or another agency (第34条) consulted."""

    consultation_kind = _choice(gettext_lazy("Who is consulted"), Request.ConsultationKind.choices)
    consulted_party = forms.CharField(label=gettext_lazy("Party consulted"), max_length=200,
                                      help_text=gettext_lazy("Name every party asked together."))
    consultation_sent_on = _date(gettext_lazy("Consultation letter sent on"), initial=_today,
                                 help_text=gettext_lazy("The reply period stops from then (第33条第3款)."))
    consultation_delivered_on = _date(gettext_lazy("Letter received by the party on"), required=False,
                                      help_text=gettext_lazy("Its 15 working days run from it (第32、34条)."))


class RecordConsultationAnswerForm(_Form):
    """``record_consultation_answer``: the view of the party consulted, or its silence (第32、34条)."""

    consultation_answered_on = _date(gettext_lazy("Answer received on"), initial=_today,
                                     help_text=gettext_lazy("For no answer, a day after its 15 working days."))
    consultation_opinion = _choice(gettext_lazy("View of the party consulted"), Request.Opinion.choices)
    consultation_note = _textarea(gettext_lazy("Reasons given"), rows=2, required=False)


class ExtendForm(_Form):
    """``extend`` (延期, 第33条第2款)."""

    extended_on = _date(gettext_lazy("Extension approved on"), initial=_today)
    extension_days = forms.IntegerField(label=gettext_lazy("Working days of extension"), min_value=1, max_value=365,
                                        help_text=gettext_lazy("At most 20 working days (第33条第2款)."))
    extension_reason = _textarea(gettext_lazy("Reason for the extension"), rows=2)
    extension_approver = forms.CharField(label=gettext_lazy("Extension approved by"), max_length=60,
                                         help_text=gettext_lazy("The head of the disclosure office."))
    extension_notified_on = _date(gettext_lazy("Requester told of the extension on"), initial=_today)


# The reply and what follows it --------------------------------------------------------------------------------------


class ReplyForm(_Form):
    """``reply``: the reply (第33、36、37条; not processed: 第35、39条)."""

    replied_on = _date(gettext_lazy("Replied on (答复)"), initial=_today)
    reply_type = _choice(gettext_lazy("Reply"), Request.ReplyType.choices)
    delivery = _choice(gettext_lazy("How the reply was delivered"), Request.Delivery.choices)
    reply_ground = _choice(gettext_lazy("Ground"), Request.Ground.choices, required=False,
                           help_text=gettext_lazy("Why information is withheld, cannot be given or the request is "
                                                  "not processed."))
    reply_text = _textarea(gettext_lazy("Reply and its reasons"), rows=4, required=False)
    where_public = forms.CharField(label=gettext_lazy("Where the information is public"), max_length=300,
                                   required=False, help_text=gettext_lazy("For information already disclosed "
                                                                          "(第36条第1项)."))
    competent_agency = forms.CharField(label=gettext_lazy("Agency responsible for the information"), max_length=200,
                                       required=False, help_text=gettext_lazy("Its name and contact (第36条第5项)."))
    fee = forms.DecimalField(label=gettext_lazy("Processing fee (yuan)"), required=False, min_value=0, max_digits=10,
                             decimal_places=2, help_text=gettext_lazy("Only for plainly excessive requests (第42条)."))


class RecordReviewOrSuitForm(_Form):
    """``record_review_or_suit``: a reconsideration or a lawsuit over the reply (第51条), for the annual report."""

    review_kind = _choice(gettext_lazy("Reconsideration or lawsuit"),
                          [("reconsideration", gettext_lazy("administrative reconsideration")),
                           ("litigation", gettext_lazy("administrative lawsuit"))])
    filed_on = _date(gettext_lazy("Applied or filed on"))
    review_outcome = _choice(gettext_lazy("Result"), Request.ReviewOutcome.choices,
                             initial=Request.ReviewOutcome.PENDING)


#: Each staff action with its form (the contract of the generic pages and API).
FORMS = {
    "receive_request": RequestForm,
    "request_correction": RequestCorrectionForm,
    "record_correction": RecordCorrectionForm,
    "treat_as_abandoned": TreatAsAbandonedForm,
    "start_consultation": StartConsultationForm,
    "record_consultation_answer": RecordConsultationAnswerForm,
    "extend": ExtendForm,
    "reply": ReplyForm,
    "record_review_or_suit": RecordReviewOrSuitForm,
}


# The portal's form --------------------------------------------------------------------------------------------------

TOKEN_SALT = "fazhi.disclosure.request-form"
#: A form older than this is refused (the page was left open too long); what was typed is kept for a second try.
MAX_FORM_AGE_SECONDS = 24 * 3600
DEFAULT_MIN_SECONDS = 3


def min_seconds() -> float:
    return float(getattr(settings, "FAZHI_DISCLOSURE_MIN_SECONDS", DEFAULT_MIN_SECONDS))


def issue_token(now=None) -> str:
    """Return the signed "form shown at" stamp of the portal's request form."""
    moment = (now or timezone.now()).timestamp()
    return signing.dumps({"t": round(moment, 3)}, salt=TOKEN_SALT)


class PublicRequestForm(_RequesterFields):
    """The portal's request to an agency (政府信息公开条例 第29条): what the requester types, nothing of the staff's."""

    agency = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Agency asked"), to_field_name="code",
                                    empty_label=gettext_lazy("Choose the agency that holds the information"))
    # The honeypot: hidden from people (the hidden attribute and aria-hidden), filled by programs that fill every field.
    website = forms.CharField(label=gettext_lazy("Leave this field empty"), required=False)
    token = forms.CharField(widget=forms.HiddenInput)

    field_order = ["agency", "description", "purpose", "requester_name", "requester_kind", "organisation_kind",
                   "id_kind", "id_number", "requester_address", "requester_phone", "requester_email", "website",
                   "token"]

    def __init__(self, *args, **kwargs):
        from fazhi.disclosure.actions import portal_agencies

        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = portal_agencies()
        self.fields["id_kind"].required = True
        self.fields["id_number"].required = True
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean(self):
        data = super().clean()
        if (self.data.get(self.add_prefix("website")) or "").strip():
            raise forms.ValidationError(_(
                "Your request was not accepted: a field that must stay empty was filled in, as automatic programs "
                "do. If you are a person, reload the page and send your request again."), code="honeypot")
        try:
            stamp = signing.loads(self.data.get(self.add_prefix("token")) or "", salt=TOKEN_SALT)
            shown_at = float(stamp["t"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise forms.ValidationError(_("The form could not be checked. Reload the page and send your request "
                                          "again."), code="token") from None
        elapsed = timezone.now().timestamp() - shown_at
        if elapsed < min_seconds():
            raise forms.ValidationError(_(
                "Your request was sent too quickly: to keep out automatic programs, requests sent within %(seconds)s "
                "seconds of opening the page are not accepted. What you typed is kept: check it and send it "
                "again.") % {"seconds": f"{min_seconds():g}"}, code="too_fast")
        if elapsed > MAX_FORM_AGE_SECONDS:
            raise forms.ValidationError(_("The page was open for too long and the form has expired. What you typed "
                                          "is kept: send it again."), code="expired")
        return data


def public_kwargs(form: PublicRequestForm) -> dict:
    """The arguments of ``actions.submit_online`` from a valid portal form (the agency among them)."""
    data = dict(form.cleaned_data)
    data.pop("website", None)
    data.pop("token", None)
    return data


class TrackingForm(TextRules, forms.Form):
    """The portal's status page: the tracking code the requester was given."""

    code = forms.CharField(label=gettext_lazy("Tracking code (查询码)"), max_length=40,
                           help_text=gettext_lazy("The code shown when the request was sent, or given with the "
                                                  "acknowledgement of receipt: four groups of four letters and "
                                                  "digits."))

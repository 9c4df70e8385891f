"""Forms of the enforcement pages: one per action; the actions check the rules."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.limits import TextRules
from fazhi.enforcement.models import Complaint, EnforcementBody, Officer, SupervisionCheck
from fazhi.ledgers.forms import date_field as _date
from fazhi.ledgers.forms import text_field as _text
from fazhi.ledgers.forms import today as _today
from fazhi.org.models import Agency
from fazhi.org.scope import scope_for

B = EnforcementBody


def writable_agencies(user):
    """The agencies whose enforcement ledger ``user`` keeps (``actions.can_write``)."""
    scope = scope_for(user)
    qs = Agency.objects.filter(is_active=True).select_related("region").order_by("region__code", "name")
    return qs if scope.is_admin else qs.filter(pk__in=scope.write_agencies)


class BodyForm(TextRules, forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    name = forms.CharField(label=_("Name of the enforcement body"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind of body"), choices=B.Kind.choices, initial=B.Kind.STATUTORY)
    entrusted_by = forms.ModelChoiceField(
        label=_("Entrusted by"), queryset=B.objects.none(), required=False,
        help_text=_("Only for an entrusted organisation: the administrative body that entrusted it in writing "
                    "(行政处罚法 第20条)."),
    )
    legal_basis = _text(_("Legal basis"), help_text=_("The laws, regulations and rules that set up or authorise "
                                                      "the body."))
    domains = _text(_("Enforcement domains"), rows=2)
    procedures = _text(_("Enforcement procedures"), rows=4, required=False,
                       help_text=_("How the body enforces, step by step (执法流程); published on the portal."))
    remedies = _text(_("Remedies"), rows=3, required=False,
                     help_text=_("How a party may seek redress (救济途径): reconsideration, litigation, complaint; "
                                 "published on the portal."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = writable_agencies(user)
        self.fields["agency"].label_from_instance = lambda a: f"{a.name}（{a.region.name}）"
        self.fields["entrusted_by"].queryset = (
            B.objects.visible_to(user).filter(kind=B.Kind.STATUTORY, status=B.Status.ACTIVE, withdrawn_at__isnull=True)
            .select_related("agency").order_by("agency__name", "name"))
        self.fields["entrusted_by"].label_from_instance = lambda b: f"{b.name}（{b.agency.name}）"


class BodyDisclosureForm(TextRules, forms.Form):
    """The texts published with a body on the portal, changed after its registration."""

    procedures = _text(_("Enforcement procedures"), rows=4, required=False,
                       help_text=_("How the body enforces, step by step (执法流程); published on the portal."))
    remedies = _text(_("Remedies"), rows=3, required=False,
                     help_text=_("How a party may seek redress (救济途径): reconsideration, litigation, complaint; "
                                 "published on the portal."))


class WithdrawBodyForm(TextRules, forms.Form):
    on = _date(_("No longer a body since"), initial=_today)
    reason = _text(_("Reason"), rows=2)


class OfficerForm(TextRules, forms.Form):
    body = forms.ModelChoiceField(label=_("Enforcement body"), queryset=B.objects.none())
    name = forms.CharField(label=_("Full name"), max_length=60)
    gender = forms.ChoiceField(label=_("Gender"), choices=Officer.Gender.choices, required=False)
    id_number = forms.CharField(
        label=_("Identity card number"), max_length=18, min_length=18,
        help_text=_("18 characters. Only the last four are kept."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    position = forms.CharField(label=_("Job title"), max_length=60)
    phone = forms.CharField(label=_("Telephone"), max_length=20, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        bodies = B.objects.filter(status=B.Status.ACTIVE, withdrawn_at__isnull=True).select_related("agency")
        from fazhi.enforcement.actions import supervised_agencies

        if not scope.is_admin:  # its own agencies' bodies, and for an office those of the agencies it supervises
            bodies = bodies.filter(Q(agency_id__in=scope.write_agencies) | Q(agency__in=supervised_agencies(user)))
        self.fields["body"].queryset = bodies.order_by("agency__name", "name")
        self.fields["body"].label_from_instance = lambda b: f"{b.name}（{b.agency.name}）"


class CertificateForm(TextRules, forms.Form):
    number = forms.CharField(label=_("Certificate number"), max_length=40)
    area = forms.CharField(label=_("Enforcement area"), max_length=120)
    domain = forms.CharField(label=_("Enforcement category"), max_length=120)
    issued_on = _date(_("Issued on"), initial=_today)
    valid_until = _date(_("Valid until"))
    issuer = forms.CharField(label=_("Issuing authority"), max_length=120)


class TrainingForm(TextRules, forms.Form):
    course = forms.CharField(label=_("Course or exam"), max_length=200)
    held_on = _date(_("Date of the training"), initial=_today)
    hours = forms.DecimalField(label=_("Training hours"), min_value=0, max_value=500, decimal_places=1,
                               required=False)
    exam_score = forms.DecimalField(label=_("Law exam score"), min_value=0, max_value=100, decimal_places=1,
                                    required=False, help_text=_("Only when a law exam (学法考试) was sat."))


class CertificateStepForm(TextRules, forms.Form):
    on = _date(_("Date"), initial=_today)
    reason = _text(_("Reason"), rows=2)


class ReinstateForm(TextRules, forms.Form):
    on = _date(_("Returned on"), initial=_today)
    reason = _text(_("Note"), rows=2, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Filled-in workbook (.xlsx)"))


# Supervision ---------------------------------------------------------------------------------------------------


#: The kinds of agency whose enforcement is supervised: governments, their departments and townships.
ENFORCING_KINDS = (Agency.Kind.DEPARTMENT, Agency.Kind.TOWNSHIP, Agency.Kind.GOVERNMENT)


def _agency_label(agency) -> str:
    return f"{agency.name}（{agency.region.name}）"


class _SupervisionForm(TextRules, forms.Form):
    """The office in whose name, and the agency whose enforcement, a complaint or a check is recorded."""

    office = forms.ModelChoiceField(label=_("Rule-of-law office"), queryset=Agency.objects.none())
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())

    def __init__(self, *args, user, **kwargs):
        from fazhi.enforcement.actions import offices_for, supervised_agencies

        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices_for(user)
        self.fields["agency"].queryset = supervised_agencies(user).filter(kind__in=ENFORCING_KINDS)
        for name in ("office", "agency"):
            self.fields[name].label_from_instance = _agency_label
        if self.fields["office"].queryset.count() == 1:
            self.fields["office"].initial = self.fields["office"].queryset.get().pk


class ComplaintForm(_SupervisionForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Complaint.Kind.choices, initial=Complaint.Kind.COMPLAINT)
    received_on = _date(_("Received on"), initial=_today)
    channel = forms.ChoiceField(label=_("Channel"), choices=Complaint.Channel.choices)
    body = forms.ModelChoiceField(label=_("Enforcement body"), queryset=B.objects.none(), required=False,
                                  help_text=_("When the complaint names one of the agency's enforcement bodies."))
    complainant = forms.CharField(label=_("Complainant"), max_length=60, required=False,
                                  help_text=_("Leave empty for an anonymous complaint. The department complained "
                                              "about sees it masked."))
    contact = forms.CharField(label=_("Contact"), max_length=120, required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))
    matter = _text(_("Matter"), rows=4)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["body"].queryset = (B.objects.filter(withdrawn_at__isnull=True,
                                                         agency__in=self.fields["agency"].queryset)
                                        .select_related("agency").order_by("agency__name", "name"))
        self.fields["body"].label_from_instance = lambda b: f"{b.name}（{b.agency.name}）"


class AcceptComplaintForm(TextRules, forms.Form):
    on = _date(_("Handling started on"), initial=_today)


class ConcludeComplaintForm(TextRules, forms.Form):
    on = _date(_("Concluded on"), initial=_today)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Complaint.Outcome.choices])
    outcome_text = _text(_("Result and reply"), rows=4)


class CheckForm(_SupervisionForm):
    kind = forms.ChoiceField(label=_("Kind of check"), choices=SupervisionCheck.Kind.choices)
    checked_on = _date(_("Checked on"), initial=_today)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    findings = _text(_("Findings"), rows=5)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=SupervisionCheck.Outcome.choices,
                                initial=SupervisionCheck.Outcome.RECTIFY,
                                help_text=_("Add the items to rectify, with their due dates, on the check's page."))


class RectificationItemForm(TextRules, forms.Form):
    description = _text(_("What to rectify"), rows=2)
    due_on = _date(_("Due on"))


class CompleteRectificationForm(TextRules, forms.Form):
    on = _date(_("Rectified on"), initial=_today)
    note = _text(_("How it was rectified"), rows=2)


class CloseCheckForm(TextRules, forms.Form):
    on = _date(_("Closed on"), initial=_today)
    note = _text(_("Note"), rows=2, required=False)

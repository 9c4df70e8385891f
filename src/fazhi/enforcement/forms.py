"""Forms of the enforcement pages: one per action; the actions check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.limits import TextRules
from fazhi.enforcement.models import EnforcementBody, Officer
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = writable_agencies(user)
        self.fields["agency"].label_from_instance = lambda a: f"{a.name}（{a.region.name}）"
        self.fields["entrusted_by"].queryset = (
            B.objects.visible_to(user).filter(kind=B.Kind.STATUTORY, status=B.Status.ACTIVE, withdrawn_at__isnull=True)
            .select_related("agency").order_by("agency__name", "name"))
        self.fields["entrusted_by"].label_from_instance = lambda b: f"{b.name}（{b.agency.name}）"


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
        if not scope.is_admin:
            bodies = bodies.filter(agency_id__in=scope.write_agencies)
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

"""Forms of the random-inspection pages: one per action; the actions check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core import limits
from fazhi.core.limits import TextRules
from fazhi.enforcement.models import EnforcementBody, Officer
from fazhi.inspections.models import AnnualPlan, Entity, Inspection, InspectionItem, Risk
from fazhi.ledgers.forms import date_field as _date
from fazhi.ledgers.forms import text_field as _text
from fazhi.ledgers.forms import today as _today
from fazhi.org.models import Agency
from fazhi.org.scope import scope_for


def writable_agencies(user):
    """The agencies whose inspection ledger ``user`` keeps (``actions.can_write``)."""
    scope = scope_for(user)
    qs = Agency.objects.filter(is_active=True).select_related("region").order_by("region__code", "name")
    return qs if scope.is_admin else qs.filter(pk__in=scope.write_agencies)


def _agency_field():
    return forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())


class _AgencyForm(TextRules, forms.Form):
    """A form whose records belong to one of the agencies the person keeps; the first field chooses it."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.agencies = writable_agencies(user)
        self.fields["agency"].queryset = self.agencies
        self.fields["agency"].label_from_instance = lambda a: f"{a.name}（{a.region.name}）"
        if self.agencies.count() == 1:
            self.fields["agency"].initial = self.agencies.first().pk

    def _mine(self, model, **filters):
        """Records of ``model`` in the agencies the person keeps, live."""
        qs = model.objects.filter(withdrawn_at__isnull=True, **filters)
        scope = scope_for(self.user)
        return qs if scope.is_admin else qs.filter(agency_id__in=scope.write_agencies)


class ItemForm(_AgencyForm):
    agency = _agency_field()
    body = forms.ModelChoiceField(label=_("Enforcement body"), queryset=EnforcementBody.objects.none())
    name = forms.CharField(label=_("Name of the inspection item"), max_length=200)
    legal_basis = _text(_("Legal basis"))
    matter = _text(_("Inspected matter"), rows=2)
    method = forms.ChoiceField(label=_("Method"), choices=InspectionItem.Method.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = self._mine(EnforcementBody, status=EnforcementBody.Status.ACTIVE).select_related(
            "agency").order_by("agency__name", "name")
        self.fields["body"].label_from_instance = lambda b: f"{b.name}（{b.agency.name}）"


class RetireForm(TextRules, forms.Form):
    on = _date(_("Date"), initial=_today)
    reason = _text(_("Reason"), rows=2)


class PlanForm(_AgencyForm):
    agency = _agency_field()
    year = forms.IntegerField(label=_("Year"), min_value=limits.MIN_YEAR, max_value=limits.MAX_YEAR)
    items = forms.ModelMultipleChoiceField(label=_("Inspection items"), queryset=InspectionItem.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)
    batches = forms.IntegerField(label=_("Planned batches"), min_value=1, max_value=52, initial=1)
    planned_entities = forms.IntegerField(label=_("Planned number of entities"), min_value=0, max_value=10**6,
                                          initial=0)
    scope = _text(_("Scope and arrangements"), rows=3, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = _today().year
        self.fields["items"].queryset = self._mine(InspectionItem, status=InspectionItem.Status.ACTIVE).order_by(
            "agency__name", "name")


class FilePlanForm(TextRules, forms.Form):
    filed_on = _date(_("Filed on"), initial=_today)
    filed_with = forms.CharField(label=_("Filed with"), max_length=120,
                                 help_text=_("The next-higher regulator (legal-rules §4.4)."))


class EntityForm(_AgencyForm):
    agency = _agency_field()
    name = forms.CharField(label=_("Name of the entity"), max_length=200)
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=18, min_length=18,
                                  help_text=_("18 characters (GB 32100-2015)."))
    address = forms.CharField(label=_("Registered address"), max_length=300)
    domain = forms.CharField(label=_("Domain"), max_length=120)
    risk = forms.ChoiceField(label=_("Risk level"), choices=Risk.choices, initial=Risk.MEDIUM)


class RiskForm(TextRules, forms.Form):
    risk = forms.ChoiceField(label=_("Risk level"), choices=Risk.choices)


class InspectorForm(_AgencyForm):
    agency = _agency_field()
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=Officer.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = self._mine(Officer).select_related("agency").order_by("agency__name", "name")
        self.fields["officer"].label_from_instance = lambda o: f"{o.name}（{o.agency.name}）"


class RecusalForm(_AgencyForm):
    agency = _agency_field()
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=Officer.objects.none())
    entity = forms.ModelChoiceField(label=_("Entity"), queryset=Entity.objects.none())
    reason = _text(_("Reason"), rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = self._mine(Officer).select_related("agency").order_by("agency__name", "name")
        self.fields["officer"].label_from_instance = lambda o: f"{o.name}（{o.agency.name}）"
        self.fields["entity"].queryset = self._mine(Entity).order_by("name")
        self.fields["entity"].label_from_instance = lambda e: f"{e.name}（{e.credit_code}）"


class LiftForm(TextRules, forms.Form):
    reason = _text(_("Reason"), rows=2)


class DrawForm(_AgencyForm):
    agency = _agency_field()
    item = forms.ModelChoiceField(label=_("Inspection item"), queryset=InspectionItem.objects.none())
    plan = forms.ModelChoiceField(label=_("Annual plan"), queryset=AnnualPlan.objects.none(), required=False)
    batch = forms.IntegerField(label=_("Batch"), min_value=1, max_value=52, initial=1)
    drawn_on = _date(_("Drawn on"), initial=_today)
    domain = forms.CharField(label=_("Domain"), max_length=120, required=False,
                             help_text=_("Only entities of this domain; empty for the whole directory."))
    participants = forms.ModelMultipleChoiceField(
        label=_("Participating agencies"), queryset=Agency.objects.none(), required=False,
        help_text=_("For a joint draw (部门联合抽查): the other agencies, whose inspectors may be drawn too."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = self._mine(InspectionItem, status=InspectionItem.Status.ACTIVE).order_by(
            "agency__name", "name")
        self.fields["plan"].queryset = self._mine(AnnualPlan).select_related("agency").order_by("-year")
        self.fields["plan"].label_from_instance = lambda p: p.title
        regions = self.agencies.values("region_id")
        self.fields["participants"].queryset = Agency.objects.filter(
            is_active=True, region_id__in=regions, kind=Agency.Kind.DEPARTMENT).order_by("name")


class RedrawForm(TextRules, forms.Form):
    reason = _text(_("Reason for the redraw"), rows=2)


class ResultForm(TextRules, forms.Form):
    inspected_on = _date(_("Inspected on"), initial=_today)
    finished_on = _date(_("Inspection ended on"), required=False,
                        help_text=_("Empty when it ended the day it began."))
    result = forms.ChoiceField(label=_("Result"), choices=Inspection.Result.choices)
    result_note = _text(_("Findings"), rows=3, required=False)


class PublishForm(TextRules, forms.Form):
    on = _date(_("Published on"), initial=_today)


class InspectionForm(_AgencyForm):
    """An inspection outside a draw."""

    agency = _agency_field()
    entity = forms.ModelChoiceField(label=_("Entity"), queryset=Entity.objects.none())
    kind = forms.ChoiceField(label=_("Kind of inspection"),
                             choices=[c for c in Inspection.Kind.choices if c[0] != Inspection.Kind.RANDOM])
    item = forms.ModelChoiceField(label=_("Inspection item"), queryset=InspectionItem.objects.none(), required=False)
    officers = forms.ModelMultipleChoiceField(label=_("Team"), queryset=Officer.objects.none(),
                                              help_text=_("At least two officers (行政处罚法 第42条)."))
    legal_basis = _text(_("Legal basis"), rows=2)
    inspected_on = _date(_("Inspected on"), initial=_today)
    finished_on = _date(_("Inspection ended on"), required=False)
    result = forms.ChoiceField(label=_("Result"), choices=Inspection.Result.choices)
    result_note = _text(_("Findings"), rows=3, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = self._mine(Entity).order_by("name")
        self.fields["entity"].label_from_instance = lambda e: f"{e.name}（{e.credit_code}）"
        self.fields["item"].queryset = self._mine(InspectionItem).order_by("name")
        self.fields["officers"].queryset = self._mine(Officer).order_by("name")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Filled-in workbook (.xlsx)"))


class EntityImportForm(_AgencyForm):
    agency = _agency_field()
    file = forms.FileField(label=_("Filled-in workbook (.xlsx)"))

"""Forms of the collection pages (the figures form itself is built from the submission's values)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.collection.actions import ASKABLE_KINDS
from fazhi.metrics.models import Metric
from fazhi.org.models import Agency


class RoundForm(forms.Form):
    """Open a round: year, title, due date, the metrics asked and the agencies asked."""

    year = forms.IntegerField(label=_("Reporting year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Round title"), max_length=120)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    metrics = forms.ModelMultipleChoiceField(
        label=_("Metrics"), queryset=Metric.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one metric.")},
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies and townships"), queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one agency to ask.")},
    )

    def __init__(self, *args, office_agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.office_agency = office_agency
        self.fields["metrics"].queryset = Metric.objects.filter(retired_year__isnull=True) | Metric.objects.filter(
            retired_year__gt=timezone.localdate().year - 1)
        self.fields["agencies"].queryset = askable_agencies(office_agency)

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The due date lies in the past."))
        return due

    def metric_groups(self):
        """Return ``[(topic label, topic value, [(metric, checked)])]`` in the report's order."""
        chosen = {str(v) for v in (self["metrics"].value() or [])}
        groups: dict[str, list] = {}
        for metric in self.fields["metrics"].queryset.order_by("topic", "order", "code"):
            groups.setdefault(metric.topic, []).append((metric, str(metric.pk) in chosen))
        from fazhi.metrics.models import Topic

        return [(label, value, groups[value]) for value, label in Topic.choices if value in groups]

    def agency_groups(self):
        """Return ``[(label, key, [(agency, checked)])]``: departments, townships, other bodies."""
        chosen = {str(v) for v in (self["agencies"].value() or [])}
        labels = {"department": _("Departments"), "township": _("Townships and streets"), "other": _("Other bodies")}
        groups: dict[str, list] = {key: [] for key in labels}
        for agency in self.fields["agencies"].queryset:
            key = agency.kind if agency.kind in ("department", "township") else "other"
            groups[key].append((agency, str(agency.pk) in chosen))
        return [(labels[key], key, rows) for key, rows in groups.items() if rows]


def askable_agencies(office_agency: Agency):
    """Return the active agencies of the office's region (and below) that a round may ask."""
    return (
        Agency.objects.filter(region__path__startswith=office_agency.region.path, kind__in=ASKABLE_KINDS,
                              is_active=True)
        .select_related("region").order_by("kind", "region__code", "name")
    )

"""Forms of the collection pages (the figures form itself is built from the submission's values)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.collection.actions import ASKABLE_KINDS
from fazhi.core.limits import TextRules
from fazhi.metrics.models import Metric
from fazhi.org.models import Agency


class RoundForm(TextRules, forms.Form):
    """Open a round: year, title, due date, the metrics asked and the agencies asked."""

    year = forms.IntegerField(label=_("Reporting year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Round title"), max_length=120)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    metrics = forms.ModelMultipleChoiceField(
        label=_("Metrics"),
        queryset=Metric.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one metric.")},
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies and townships"),
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one agency to ask.")},
    )

    def __init__(self, *args, office_agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.office_agency = office_agency
        self.fields["metrics"].queryset = Metric.objects.filter(
            retired_year__isnull=True
        ) | Metric.objects.filter(retired_year__gt=timezone.localdate().year - 1)
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
        labels = {
            "department": _("Departments"),
            "township": _("Townships and streets"),
            "other": _("Other bodies"),
        }
        groups: dict[str, list] = {key: [] for key in labels}
        for agency in self.fields["agencies"].queryset:
            key = agency.kind if agency.kind in ("department", "township") else "other"
            groups[key].append((agency, str(agency.pk) in chosen))
        return [(labels[key], key, rows) for key, rows in groups.items() if rows]


def askable_agencies(office_agency: Agency):
    """Return the active agencies of the office's region (and below) that a round may ask."""
    return (
        Agency.objects.filter(
            region__path__startswith=office_agency.region.path, kind__in=ASKABLE_KINDS, is_active=True
        )
        .select_related("region")
        .order_by("kind", "region__code", "name")
    )


def _topic_groups(metrics, checked: set[str], marked: set[int] = frozenset()):
    """Return ``[(topic label, [(metric, checked, marked)])]`` in the report's order."""
    from fazhi.metrics.models import Topic

    groups: dict[str, list] = {}
    for metric in metrics:
        groups.setdefault(metric.topic, []).append((metric, str(metric.pk) in checked, metric.pk in marked))
    return [(label, groups[value]) for value, label in Topic.choices if value in groups]


def _chosen(bound_field) -> set[str]:
    return {str(v) for v in (bound_field.value() or [])}


class AddAgenciesForm(TextRules, forms.Form):
    """Ask more agencies in an open round; the agencies of each kind fill the metrics chosen for that kind."""

    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies to add"),
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one agency to add.")},
    )

    def __init__(self, *args, round_, **kwargs):
        from fazhi.collection.actions import agencies_to_add, default_metrics_for

        super().__init__(*args, **kwargs)
        self.round = round_
        candidates = agencies_to_add(round_)
        self.fields["agencies"].queryset = candidates
        self.candidates = list(candidates)
        # Departments and townships first, as the round form lists them.
        self.kinds = sorted({a.kind for a in self.candidates}, key=ASKABLE_KINDS.index)
        round_metrics = round_.metrics.all().in_topic_order()
        for kind in self.kinds:
            self.fields[f"metrics_{kind}"] = forms.ModelMultipleChoiceField(
                label=_("Metrics"),
                queryset=round_metrics,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[m.pk for m in default_metrics_for(round_, kind)],
            )

    def clean(self):
        data = super().clean()
        for kind in {a.kind for a in data.get("agencies") or ()}:
            if not data.get(f"metrics_{kind}"):
                self.add_error(
                    f"metrics_{kind}",
                    _("Choose at least one metric for the %(kind)s you add.")
                    % {"kind": Agency.Kind(kind).label},
                )
        return data

    def asked(self) -> dict:
        """Return ``{agency: [metrics]}`` of the valid form."""
        return {a: list(self.cleaned_data[f"metrics_{a.kind}"]) for a in self.cleaned_data["agencies"]}

    def kind_groups(self):
        """Return ``[(kind label, kind, [(agency, checked)], metric groups, metric errors)]``."""
        chosen = _chosen(self["agencies"])
        groups = []
        for kind in self.kinds:
            field = self[f"metrics_{kind}"]
            rows = [(a, str(a.pk) in chosen) for a in self.candidates if a.kind == kind]
            groups.append(
                (
                    Agency.Kind(kind).label,
                    kind,
                    rows,
                    _topic_groups(self.fields[field.name].queryset, _chosen(field)),
                    field.errors,
                )
            )
        return groups


class SubmissionMetricsForm(TextRules, forms.Form):
    """Add metrics to one agency's form or remove some; removing entered figures needs a tick and a reason."""

    remove = forms.ModelMultipleChoiceField(
        label=_("Remove"),
        queryset=Metric.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    add = forms.ModelMultipleChoiceField(
        label=_("Add"),
        queryset=Metric.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remove_anyway = forms.BooleanField(
        label=_("Remove anyway: the figures already entered leave the form and stay in the history"),
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        self.submission = submission
        on_form = Metric.objects.filter(pk__in=submission.values.values("metric_id"))
        self.fields["remove"].queryset = on_form.in_topic_order()
        self.fields["add"].queryset = (
            Metric.objects.for_year(submission.year).exclude(pk__in=on_form.values("pk")).in_topic_order()
        )

    def clean(self):
        data = super().clean()
        if not data.get("add") and not data.get("remove"):
            raise forms.ValidationError(_("Nothing to change: choose metrics to add or to remove."))
        return data

    def current_rows(self):
        """Return ``[(value, checked)]``: the form's values in the report's order, ticked for removal or not."""
        chosen = _chosen(self["remove"])
        order = {m.pk: index for index, m in enumerate(self.fields["remove"].queryset)}
        values = sorted(
            self.submission.values.select_related("metric"), key=lambda v: order.get(v.metric_id, 0)
        )
        return [(v, str(v.metric_id) in chosen) for v in values]

    def add_groups(self):
        round_metrics = set(self.submission.round.metrics.values_list("pk", flat=True))
        return _topic_groups(self.fields["add"].queryset, _chosen(self["add"]), round_metrics)


class RoundMetricsForm(TextRules, forms.Form):
    """Ask every agency of some kinds in an open round for more metrics."""

    metrics = forms.ModelMultipleChoiceField(
        label=_("Metrics to add"),
        queryset=Metric.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one metric.")},
    )
    kinds = forms.MultipleChoiceField(
        label=_("Ask agencies of these kinds"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the kinds of agency to ask.")},
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        self.fields["metrics"].queryset = Metric.objects.for_year(round_.year).in_topic_order()
        kinds = (
            round_.submissions.filter(withdrawn_at__isnull=True)
            .values_list("agency__kind", flat=True)
            .distinct()
            .order_by("agency__kind")
        )
        self.fields["kinds"].choices = [(kind, Agency.Kind(kind).label) for kind in kinds]
        self.fields["kinds"].initial = list(kinds)

    def metric_groups(self):
        in_round = set(self.round.metrics.values_list("pk", flat=True))
        return _topic_groups(self.fields["metrics"].queryset, _chosen(self["metrics"]), in_round)

"""The administrator edits the metric catalog here: labels, phrases, sentences, versioning by year."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.metrics.catalog import catalog_queryset, export_rows, to_xlsx
from fazhi.metrics.models import BodyKind, Metric

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PhrasesField(forms.CharField):
    """The phrases as one per line in a text box, stored as a list."""

    widget = forms.Textarea(attrs={"rows": 6, "cols": 40})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        phrases = []
        for line in text.replace("；", "\n").replace(";", "\n").splitlines():
            line = line.strip()
            if line and line not in phrases:
                phrases.append(line)
        return phrases


class MetricForm(forms.ModelForm):
    phrases = PhrasesField(
        label=_("phrases"), required=False,
        help_text=_("One per line, as reports word the figure (受理行政复议申请, 复议申请…); the analyzer maps "
                    "figures by them."),
    )

    applies_to = forms.MultipleChoiceField(
        label=_("applies to"), choices=BodyKind.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The kinds of body asked for and reported this metric; none checked: every kind."),
    )

    class Meta:
        model = Metric
        fields = [
            "code", "label", "label_en", "unit", "kind", "numerator", "denominator", "topic", "aggregation",
            "applies_to", "better", "source",
            "computed_by", "phrases", "description", "sentence", "introduced_year", "retired_year", "order",
        ]


class InForceFilter(admin.SimpleListFilter):
    title = _("in force in year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        last = timezone.localdate().year + 1
        first = Metric.objects.aggregate(first=Min("introduced_year"))["first"] or last
        return [(str(year), str(year)) for year in range(last, first - 1, -1)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.for_year(int(self.value()))
        return queryset


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    form = MetricForm
    list_display = ["code", "label", "unit", "kind", "topic", "aggregation", "source", "introduced_year",
                    "retired_year", "order"]
    list_display_links = ["code", "label"]
    list_filter = ["topic", "kind", "source", "aggregation", InForceFilter]
    search_fields = ["code", "label", "label_en"]
    list_per_page = 200
    ordering = ["order", "code"]
    autocomplete_fields = ["numerator", "denominator"]
    actions = ["export_selected"]
    fieldsets = (
        (None, {"fields": ["code", "label", "label_en", "unit", "topic", "order"]}),
        (_("How it adds up"), {"fields": ["kind", "aggregation", "numerator", "denominator", "applies_to", "better"]}),
        (_("Where it comes from"), {"fields": ["source", "computed_by"]}),
        (_("How reports state it"), {"fields": ["phrases", "sentence", "description"]}),
        (_("Years"), {"fields": ["introduced_year", "retired_year"]}),
    )

    def get_search_results(self, request, queryset, search_term):
        """Search the phrases too (JSON, which the database cannot search reliably for Chinese)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            results = results | queryset.search(search_term)
        return results, may_have_duplicates

    @admin.action(description=_("Export the selected metrics to Excel"))
    def export_selected(self, request, queryset):
        rows = export_rows(catalog_queryset().filter(pk__in=queryset.values("pk")))
        response = HttpResponse(to_xlsx(rows), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="metrics-{timezone.localdate().isoformat()}.xlsx"'
        return response

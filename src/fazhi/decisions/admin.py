"""Major decisions in the system administration: read what the procedure recorded; changes go through the pages.

The procedure's state is changed only by ``fazhi.decisions.actions`` (audited); the admin shows it read-only.
"""

from django.contrib import admin

from fazhi.decisions.models import Adjustment, Catalog, CatalogChange, CatalogItem, Decision, Evaluation, Step


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class _ReadOnlyAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ItemInline(_ReadOnlyInline):
    model = CatalogItem
    fields = ["number", "name", "agency", "category", "planned_completion", "status"]
    readonly_fields = fields


class ChangeInline(_ReadOnlyInline):
    model = CatalogChange
    fields = ["kind", "item", "reason", "approved_on", "recorded_by"]
    readonly_fields = fields


class StepInline(_ReadOnlyInline):
    model = Step
    fields = ["round", "kind", "status", "started_on", "due_on", "done_on", "skip_reason", "details"]
    readonly_fields = fields


class EvaluationInline(_ReadOnlyInline):
    model = Evaluation
    fields = ["scheduled_on", "evaluator", "recommendation", "done_on"]
    readonly_fields = fields


class AdjustmentInline(_ReadOnlyInline):
    model = Adjustment
    fields = ["kind", "on", "reason", "recorded_by"]
    readonly_fields = fields


@admin.register(Catalog)
class CatalogAdmin(_ReadOnlyAdmin):
    list_display = ["title", "agency", "year", "status", "approved_on", "published_on"]
    list_filter = ["year", "status"]
    search_fields = ["title", "agency__name"]
    list_select_related = ["agency"]
    inlines = [ItemInline, ChangeInline]


@admin.register(Decision)
class DecisionAdmin(_ReadOnlyAdmin):
    list_display = ["title", "agency", "year", "status", "next_deadline", "decided_on", "published_on"]
    list_filter = ["year", "status", "category"]
    search_fields = ["title", "agency__name", "agency__code"]
    list_select_related = ["agency"]
    inlines = [StepInline, EvaluationInline, AdjustmentInline]

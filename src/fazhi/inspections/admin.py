"""The random-inspection ledger in the system administration: read-only, every change goes through ``actions``."""

from django.contrib import admin

from fazhi.inspections.models import AnnualPlan, Draw, Entity, Inspection, InspectionItem, Inspector, Recusal


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InspectionItem)
class InspectionItemAdmin(_ReadOnly):
    list_display = ["name", "agency", "body", "method", "status"]
    list_filter = ["status", "method"]
    search_fields = ["name", "agency__name"]


@admin.register(AnnualPlan)
class AnnualPlanAdmin(_ReadOnly):
    list_display = ["year", "agency", "batches", "planned_entities", "status", "filed_on"]
    list_filter = ["year", "status"]


@admin.register(Entity)
class EntityAdmin(_ReadOnly):
    list_display = ["name", "credit_code", "agency", "domain", "risk"]
    list_filter = ["risk"]
    search_fields = ["name", "credit_code"]


@admin.register(Inspector)
class InspectorAdmin(_ReadOnly):
    list_display = ["officer", "agency", "added_on", "status"]
    list_filter = ["status"]


@admin.register(Recusal)
class RecusalAdmin(_ReadOnly):
    list_display = ["officer", "entity", "agency", "recorded_on"]


@admin.register(Draw)
class DrawAdmin(_ReadOnly):
    list_display = ["drawn_on", "item", "agency", "seed", "status"]
    list_filter = ["status"]


@admin.register(Inspection)
class InspectionAdmin(_ReadOnly):
    list_display = ["entity", "agency", "kind", "inspected_on", "result", "publication_due", "published_on", "status"]
    list_filter = ["kind", "status", "result"]
    search_fields = ["entity__name", "entity__credit_code"]

"""Analysed reports in the system administration: for looking things up; uploads go through the app."""

from django.contrib import admin

from fazhi.analyzer.models import AnalyzedReport, Batch


class ReadOnlyAdmin(admin.ModelAdmin):
    """Batches are created by the app's upload action (audited); the admin shows them and never deletes."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReportInline(admin.TabularInline):
    model = AnalyzedReport
    extra = 0
    can_delete = False
    fields = [
        "position",
        "source_name",
        "status",
        "government",
        "level",
        "year",
        "figures",
        "checks_passed",
        "checks_failed",
        "error",
    ]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Batch)
class BatchAdmin(ReadOnlyAdmin):
    list_display = ["name", "agency", "created_by", "created_at", "status"]
    list_filter = ["status"]
    search_fields = ["name", "agency__name"]
    date_hierarchy = "created_at"
    inlines = [ReportInline]


@admin.register(AnalyzedReport)
class AnalyzedReportAdmin(ReadOnlyAdmin):
    list_display = ["source_name", "batch", "status", "government", "level", "year", "figures"]
    list_filter = ["status", "level", "year"]
    search_fields = ["source_name", "government", "title", "batch__name"]
    exclude = ["text", "result"]

"""Annual reports in the system administration: read what the workflow recorded; changes go through the pages.

The workflow's state is changed only by ``fazhi.reports.actions`` (audited); the admin shows it read-only.
"""

from django.contrib import admin

from fazhi.reports.models import Report, ReportComment, ReportDelivery, ReportSection, ReportSignoff


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SectionInline(_ReadOnlyInline):
    model = ReportSection
    fields = ["part", "order", "title", "topic", "updated_at", "updated_by"]
    readonly_fields = fields


class SignoffInline(_ReadOnlyInline):
    model = ReportSignoff
    fields = ["user", "post", "opinion", "signed_at"]
    readonly_fields = fields


class DeliveryInline(_ReadOnlyInline):
    model = ReportDelivery
    fields = ["kind", "addressee", "delivered_on", "reference", "recorded_by"]
    readonly_fields = fields


class CommentInline(_ReadOnlyInline):
    model = ReportComment
    fields = ["agency", "author", "text", "response", "created_at"]
    readonly_fields = fields


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "year", "body_kind", "status", "next_deadline", "submitted_on", "published_on"]
    list_filter = ["year", "status", "body_kind", "demonstration"]
    search_fields = ["title", "issuer", "agency__name", "agency__code"]
    list_select_related = ["agency"]
    inlines = [SectionInline, CommentInline, SignoffInline, DeliveryInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + ["next_deadline"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

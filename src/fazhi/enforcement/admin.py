"""The enforcement ledger in the system administration: read-only, every change goes through ``actions`` (audited)."""

from django.contrib import admin

from fazhi.enforcement.models import Certificate, EnforcementBody, Officer, Training


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EnforcementBody)
class EnforcementBodyAdmin(_ReadOnly):
    list_display = ["name", "agency", "kind", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "agency__name"]


@admin.register(Officer)
class OfficerAdmin(_ReadOnly):
    list_display = ["name", "agency", "body", "position"]
    search_fields = ["name", "agency__name"]


@admin.register(Certificate)
class CertificateAdmin(_ReadOnly):
    list_display = ["number", "officer", "agency", "valid_until", "status", "next_deadline"]
    list_filter = ["status"]
    search_fields = ["number", "officer__name"]


@admin.register(Training)
class TrainingAdmin(_ReadOnly):
    list_display = ["officer", "year", "course", "hours", "exam_score"]
    list_filter = ["year"]
    search_fields = ["officer__name", "course"]

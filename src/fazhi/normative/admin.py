"""Normative documents in the system administration.

The registration series (pattern, abbreviation, last number) is edited here; documents, filings and
cleanups change only through ``fazhi.normative.actions`` (audited) and are shown read-only.
"""

from django.contrib import admin

from fazhi.normative.models import Cleanup, CleanupProposal, Document, Filing, RegistrationSeries


@admin.register(RegistrationSeries)
class RegistrationSeriesAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "region_abbr", "pattern", "last_number"]
    list_filter = ["year"]
    search_fields = ["region__name", "region__code", "region_abbr"]
    autocomplete_fields = ["region"]


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FilingInline(admin.TabularInline):
    model = Filing
    extra = 0
    can_delete = False
    fields = ["addressee_kind", "addressee_name", "due_on", "filed_on", "receipt", "result", "examined_on"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(_ReadOnly):
    list_display = ["number", "title", "agency", "status", "published_on", "next_deadline"]
    list_filter = ["status", "kind", "year"]
    search_fields = ["title", "number"]
    inlines = [FilingInline]
    list_select_related = ["agency"]


@admin.register(Cleanup)
class CleanupAdmin(_ReadOnly):
    list_display = ["title", "region", "status", "opened_on", "due_on", "published_on"]


@admin.register(CleanupProposal)
class CleanupProposalAdmin(_ReadOnly):
    list_display = ["cleanup", "document", "proposal", "decision", "decided_on"]
    list_select_related = ["cleanup", "document"]

"""Read-only admin pages: the audit trail and attachments can be looked at, never edited here."""

from __future__ import annotations

import json

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fazhi.audit.models import Attachment, AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    actions = None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("sequence", "timestamp", "actor_repr", "ip", "action", "content_type", "object_repr")
    list_filter = ("action", "timestamp", "content_type")
    search_fields = ("object_repr", "actor_repr", "=object_id", "reason")
    date_hierarchy = "timestamp"
    list_select_related = ("content_type",)
    show_full_result_count = False
    ordering = ("-sequence",)
    fields = (
        "sequence", "timestamp", "actor", "actor_repr", "ip", "action", "content_type", "object_id",
        "object_repr", "changes_display", "reason", "prev_hash", "hash",
    )
    readonly_fields = fields

    @admin.display(description=_("changes"))
    def changes_display(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.changes, ensure_ascii=False, indent=2))


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at", "withdrawn_at")
    list_filter = ("content_type", "uploaded_at", ("withdrawn_at", admin.EmptyFieldListFilter))
    search_fields = ("original_name", "=sha256", "description")
    date_hierarchy = "uploaded_at"
    list_select_related = ("uploaded_by",)
    show_full_result_count = False

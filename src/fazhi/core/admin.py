"""Notifications in the system administration: looked at, and marked read, never written or added here.

``fazhi tick`` and the actions send notifications; the administrator may only set when one was read (for
a person who cannot reach the bell) — everything else is shown read-only.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fazhi.core.models import Notification


class _DoneFilter(admin.SimpleListFilter):
    """Yes/no on whether a date column is set ("read", "e-mailed"), in words rather than "empty"."""

    field = ""

    def lookups(self, request, model_admin):
        return [("yes", _("yes")), ("no", _("no"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{f"{self.field}__isnull": self.value() == "no"})
        return queryset


class ReadFilter(_DoneFilter):
    title = _("Read")
    parameter_name = "read"
    field = "read_at"


class EmailedFilter(_DoneFilter):
    title = _("E-mailed")
    parameter_name = "emailed"
    field = "emailed_at"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "level", "created_at", "is_read", "is_emailed", "email_error"]
    list_filter = ["level", ReadFilter, EmailedFilter]
    search_fields = ["title", "user__username", "user__display_name", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    fields = ["user", "key", "title", "body", "url", "level", "created_at", "read_at", "emailed_at", "email_error"]
    readonly_fields = [name for name in fields if name != "read_at"]
    actions = ["mark_read"]

    @admin.display(description=_("Read"), boolean=True, ordering="read_at")
    def is_read(self, obj):
        return obj.read_at is not None

    @admin.display(description=_("E-mailed"), boolean=True, ordering="emailed_at")
    def is_emailed(self, obj):
        return obj.emailed_at is not None

    @admin.action(description=_("Mark the selected notifications as read"))
    def mark_read(self, request, queryset):
        n = queryset.filter(read_at__isnull=True).update(read_at=timezone.now())
        self.message_user(request, ngettext("%(n)d notification marked as read.",
                                            "%(n)d notifications marked as read.", n) % {"n": n})

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

"""Consultations and public comments in the system administration.

Everything is shown read-only: a consultation changes only through ``fazhi.consultation.actions``. Comments
are moderated here by two admin actions, "publish" and "hide", which call ``publish_comment`` and
``hide_comment`` — the same audited actions as the staff pages — so a moderation from the admin leaves the
same audit entry. Hiding asks for the reason first, as the staff page does.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fazhi.consultation import actions
from fazhi.consultation.models import Comment, Consultation


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["created_at", "paragraph", "author_name", "text", "status", "moderated_at", "adoption"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Consultation)
class ConsultationAdmin(_ReadOnlyAdmin):
    list_display = ["title", "agency", "kind", "status", "opens_on", "closes_on", "concluded_on"]
    list_filter = ["status", "kind"]
    search_fields = ["title"]
    list_select_related = ["agency"]
    date_hierarchy = "opens_on"
    inlines = [CommentInline]


@admin.register(Comment)
class CommentAdmin(_ReadOnlyAdmin):
    list_display = ["excerpt", "consultation", "paragraph", "created_at", "status", "moderated_at", "adoption"]
    list_filter = ["status", "adoption"]
    search_fields = ["text"]
    list_select_related = ["consultation"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["publish", "hide"]

    @admin.display(description=_("comment"))
    def excerpt(self, obj):
        return obj.text[:60]

    def _moderate(self, request, queryset, perform, done_message) -> None:
        """Moderate each comment through its action; report refusals one by one, keeping the others."""
        done = 0
        for comment in queryset.select_related("consultation"):
            try:
                perform(comment)
            except ValidationError as exc:
                self.message_user(request, _("Comment %(n)d: %(errors)s") % {
                    "n": comment.pk, "errors": "；".join(exc.messages)}, messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(description=_("Publish the selected comments on the portal"))
    def publish(self, request, queryset):
        self._moderate(
            request, queryset, lambda c: actions.publish_comment(c, by=request.user),
            lambda n: ngettext("%(n)d comment published.", "%(n)d comments published.", n) % {"n": n},
        )

    @admin.action(description=_("Hide the selected comments (asks for the reason)"))
    def hide(self, request, queryset):
        reason = (request.POST.get("reason") or "").strip()
        if request.POST.get("confirm") == "yes" and reason:
            self._moderate(
                request, queryset, lambda c: actions.hide_comment(c, by=request.user, reason=reason),
                lambda n: ngettext("%(n)d comment hidden.", "%(n)d comments hidden.", n) % {"n": n},
            )
            return None
        # First pass (or no reason given): ask for the reason; the selection travels in the form.
        return TemplateResponse(request, "consultation/admin_hide.html", {
            **self.admin_site.each_context(request),
            "title": _("Hide comments"),
            "opts": self.model._meta,
            "comments": queryset,
            "reason": reason,
            "missing_reason": request.POST.get("confirm") == "yes",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        })

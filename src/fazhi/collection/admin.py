"""Collection rounds in the system administration: for looking things up; changes go through the app."""

from django.contrib import admin

from fazhi.collection.models import Explanation, Round, Submission, Value


class ReadMostlyAdmin(admin.ModelAdmin):
    """Records change through the app's actions (audited); the admin shows them and never deletes."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Round)
class RoundAdmin(ReadMostlyAdmin):
    list_display = ["title", "year", "agency", "region", "due_date", "status", "closed_at"]
    list_filter = ["status", "year"]
    search_fields = ["title", "agency__name", "region__name"]
    readonly_fields = ["agency", "region", "year", "status", "metrics", "opened_at", "closed_at",
                       "close_override_reason", "created_by", "created_at", "withdrawn_at", "withdrawn_reason"]
    fields = ["title", "due_date", *readonly_fields]


class ValueInline(admin.TabularInline):
    model = Value
    extra = 0
    can_delete = False
    fields = ["metric", "value", "note", "computed", "updated_by", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ExplanationInline(admin.TabularInline):
    """The clerk's answers to the questions the figures raised against last year's (questions.py)."""

    model = Explanation
    extra = 0
    can_delete = False
    fields = ["metric", "last_value", "value", "confirmed", "text", "updated_by", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadMostlyAdmin):
    list_display = ["agency", "year", "round", "status", "required", "submitted_at", "accepted_at", "reminder_count"]
    list_filter = ["status", "year", "required"]
    search_fields = ["agency__name", "agency__code", "round__title"]
    readonly_fields = ["round", "agency", "year", "status", "metrics", "submitted_at", "submitted_by", "accepted_at",
                       "returned_at", "return_reason", "reminded_at", "reminder_count", "created_at",
                       "withdrawn_at", "withdrawn_reason"]
    fields = ["required", *readonly_fields]
    inlines = [ValueInline, ExplanationInline]


@admin.register(Value)
class ValueAdmin(ReadMostlyAdmin):
    list_display = ["submission", "metric", "value", "computed", "updated_at"]
    list_filter = ["computed", "submission__year", "metric__topic"]
    search_fields = ["submission__agency__name", "metric__code", "metric__label"]
    list_select_related = ["submission__agency", "metric"]
    readonly_fields = ["submission", "metric", "value", "note", "computed", "updated_by", "updated_at"]

    def has_change_permission(self, request, obj=None):
        return False

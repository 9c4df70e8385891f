from django.contrib import admin

from fazhi.deadlines.models import CalendarYear, HolidayOverride, ProvincialDeadline


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "published_on", "created_at"]
    search_fields = ["year", "source"]


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "source"]
    list_filter = ["kind", "name"]
    search_fields = ["name", "source"]
    date_hierarchy = "date"


@admin.register(ProvincialDeadline)
class ProvincialDeadlineAdmin(admin.ModelAdmin):
    list_display = ["province", "rule_code", "length", "valid_from", "source"]
    list_filter = ["rule_code", "province"]
    search_fields = ["province", "source"]

"""Clear the service's cached calendar whenever the holiday table or a provincial setting changes."""

from django.db.models.signals import post_delete, post_save


def connect() -> None:
    from fazhi.deadlines.models import CalendarYear, HolidayOverride, ProvincialDeadline
    from fazhi.deadlines.service import clear_cache

    for model in (CalendarYear, HolidayOverride, ProvincialDeadline):
        for signal in (post_save, post_delete):
            signal.connect(clear_cache, sender=model, dispatch_uid=f"deadlines-clear-cache-{signal}-{model.__name__}")

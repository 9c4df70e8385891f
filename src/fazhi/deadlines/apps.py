from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "fazhi.deadlines"
    label = "deadlines"
    verbose_name = _("Statutory deadlines")

    def ready(self):
        from fazhi.core import tick
        from fazhi.deadlines import checks, signals  # noqa: F401 (checks register themselves)
        from fazhi.deadlines.coverage import notify_gap

        signals.connect()
        # Each pass of ``fazhi tick`` tells the administrators when next year's holiday notice is missing.
        tick.register_job("deadlines.calendar_gap", notify_gap, label=_("Holiday notice reminders"))

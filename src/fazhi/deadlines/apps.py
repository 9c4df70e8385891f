from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "fazhi.deadlines"
    label = "deadlines"
    verbose_name = _("Statutory deadlines")

    def ready(self):
        from fazhi.deadlines import signals

        signals.connect()

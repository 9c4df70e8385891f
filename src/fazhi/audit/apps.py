from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "fazhi.audit"
    label = "audit"
    verbose_name = _("Audit trail and attachments")

    def ready(self):
        from fazhi.audit import signals

        signals.connect()

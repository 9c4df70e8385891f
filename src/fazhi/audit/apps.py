from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "fazhi.audit"
    label = "audit"
    verbose_name = _("Audit trail and attachments")

    def ready(self):
        from fazhi.audit import checks, signals  # noqa: F401 (the checks register themselves)
        from fazhi.audit.anchors import anchor_job
        from fazhi.core import tick

        signals.connect()
        tick.register_job("audit.anchor", anchor_job, label=_("Audit chain anchored"))

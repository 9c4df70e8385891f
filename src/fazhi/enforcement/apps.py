from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "fazhi.enforcement"
    label = "enforcement"
    verbose_name = _("Law enforcement")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fazhi.core import agenda

        from .agenda import CertificateAgenda, ComplaintAgenda, RectificationAgenda
        from .metrics import register_all

        agenda.register(CertificateAgenda())
        agenda.register(ComplaintAgenda())
        agenda.register(RectificationAgenda())
        register_all()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "fazhi.mediation"
    label = "mediation"
    verbose_name = _("Dispute mediation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .metrics import register_all

        register_all()

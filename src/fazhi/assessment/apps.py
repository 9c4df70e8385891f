from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "fazhi.assessment"
    label = "assessment"
    verbose_name = _("Inspections and rectification")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .metrics import register_all

        register_all()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NormativeConfig(AppConfig):
    name = "fazhi.normative"
    label = "normative"
    verbose_name = _("Normative documents")
    default_auto_field = "django.db.models.BigAutoField"

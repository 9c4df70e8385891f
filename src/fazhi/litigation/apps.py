from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LitigationConfig(AppConfig):
    name = "fazhi.litigation"
    label = "litigation"
    verbose_name = _("Administrative litigation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .metrics import register_all

        register_all()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisersConfig(AppConfig):
    name = "fazhi.advisers"
    label = "advisers"
    verbose_name = _("Legal advisers and contract review")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .metrics import register_all

        register_all()

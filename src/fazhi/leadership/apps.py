from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadershipConfig(AppConfig):
    name = "fazhi.leadership"
    label = "leadership"
    verbose_name = _("Leadership duties")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .metrics import register_all

        register_all()

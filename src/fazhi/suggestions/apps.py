from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "fazhi.suggestions"
    label = "suggestions"
    verbose_name = _("Deputies' suggestions and CPPCC proposals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .metrics import register_all

        register_all()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    name = "fazhi.education"
    label = "education"
    verbose_name = _("Legal education and officials' study")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fazhi.core import agenda

        from .agenda import ConstitutionWeekAgenda, MissingListAgenda
        from .metrics import register_all

        register_all()
        agenda.register(MissingListAgenda())
        agenda.register(ConstitutionWeekAgenda())

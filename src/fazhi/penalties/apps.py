from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PenaltiesConfig(AppConfig):
    name = "fazhi.penalties"
    label = "penalties"
    verbose_name = _("Administrative penalties")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fazhi.core import agenda

        from .agenda import CaseAgenda
        from .metrics import register_all

        agenda.register(CaseAgenda())
        register_all()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "fazhi.consultation"
    label = "consultation"
    verbose_name = _("Public consultation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fazhi.core import tick

        from .actions import close_expired

        # Each pass of ``fazhi tick`` closes the comment windows whose last day has passed.
        tick.register_job(
            "consultation.close_expired", lambda today, dry_run: close_expired(today, dry_run=dry_run),
            label=_("Consultations closed"),
        )

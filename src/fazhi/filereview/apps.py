from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FileReviewConfig(AppConfig):
    name = "fazhi.filereview"
    label = "filereview"
    verbose_name = _("File reviews")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from fazhi.core import agenda

        from .agenda import RectificationAgenda
        from .metrics import register_all

        agenda.register(RectificationAgenda())
        register_all()
        checks.register(check_settings)


def check_settings(app_configs=None, **kwargs):
    """The sampling share must be a number from 0 (exclusive) to 100: a campaign reads it when it samples."""
    from django.core.checks import Error
    from django.core.exceptions import ImproperlyConfigured

    from .models import sample_percent

    try:
        sample_percent()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), hint="Write a percentage such as 5 or 2.5.", id="fazhi.filereview.E001")]
    return []

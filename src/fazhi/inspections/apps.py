from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "fazhi.inspections"
    label = "inspections"
    verbose_name = _("Random inspections")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from fazhi.core import agenda

        from .agenda import PublicationAgenda
        from .metrics import register_all

        agenda.register(PublicationAgenda())
        register_all()
        checks.register(check_settings)


def check_settings(app_configs=None, **kwargs):
    """The shares per risk level must be readable: a draw with a wrong share would be unlawful, not just odd."""
    from django.core.checks import Error
    from django.core.exceptions import ImproperlyConfigured

    from .rules import sampling_percentages

    try:
        sampling_percentages()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), hint="Write it as high=30,medium_high=10,medium=2,low=1.",
                      id="fazhi.inspections.E001")]
    return []

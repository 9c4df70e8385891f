from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "fazhi.supervision"
    label = "supervision"
    verbose_name = _("Supervision")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from fazhi.core import agenda
        from fazhi.reports.models import Report

        from . import home

        # The supervisor's, the office's and a clerk's home page list the bodies whose annual report is missing.
        agenda.register(home.missing_agenda)
        # A body's fazhi report is read live through its pointer; a report created after the register is built
        # is pointed to when it is saved.
        post_save.connect(_link_report, sender=Report, dispatch_uid="supervision.link_report")


def _link_report(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    from .models import ReportingBody

    ReportingBody.objects.filter(year=instance.year, agency_id=instance.agency_id, report__isnull=True).update(
        report=instance
    )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "fazhi.supervision"
    label = "supervision"
    verbose_name = _("Supervision")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from fazhi.core import agenda, tick
        from fazhi.reports.models import Report

        from . import figures, home

        # The supervisor's, the office's and a clerk's home page list the bodies whose annual report is missing.
        agenda.register(home.missing_agenda)
        # A body's fazhi report is read live through its pointer; a report created after the register is built
        # is pointed to when it is saved.
        post_save.connect(_link_report, sender=Report, dispatch_uid="supervision.link_report")
        # The comparison's figures of the last five registers, worked out before anyone opens the page.
        tick.register_job("supervision.warm_figures",
                          lambda today, dry_run: 0 if dry_run else figures.warm(today),
                          label=_("Registers whose comparison figures were worked out"))


def _link_report(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    from .models import ReportingBody

    ReportingBody.objects.filter(year=instance.year, agency_id=instance.agency_id, report__isnull=True).update(
        report=instance
    )

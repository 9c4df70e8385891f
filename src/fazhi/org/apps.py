from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "fazhi.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from fazhi.core import throttle, tick

        # Each pass of ``fazhi tick`` deletes failed log-ins past the throttle's windows.
        tick.register_job("org.login_failures_cleanup", lambda today, dry_run: throttle.cleanup(dry_run=dry_run),
                          label=_("Old failed log-ins deleted"))

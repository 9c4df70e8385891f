from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "fazhi.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from fazhi.core import throttle, tick
        from fazhi.org import identity
        from fazhi.org.models import Agency, Membership, Region, User

        # Who may do what changes with these rows: every process reads identities afresh.
        for model in (User, Membership, Agency, Region):
            post_save.connect(identity.changed, sender=model, dispatch_uid=f"identity-save-{model.__name__}")
            post_delete.connect(identity.changed, sender=model, dispatch_uid=f"identity-delete-{model.__name__}")

        # Each pass of ``fazhi tick`` deletes failed log-ins past the throttle's windows.
        tick.register_job("org.login_failures_cleanup", lambda today, dry_run: throttle.cleanup(dry_run=dry_run),
                          label=_("Old failed log-ins deleted"))

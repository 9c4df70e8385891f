from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "fazhi.disclosure"
    label = "disclosure"
    verbose_name = _("Disclosure on request")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fazhi.core import tick

        from .metrics import register_all

        register_all()
        # Each pass of ``fazhi tick``: requests not corrected within the time the agency gave are taken as given up
        # and no longer processed (政府信息公开条例 第30条).
        tick.register_job("disclosure.expire", _expire, label=_("Requests for government information not corrected "
                                                                  "in time"))


def _expire(today, dry_run: bool = False) -> int:
    from .actions import expire

    return expire(today, dry_run=dry_run)

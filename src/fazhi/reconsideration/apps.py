from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReconsiderationConfig(AppConfig):
    name = "fazhi.reconsideration"
    label = "reconsideration"
    verbose_name = _("Administrative reconsideration")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fazhi.core import tick

        from .metrics import register_all

        register_all()
        # Each pass of ``fazhi tick``: applications whose 5 working days of examination ended in silence are deemed
        # accepted (行政复议法 第30条第3款), and those not corrected in time are closed as abandoned (第31条第2款).
        tick.register_job("reconsideration.expire", _expire, label=_("Reconsideration applications deemed accepted "
                                                                       "or abandoned"))


def _expire(today, dry_run: bool = False) -> int:
    from .actions import expire

    return expire(today, dry_run=dry_run)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "fazhi.petitions"
    label = "petitions"
    verbose_name = _("Petitions (信访)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fazhi.core import tick

        from .metrics import register_all

        register_all()
        # Each pass of ``fazhi tick``: a matter whose petitioner let the 30 days to ask for a review or a second
        # review pass is closed, its opinion standing (信访工作条例 第35、36条; setting FAZHI_PETITIONS_CLOSE_UNCHALLENGED).
        tick.register_job("petitions.expire", _expire, label=_("Petitions whose time to ask for a review ended"))


def _expire(today, dry_run: bool = False) -> int:
    from .actions import expire

    return expire(today, dry_run=dry_run)

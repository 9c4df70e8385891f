from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NormativeConfig(AppConfig):
    name = "fazhi.normative"
    label = "normative"
    verbose_name = _("Normative documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models import Q

        from fazhi.core import agenda

        from .metrics import register_all
        from .models import Cleanup, Document

        # Two weeks ahead: a filing period can be as short as 15 days, a review 5 working days.
        agenda.register(agenda.LedgerAgenda(
            Document, label=_("Normative documents"), url_name="normative:detail", horizon_days=14,
            lapses=Q(status__in=Document.LAPSING_STATUSES),  # the end of the comment period, not a deadline missed
        ))
        agenda.register(agenda.LedgerAgenda(
            Cleanup, label=_("Cleanup campaigns"), url_name="normative:cleanup_detail", horizon_days=14,
        ))
        register_all()
        from fazhi.core import tick

        # Each day: a document whose validity has run out is marked expired (已失效), in the library too.
        tick.register_job("normative.expire", _expire_lapsed, label=_("Normative documents expired"))


def _expire_lapsed(today, dry_run: bool = False) -> int:
    from .actions import expire_lapsed_documents, lapsed_documents

    return lapsed_documents(today).count() if dry_run else expire_lapsed_documents(today)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    label = "reports"
    verbose_name = _("Annual reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings

        from fazhi.core import agenda, tick

        from .models import Report

        # Filing (3月1日) and publication (before 4月1日) deadlines warn this many days ahead, on the office's
        # home page too; ``Report.next_deadline`` is kept by ``rules.next_deadline``.
        agenda.register(agenda.LedgerAgenda(
            Report, label=_("Annual reports"), url_name="reports:report_detail",
            horizon_days=settings.FAZHI_REPORT_WARN_DAYS,
        ))
        # Word uploads read but never accepted would stay in the file storage forever.
        tick.register_job("reports.clean_word_uploads", _clean_word_uploads, label=_("Stale Word uploads deleted"))


def _clean_word_uploads(today, dry_run):
    """The tick job of ``word_revisions.clean_pending``, imported when it runs (python-docx is not light)."""
    from .word_revisions import clean_pending

    return clean_pending(today, dry_run)

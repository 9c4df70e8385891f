"""The analyzer as a Django app: ``fazhi analyze``, and the pages that keep uploaded batches (models, views).

The library modules (core, extract, structure, indicators, compare, cli…) import no Django.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyzerConfig(AppConfig):
    name = "fazhi.analyzer"
    label = "analyzer"
    verbose_name = _("Report analyzer")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from fazhi.core import tick

        checks.register(_check_evaluation_settings)

        # Uploads are analysed in a thread of the web process; each pass of ``fazhi tick`` (``fazhi worker``)
        # takes up the batches still queued and those whose run stopped (a restarted web process).
        tick.register_job("analyzer.process", _process_waiting, label=_("Uploaded reports analysed"))


def _process_waiting(today=None, dry_run: bool = False) -> int:
    """``actions.process_waiting``, imported when a tick runs it: loading the analyzer (its patterns compiled) at
    every command's start would slow down every command."""
    from .actions import process_waiting

    return process_waiting(today=today, dry_run=dry_run)


def _check_evaluation_settings(app_configs=None, **kwargs):
    """``scorecard.check_settings``, imported when the checks run (the evaluation loads the analyzer's patterns)."""
    from .scorecard import check_settings

    return check_settings(app_configs, **kwargs)

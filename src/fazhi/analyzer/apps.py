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

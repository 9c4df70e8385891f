"""The analyzer as a Django app: only so that ``fazhi analyze`` is found; the library needs no Django."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyzerConfig(AppConfig):
    name = "fazhi.analyzer"
    label = "analyzer"
    verbose_name = _("Report analyzer")
    default_auto_field = "django.db.models.BigAutoField"

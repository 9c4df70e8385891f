"""Reminders of certificates coming to the end of their validity, on the home page and through ``fazhi tick``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.agenda import LedgerAgenda
from fazhi.enforcement.models import Certificate, warning_days


class CertificateAgenda(LedgerAgenda):
    """A certificate's next deadline is the start of its warning period (``Certificate.compute_next_deadline``);
    its agency is reminded from as many days before that, in time to renew it."""

    def __init__(self):
        super().__init__(Certificate, label=_("Enforcement certificates"), url_name="enforcement:certificate_detail",
                         title_field="title")

    @property
    def horizon_days(self) -> int:
        """The warning period, read when asked (a setting, FAZHI_ENFORCEMENT_CERTIFICATE_WARNING_DAYS)."""
        return warning_days()

    @horizon_days.setter
    def horizon_days(self, value) -> None:
        """The base class sets a fixed horizon; this one follows the setting."""

    def _live(self, qs, today):
        # The title names the holder: read in the same query, for the home page and the tick alike.
        return super()._live(qs, today).select_related("officer")

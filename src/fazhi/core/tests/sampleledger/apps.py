from django.apps import AppConfig


class SampleLedgerConfig(AppConfig):
    """A ledger that exists only in tests, to exercise the shared ledger mechanisms."""

    name = "fazhi.core.tests.sampleledger"
    label = "sampleledger"

    def ready(self):
        from fazhi.core import agenda

        from .models import SampleCase

        agenda.register(LedgerAgenda_for(SampleCase))


def LedgerAgenda_for(model):  # noqa: N802 - reads like the class it builds
    from fazhi.core.agenda import LedgerAgenda

    return LedgerAgenda(model, label="Sample cases", url_name="sampleledger:detail")

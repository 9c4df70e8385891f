from datetime import timedelta

from django.db import models

from fazhi.core.ledger import LedgerRecord


class SampleCase(LedgerRecord):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DECIDED = "decided", "Decided"

    title = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    received_on = models.DateField()

    def compute_next_deadline(self):
        if self.status == self.Status.OPEN:
            return self.received_on + timedelta(days=60)
        return None

    def __str__(self):
        return self.title

"""Concurrent writers never fork the chain."""

import threading

import pytest
from django.db import connection

from fazhi.audit.actions import record_event
from fazhi.audit.models import AuditEntry
from fazhi.audit.verify import verify_chain


@pytest.mark.django_db(transaction=True)
def test_threads_writing_at_once_make_one_gap_free_chain():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a database file or server shared by threads")
    errors = []

    def writer(n):
        from django.db import connections

        try:
            for i in range(10):
                record_event(action="other", reason=f"writer {n} event {i}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert list(AuditEntry.objects.values_list("sequence", flat=True)) == list(range(1, 41))
    assert verify_chain() == []

import pytest

from fazhi.deadlines.service import clear_cache


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Rolled-back test transactions send no signals, so drop the cached calendar around every test."""
    clear_cache()
    yield
    clear_cache()

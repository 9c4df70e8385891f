"""The local rules of random inspections that are settings, read when asked (never at import time)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from fazhi.inspections.sampling import BadPercentages, parse_percentages

#: The deadline rule of the publication of a random inspection's result (fazhi.clock.rules).
PUBLICATION_RULE = "inspection.publication"
DEFAULT_PERCENTAGES = "high=30,medium_high=10,medium=2,low=1"


def sampling_percentages() -> dict[str, Decimal]:
    """The share of each risk level a draw picks, in per cent (FAZHI_INSPECTION_SAMPLING_PERCENT).

    UNCONFIRMED local practice (legal-rules §4.4, Henan 2021): high 30, medium-high 10, medium 2, low 1. A value
    that cannot be read raises ``ImproperlyConfigured`` (and fails the system check at start).
    """
    value = getattr(settings, "FAZHI_INSPECTION_SAMPLING_PERCENT", DEFAULT_PERCENTAGES)
    try:
        return parse_percentages(value)
    except BadPercentages as exc:
        raise ImproperlyConfigured(f"FAZHI_INSPECTION_SAMPLING_PERCENT={value!r}: {exc}") from None


def yearly_limit() -> int:
    """Inspections of one enterprise a year beyond which recording another warns (FAZHI_INSPECTION_YEARLY_LIMIT)."""
    return int(getattr(settings, "FAZHI_INSPECTION_YEARLY_LIMIT", 2))

"""The portal's tests reuse the annual report's fixtures: the 2025 round and the county's report."""

from fazhi.reports.tests.conftest import catalog, feb_2026, gov_report, round_2025  # noqa: F401

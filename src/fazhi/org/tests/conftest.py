from fazhi.org.tests.world import sample_cases, world  # noqa: F401

"""Settings for the test suite: the production settings plus a test-only ledger app and a fast hasher."""

from fazhi.conf.settings import *  # noqa: F403
from fazhi.conf.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "fazhi.core.tests.sampleledger.apps.SampleLedgerConfig"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

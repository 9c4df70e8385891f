"""Settings come from the environment: bad or unsafe values stop fazhi at start-up with a clear message.

Each case starts ``fazhi check`` in a fresh process, since settings are read once, at start-up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fazhi.conf.env import SETTINGS_HELP

REPO = Path(__file__).resolve().parents[4]
README = REPO / "README.md"


def fazhi(*args: str, env: dict[str, str] | None = None, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run ``python -m fazhi ARGS`` in a development environment free of fazhi's variables, plus ``env``."""
    clean = {key: value for key, value in os.environ.items() if key not in SETTINGS_HELP}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    clean["FAZHI_VAR_DIR"] = str(tmp_path)
    clean.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "fazhi", *args], env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = fazhi("check", env={"FAZHI_ENV": "production"}, tmp_path=tmp_path)

    assert result.returncode == 2
    assert "fazhi: configuration error: SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_with_debug_on_refuses_to_start(tmp_path):
    env = {"FAZHI_ENV": "production", "SECRET_KEY": "x" * 50, "DEBUG": "true"}

    result = fazhi("check", env=env, tmp_path=tmp_path)

    assert result.returncode == 2
    assert "DEBUG is on while FAZHI_ENV=production" in result.stderr


def test_a_bad_boolean_fails_naming_the_variable(tmp_path):
    result = fazhi("check", env={"DEBUG": "maybe"}, tmp_path=tmp_path)

    assert result.returncode == 2
    assert "DEBUG='maybe': expected one of true/false" in result.stderr


def test_a_bad_number_fails_naming_the_variable(tmp_path):
    result = fazhi("check", env={"FAZHI_UPLOAD_MAX_MB": "twenty"}, tmp_path=tmp_path)

    assert result.returncode == 2
    assert "FAZHI_UPLOAD_MAX_MB='twenty': expected a whole number" in result.stderr


def test_an_unknown_environment_name_is_refused(tmp_path):
    result = fazhi("check", env={"FAZHI_ENV": "staging"}, tmp_path=tmp_path)

    assert result.returncode == 2
    assert "FAZHI_ENV='staging'" in result.stderr


def test_production_with_what_it_needs_passes_the_checks(tmp_path):
    env = {
        "FAZHI_ENV": "production",
        "SECRET_KEY": "a-long-random-secret-key-for-this-test-only-0123456789",
        "ALLOWED_HOSTS": "fazhi.example.gov.cn",
        "CSRF_TRUSTED_ORIGINS": "https://fazhi.example.gov.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "FAZHI_SITE_URL": "https://fazhi.example.gov.cn",
        "FAZHI_AUDIT_KEY": "another-long-random-secret-for-the-audit-trail-0123456789",
    }

    result = fazhi("check", env=env, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout

    # Without the audit key anyone who can write the database could rewrite the audit trail: refused.
    result = fazhi("check", env={**env, "FAZHI_AUDIT_KEY": ""}, tmp_path=tmp_path)
    assert result.returncode == 1 and "fazhi.audit.E001" in result.stderr

    # Without the site's address the e-mails' links would be relative: a warning, not a refusal to start.
    del env["FAZHI_SITE_URL"]
    result = fazhi("check", env=env, tmp_path=tmp_path)
    assert result.returncode == 0 and "fazhi.core.W001" in result.stderr


def _variables_in(env: dict[str, str], tmp_path: Path) -> set[str]:
    code = (
        "import json, django; django.setup(); "
        "from fazhi.conf.env import SETTINGS_HELP; print(json.dumps(sorted(SETTINGS_HELP)))"
    )
    clean = {key: value for key, value in os.environ.items() if key not in SETTINGS_HELP}
    clean.update({"DJANGO_SETTINGS_MODULE": "fazhi.conf.settings", "FAZHI_VAR_DIR": str(tmp_path), **env})
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=120, check=True
    )
    return set(json.loads(result.stdout))


@pytest.mark.skipif(not README.exists(), reason="README.md is not beside an installed package")
def test_readme_names_every_variable_of_development_and_production(tmp_path):
    names = _variables_in({}, tmp_path) | _variables_in(
        {"FAZHI_ENV": "production", "SECRET_KEY": "x" * 50}, tmp_path
    )
    readme = README.read_text(encoding="utf-8")

    missing = sorted(name for name in names if f"`{name}`" not in readme)

    assert not missing, f"README.md does not mention {missing}: run `make readme` (or document them by hand)."


@pytest.mark.skipif(not README.exists(), reason="README.md is not beside an installed package")
def test_readme_table_of_settings_is_up_to_date():
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "sync-readme-settings.py"), "--check"],
        capture_output=True, text=True, timeout=120,
    )

    assert result.returncode == 0, result.stderr + result.stdout

"""System checks of the audit trail's key and anchor file (``fazhi check`` and every start)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from fazhi.audit.keys import MIN_KEY_LENGTH, key_id_for

_GENERATE = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"


@register(Tags.security, deploy=True)
def check_audit_key_derived(app_configs=None, **kwargs):
    """``fazhi check --deploy`` warns when development derives the audit key from SECRET_KEY."""
    if str(getattr(settings, "FAZHI_AUDIT_KEY", "") or "") or getattr(settings, "PRODUCTION", False):
        return []
    return [Warning(
        "FAZHI_AUDIT_KEY is not set: the audit trail is signed with a key derived from SECRET_KEY "
        "(fine for development only).",
        hint=f"Set FAZHI_AUDIT_KEY, e.g. {_GENERATE}.", id="fazhi.audit.W001")]


@register()
def check_audit_key(app_configs=None, **kwargs):
    """Production needs FAZHI_AUDIT_KEY of a useful length (development derives one, see above)."""
    key = str(getattr(settings, "FAZHI_AUDIT_KEY", "") or "")
    production = getattr(settings, "PRODUCTION", False)
    problems = []
    if not key and production:
        problems.append(Error(
            "FAZHI_AUDIT_KEY is not set: the audit trail's keyed hash needs a secret that is not in the "
            "database, or anyone who can write the database can rewrite the trail unnoticed.",
            hint=f"Set FAZHI_AUDIT_KEY to a random string of {MIN_KEY_LENGTH} characters or more, e.g. "
            f"{_GENERATE}, and keep a copy apart from the backups.", id="fazhi.audit.E001"))
    elif key and len(key) < MIN_KEY_LENGTH:
        problems.append(Error(
            f"FAZHI_AUDIT_KEY has {len(key)} characters; it needs {MIN_KEY_LENGTH} or more.",
            hint=f"Generate one with {_GENERATE}.", id="fazhi.audit.E002"))
    retired = [str(k) for k in getattr(settings, "FAZHI_AUDIT_RETIRED_KEYS", [])]
    if key and key_id_for(key) in {key_id_for(k) for k in retired}:
        problems.append(Error(
            "FAZHI_AUDIT_KEY is also listed in FAZHI_AUDIT_RETIRED_KEYS.",
            hint="List only former keys there.", id="fazhi.audit.E003"))
    return problems


@register()
def check_anchor_file(app_configs=None, **kwargs):
    """The anchor file's directory must exist or be creatable, and the file must be writable."""
    path = Path(settings.FAZHI_AUDIT_ANCHOR_FILE)
    if int(getattr(settings, "FAZHI_AUDIT_ANCHOR_EVERY", 1)) < 1:
        return [Error("FAZHI_AUDIT_ANCHOR_EVERY must be 1 or more.", id="fazhi.audit.E004")]
    if not path.is_absolute():
        return [Error(f"FAZHI_AUDIT_ANCHOR_FILE must be an absolute path; it is {str(path)!r}.",
                      id="fazhi.audit.E005")]
    if path.is_dir():
        return [Error(f"FAZHI_AUDIT_ANCHOR_FILE names a directory ({path}); it must name a file.",
                      id="fazhi.audit.E006")]
    return []

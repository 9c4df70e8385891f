"""Read settings from the environment through one helper with defaults and help text.

Every setting fazhi reads is declared here with ``config()``; ``SETTINGS_HELP`` keeps the declarations so
that ``fazhi settings`` and the README list each variable with its default. Bad values fail loudly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

__all__ = ["ImproperlyConfiguredEnv", "SettingDoc", "SETTINGS_HELP", "config"]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ImproperlyConfiguredEnv(Exception):
    """An environment variable holds a value fazhi cannot use."""


@dataclass(frozen=True)
class SettingDoc:
    name: str
    default: Any
    help: str
    group: str


SETTINGS_HELP: dict[str, SettingDoc] = {}

_MISSING = object()


def _cast(name: str, raw: str, cast: type | str) -> Any:
    if cast is bool:
        low = raw.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ImproperlyConfiguredEnv(f"{name}={raw!r}: expected one of true/false, yes/no, on/off, 1/0.")
    if cast is int:
        try:
            return int(raw)
        except ValueError:
            raise ImproperlyConfiguredEnv(f"{name}={raw!r}: expected a whole number.") from None
    if cast == "list":
        return [item.strip() for item in raw.split(",") if item.strip()]
    return raw


def config(name: str, default: Any = _MISSING, *, help: str, cast: type | str = str, group: str = "general"):
    """Return the environment variable ``name`` cast to ``cast``, or ``default`` when it is unset.

    A setting without a default is required: it raises ``ImproperlyConfiguredEnv`` when unset.
    """
    shown_default = None if default is _MISSING else default
    SETTINGS_HELP[name] = SettingDoc(name, shown_default, help, group)
    raw = os.environ.get(name)
    if raw is None:
        if default is _MISSING:
            raise ImproperlyConfiguredEnv(f"{name} is required: {help}")
        return default
    return _cast(name, raw, cast)

"""The catalog of ledgers: each ledger's app and the module that declares its procedure (``PROCEDURE``).

A new ledger adds its line here and keeps everything else in its own folder.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from fazhi.ledgers.procedure import Procedure

LEDGERS = {
    "normative": "fazhi.normative.procedure",
    "decisions": "fazhi.decisions.procedure",
}


@cache
def procedure(ledger: str) -> Procedure:
    """The procedure of ``ledger`` (a key of ``LEDGERS``)."""
    return import_module(LEDGERS[ledger]).PROCEDURE


def procedures() -> dict[str, Procedure]:
    return {ledger: procedure(ledger) for ledger in LEDGERS}

"""The framework every ledger is declared on: its procedure's steps, their order and dates (``procedure``), and the
catalog of ledgers (``catalog``)."""

from fazhi.ledgers.procedure import After, Procedure, Step

__all__ = ["After", "Procedure", "Step"]

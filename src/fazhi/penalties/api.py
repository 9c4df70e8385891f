"""JSON endpoints of the penalty-case ledger."""

from ninja import Router

router = Router(tags=["penalty cases"])

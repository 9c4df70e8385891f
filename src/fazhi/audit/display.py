"""How an audit entry reads in a record's history: who acted (their name, not their log-in) and states by label."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist


def actor_name(entry) -> str:
    """Return the acting person's name, or the name recorded then (without the log-in in brackets)."""
    if entry.actor_id and entry.actor is not None:
        return str(entry.actor)
    recorded = entry.actor_repr or ""
    return recorded.split(" (", 1)[0] if recorded.endswith(")") else recorded


def _status_labels(model) -> dict:
    try:
        return dict(model._meta.get_field("status").flatchoices)
    except FieldDoesNotExist:
        return {}


def status_change(entry) -> tuple[str, str] | None:
    """Return ``(from, to)`` as status labels when the entry changed a status, else None.

    The labels come from the record's model; a ledger that logs a step's status on its record (a
    decision's steps) finds them among the other models of the same app.
    """
    change = (entry.changes or {}).get("status")
    if not change or len(change) != 2:
        return None
    model = entry.content_type.model_class() if entry.content_type_id else None
    labels = _status_labels(model) if model is not None else {}
    if model is not None and not all(code is None or code in labels for code in change):
        for other in model._meta.app_config.get_models():
            labels = {**_status_labels(other), **labels}
    return tuple("—" if code is None else str(labels.get(code, code)) for code in change)

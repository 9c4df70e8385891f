"""Uploads are analysed inline in the analyzer's tests (no thread), so that every test is deterministic.

A test that wants the batch left for the tick job (or for the browser to watch) sets ``actions.START`` to
``"off"`` itself; ``monkeypatch`` puts the flag back afterwards.
"""

import pytest


@pytest.fixture(autouse=True)
def analyse_inline(monkeypatch):
    from fazhi.analyzer import actions

    monkeypatch.setattr(actions, "START", "inline")

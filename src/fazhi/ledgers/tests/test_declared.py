"""The contract every catalogued ledger declares with the generic pages and API (``fazhi.ledgers.pages``): each
action's form cleans exactly the keyword arguments of the action it runs, a field required where the argument has
no default (or where the form fills the default in); the statuses the pages offer an action in are the model's;
Excel imports only declared actions."""

from __future__ import annotations

import inspect

import pytest
from django import forms as django_forms
from django.utils.module_loading import import_string

from fazhi.ledgers.pages import declared

ACTIONS = [(pages.key, action) for pages in declared() for action in (pages.create, *pages.actions)]


@pytest.mark.parametrize(("key", "action"), ACTIONS, ids=[f"{key}.{action.name}" for key, action in ACTIONS])
def test_a_forms_fields_are_exactly_its_actions_keyword_arguments(key, action):
    run = import_string(action.run)
    parameters = {p.name: p for p in inspect.signature(run).parameters.values()
                  if p.kind == p.KEYWORD_ONLY and p.name not in ("by", "agency")}
    fields = import_string(action.form).base_fields
    assert set(fields) == set(parameters)
    for name, field in fields.items():
        optional = parameters[name].default is not inspect.Parameter.empty
        # A field the action may go without is optional, unless the form fills it in (a choice with its default).
        assert field.required is not optional or isinstance(field, django_forms.BooleanField) or (
            optional and field.initial is not None), name


@pytest.mark.parametrize("pages", declared(), ids=lambda pages: pages.key)
def test_the_pages_offer_only_the_models_statuses_and_import_only_declared_actions(pages):
    statuses = set(pages.statuses)
    for action in pages.actions:
        assert {str(s) for s in action.statuses} <= statuses, action.name
    assert {str(s) for s in pages.closed_statuses} <= statuses
    assert set(pages.imported) <= {action.name for action in pages.actions}

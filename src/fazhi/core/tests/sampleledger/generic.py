"""The sample ledger declared on the generic pages and API (``fazhi.ledgers.pages``), to test them alone."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from fazhi.core.ledger import create_record, transition
from fazhi.ledgers.api import router_for
from fazhi.ledgers.forms import date_field
from fazhi.ledgers.pages import Action, Column, Pages

from .models import SampleCase


class OpenForm(forms.Form):
    title = forms.CharField(max_length=100)
    received_on = date_field("received on")


class DecideForm(forms.Form):
    decided_on = date_field("decided on")
    reason = forms.CharField(max_length=200, required=False)


def open_case(*, agency, by, title: str, received_on: dt.date) -> SampleCase:
    return create_record(SampleCase(agency=agency, title=title, received_on=received_on), by=by)


def decide(case: SampleCase, *, by, decided_on: dt.date, reason: str = "") -> SampleCase:
    if decided_on < case.received_on:
        raise ValidationError({"decided_on": "A case is decided after it is received."})
    return transition(case, SampleCase.Status.DECIDED, by=by, allowed_from=[SampleCase.Status.OPEN], reason=reason)


PAGES = Pages(
    key="samplegeneric", model="sampleledger.SampleCase", title_field="title", label="Sample cases",
    columns=(Column("title", link=True), Column("agency", kind="agency"), Column("status"),
             Column("next_deadline", kind="deadline")),
    facts=("title", "received_on"),
    search=("title",), year_field="received_on",
    create=Action("open", "Open a case", f"{__name__}.OpenForm", f"{__name__}.open_case"),
    actions=(Action("decide", "Decide", f"{__name__}.DecideForm", f"{__name__}.decide", statuses=("open",)),),
    imported=("decide",),
)
app_name = PAGES.key
urlpatterns = PAGES.urlpatterns()
router = router_for(PAGES)

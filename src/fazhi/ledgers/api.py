"""A ledger's JSON API from its declaration (``fazhi.ledgers.pages.Pages``): the list with the page's filters, one
record, opening a record and each action, all through the caller's scope.

The answers carry every stored field of the record; the requests are the pages' forms, described for the
OpenAPI schema by ``schema_of`` and checked by the same form the page uses, so the page and the API refuse the same
input with the same messages (422 naming the fields; 403 not the caller's; 409 a move the law does not allow).
"""

import datetime as dt
import decimal
from typing import Annotated, Any, Literal

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field, create_model

from fazhi.api.refusals import refusal
from fazhi.api.types import Code, Day, Id, Line, OwnedOut, Search, Text, Year


def schema_of(form_class: type[forms.Form], name: str, extra: dict | None = None) -> type[Schema]:
    """A request schema describing ``form_class``'s fields (the form itself checks them again)."""
    fields: dict[str, Any] = dict(extra or {})
    for field_name, field in form_class.base_fields.items():
        kind, default = _type_of(field)
        fields[field_name] = (kind, ... if field.required and default is None and not isinstance(
            field, forms.BooleanField) else default)
    return create_model(name, __base__=Schema, **fields)


def _type_of(field: forms.Field) -> tuple[Any, Any]:
    if isinstance(field, forms.BooleanField):
        return bool, False
    if isinstance(field, forms.DateField):
        return (Day if field.required else Day | None), None
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return list[str], []
    if isinstance(field, forms.ModelChoiceField):
        return (Code if field.required else Code | None), None
    if isinstance(field, forms.ChoiceField):
        values = tuple(str(value) for value, _label in field.choices if value != "")
        kind = Literal[values] if values else str  # type: ignore[valid-type]
        return (kind if field.required else kind | None), None
    if isinstance(field, forms.IntegerField):
        bounded = Annotated[int, Field(ge=field.min_value, le=field.max_value)]
        return (bounded if field.required else bounded | None), None
    if isinstance(field, forms.DecimalField):
        return (decimal.Decimal if field.required else decimal.Decimal | None), None
    length = getattr(field, "max_length", None) or 2000
    if isinstance(field.widget, forms.Textarea):
        kind = Text(length, 1 if field.required else 0)
    else:
        kind = Line(length, 1 if field.required else 0)
    return kind, (None if field.required else "")


def _form_data(payload: Schema) -> dict:
    data = {}
    for name, value in payload.dict().items():
        if isinstance(value, dt.date):
            data[name] = value.isoformat()
        elif value is None:
            data[name] = ""
        else:
            data[name] = value
    return data


def _output_schema(pages) -> type[Schema]:
    model = pages.model_class
    fields: dict[str, Any] = {"id": (int, ...), "status_label": (str, "")}
    for field in model._meta.concrete_fields:
        if field.name in ("id", "agency"):
            continue
        name = field.attname
        fields[name] = (_python_type(field) | None, None)
    base = type(f"{model.__name__}Base", (OwnedOut,), {
        "resolve_status_label": staticmethod(lambda obj: str(obj.get_status_display())),
    })
    return create_model(f"{model._meta.app_label.title()}{model.__name__}Out", __base__=base, **fields)


def _python_type(field: models.Field):
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, models.DateTimeField):
        return dt.datetime
    if isinstance(field, models.DateField):
        return dt.date
    if isinstance(field, models.IntegerField | models.AutoField | models.ForeignKey):
        return int
    if isinstance(field, models.DecimalField):
        return decimal.Decimal
    if isinstance(field, models.JSONField):
        return Any
    return str


def router_for(pages, router: Router | None = None) -> Router:
    """The ledger's router: ``/<key>/records`` (list, open), ``/<key>/records/{id}`` and ``…/{id}/<action>``; a
    ledger of several lists adds each to one ``router``."""
    from fazhi.org.models import Agency
    from fazhi.org.scope import get_visible_or_404, scope_for

    router = router if router is not None else Router(tags=[pages.key])
    out = _output_schema(pages)
    base = f"/{pages.key}/records"
    model = pages.model_class

    def one(request, record_id: int):
        return get_visible_or_404(request.user, model.objects.filter(withdrawn_at__isnull=True)
                                  .select_related("agency"), pk=record_id)

    @router.get(base, response=list[out], summary=f"{pages.key}: the records the caller may see")
    @paginate
    def list_records(request, q: Search = "", agency: Code = "", year: Year | None = None, status: Code = "",
                     overdue: bool = False):
        filters = {"q": q.strip(), "agency": agency, "year": year if pages.year_field else None,
                   "status": status if status in pages.statuses else "", "overdue": overdue}
        return pages.filtered(request.user, filters, timezone.localdate()).select_related("agency").order_by(
            "-created_at", "-id")

    @router.get(base + "/{record_id}", response=out, summary=f"{pages.key}: one record")
    def get_record(request, record_id: Id):
        return one(request, record_id)

    create_in = create_model(f"{pages.key.title()}OpenIn", __base__=schema_of(
        pages.create.form_class, f"{pages.key.title()}OpenFields"), agency=(Code, ...))

    @router.post(base, response=out, summary=f"{pages.key}: {pages.create.name}")
    def open_record(request, payload: create_in):
        agency = get_visible_or_404(request.user, Agency.objects.select_related("region"), code=payload.agency)
        if not scope_for(request.user).can_write_agency(agency.pk):
            raise refusal(PermissionDenied()) from None
        data = _form_data(payload)
        data.pop("agency")
        form = pages.create.form_class(data)
        if not form.is_valid():
            raise refusal(ValidationError(form.errors)) from None
        try:
            record = pages.create.function(agency=agency, by=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as exc:
            raise refusal(exc) from None
        return one(request, record.pk)

    for action in pages.actions:
        _add_action(router, pages, action, base, out, one)
    return router


def _add_action(router, pages, action, base, out, one):
    from fazhi.org.scope import scope_for

    payload_in = schema_of(action.form_class, f"{pages.key.title()}{action.name.title().replace('_', '')}In")

    def perform(request, record_id: Id, payload: payload_in):
        record = one(request, record_id)
        if not scope_for(request.user).can_write_agency(record.agency_id):
            raise refusal(PermissionDenied()) from None
        form = action.form_class(_form_data(payload))
        if not form.is_valid():
            raise refusal(ValidationError(form.errors)) from None
        try:
            action.function(record, by=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as exc:
            raise refusal(exc) from None
        return one(request, record_id)

    perform.__name__ = f"{pages.key}_{action.name}"
    router.post(base + "/{record_id}/" + action.name.replace("_", "-"), response=out,
                summary=f"{pages.key}: {action.name}")(perform)

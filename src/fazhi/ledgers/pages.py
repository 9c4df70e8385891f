"""A ledger's pages from its declaration: the list (filtered as you type, paged without counting every row, exported
to Excel), the form that opens a record, the record's page (its facts, deadlines, dated steps, the actions open
to the person, attachments and history) and each action's form, all through the person's scope.

A ledger declares them in its ``ledger.py``::

    PAGES = Pages(
        key="reconsideration", model="reconsideration.Case", title_field="applicant_name",
        search=("number", "applicant_name"), year_field="received_on",
        columns=(Column("number", link=True), Column("applicant_name"), Column("status"),
                 Column("next_deadline", kind="deadline")),
        facts=("number", "applicant_name", "act", ...),
        create=Action("open", _("Register an application"), "fazhi.reconsideration.forms.ApplicationForm",
                      "fazhi.reconsideration.actions.receive_application"),
        actions=(Action("accept", _("Accept"), "...AcceptForm", "...accept", statuses=("received",)), ...),
    )

and its ``urls.py`` is ``app_name, urlpatterns = PAGES.key, PAGES.urlpatterns()``. An action is called as
``run(record, by=person, **form.cleaned_data)``; opening one as ``run(agency=agency, by=person, **cleaned_data)``.
Its refusals (ValidationError, IllegalTransition) are shown at their fields, keeping what was typed. Which actions
a page offers follows the record's status (``statuses``); the action itself decides what is allowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fazhi.core import lists, params, search
from fazhi.ledgers.forms import errors_into

PAGE_SIZE = 30
COUNT_CAP = 1000


@dataclass(frozen=True)
class Column:
    """A column of the list: a field of the record. ``kind``: "deadline" marks the date (overdue, provisional),
    "agency" names the owning agency, "status" shows the status's label; ``link`` links the record's page."""

    field: str
    label: str | Promise = ""
    link: bool = False
    kind: str = ""


@dataclass(frozen=True)
class Action:
    """A step a person records on the record's page (or, for ``Pages.create``, the opening of a record): its form
    and the action that does it, by dotted paths; offered while the record's status is one of ``statuses`` (all
    when empty). ``office``: the step is the rule-of-law office's (a review, an approval, a closing), offered only
    to the office of the record's region, never to the department's clerk (whom the action would refuse)."""

    name: str
    label: str | Promise
    form: str
    run: str
    statuses: tuple[str, ...] = ()
    multipart: bool = False
    office: bool = False

    @cached_property
    def form_class(self) -> type[forms.Form]:
        return import_string(self.form)

    @cached_property
    def function(self) -> Callable:
        return import_string(self.run)

    def offered(self, record) -> bool:
        return not self.statuses or record.status in self.statuses


@dataclass(frozen=True)
class Child:
    """The records of ``related`` (the reverse accessor: "hearings") shown on the record's page, by ``fields``."""

    related: str
    fields: tuple[str, ...]
    label: str | Promise = ""

    def table(self, record) -> dict:
        manager = getattr(record, self.related)
        model = manager.model
        header = [model._meta.get_field(name).verbose_name for name in self.fields]
        rows = []
        for child in manager.all():
            cells = []
            for name in self.fields:
                value = getattr(child, f"get_{name}_display", None)
                value = value() if callable(value) else getattr(child, name)
                cells.append("—" if value in (None, "") else _display(value))
            rows.append(cells)
        return {"label": self.label or model._meta.verbose_name_plural, "header": header, "rows": rows,
                "key": self.related}


@dataclass(frozen=True)
class Report:
    """A page of a ledger's own beside its list (the disclosure ledger's annual tables), linked from the list.

    ``view`` is the dotted path of a function ``(request, pages)`` answering the page; it is reached logged in at
    ``<ledger>/<name>/`` and must scope what it shows itself."""

    name: str
    label: str | Promise
    view: str


@dataclass(frozen=True)
class Pages:
    key: str
    model: str
    title_field: str
    columns: tuple[Column, ...]
    facts: tuple[str, ...]
    create: Action
    actions: tuple[Action, ...] = ()
    search: tuple[str, ...] = ()
    year_field: str = ""
    #: Statuses whose dates have lapsed rather than been missed: never filtered as overdue.
    closed_statuses: tuple[str, ...] = ()
    label: str | Promise = ""
    #: The actions an Excel row may record after opening the record (a case moved in from before fazhi), in order.
    imported: tuple[str, ...] = ()
    #: Records that belong to one record (a lawsuit's hearings), shown as tables on its page.
    children: tuple[Child, ...] = ()
    #: Facts shown as typed, in a ``<code>`` element (a tracking code): never translated, read character by character.
    #: E-mail and web addresses are shown so without being named.
    literal: tuple[str, ...] = ()
    #: Pages of the ledger's own beside the list (statistical tables), linked from it.
    reports: tuple[Report, ...] = ()
    #: Days ahead the home page's agenda and ``fazhi tick`` remind of a record's next deadline: a number, or a
    #: function of none returning it (read each time, so a setting may give it).
    horizon: int | Callable[[], int] = 7
    #: The URL namespace of a second kind of record the ledger keeps (its ``MORE_PAGES``), whose pages the ledger's
    #: ``urls.py`` includes under it: "advisers:contracts". Empty: the ledger's own, ``key``.
    namespace: str = ""
    #: The lists of a ledger that keeps several kinds of record (label, URL name), linked from each list but its
    #: own.
    related: tuple[tuple[str | Promise, str], ...] = ()
    extra: dict = field(default_factory=dict)

    # -- what the declaration names ---------------------------------------------------------------------------

    def agenda(self):
        """The provider of the home page's agenda and of ``fazhi tick``'s reminders for the ledger's records."""
        from fazhi.core.agenda import LedgerAgenda

        return LedgerAgenda(self.model_class, label=self.label or self.model_class._meta.verbose_name_plural,
                            url_name=f"{self.ns}:detail", title_field=self.title_field, horizon_days=self.horizon,
                            lapses=Q(status__in=self.closed_statuses) if self.closed_statuses else None)

    @property
    def model_class(self):
        return apps.get_model(self.model)

    @property
    def title(self) -> str:
        return str(self.label or self.model_class._meta.verbose_name_plural)

    def action(self, name: str) -> Action:
        for action in self.actions:
            if action.name == name:
                return action
        raise Http404

    @property
    def ns(self) -> str:
        """The namespace the pages' URLs are named in."""
        return self.namespace or self.key

    def url(self, name: str, *args) -> str:
        return reverse(f"{self.ns}:{name}", args=args)

    @property
    def links(self) -> dict[str, str]:
        """The addresses the pages link to, for the templates."""
        return {name: self.url(name) for name in ("list", "export", "create", "import", "import_template")}

    def urlpatterns(self) -> list:
        return [
            path("", self.list_view, name="list"),
            path("export.xlsx", self.export_view, name="export"),
            path("import/", self.import_view, name="import"),
            path("import.xlsx", self.import_template_view, name="import_template"),
            path("new/", self.create_view, name="create"),
            path("<int:pk>/", self.detail_view, name="detail"),
            # A record of one step (a meeting held) has no later action, and so no action address.
            *([path("<int:pk>/<slug:action>/", self.action_view, name="action")] if self.actions else []),
            *(path(f"{report.name}/", self._report_view(report), name=report.name) for report in self.reports),
        ]

    def _report_view(self, report: Report):
        run = import_string(report.view)

        @login_required
        def view(request):
            return run(request, self)

        return view

    @property
    def report_links(self) -> list[tuple[str, str]]:
        """(label, address) of each of the ledger's own pages and of its other lists, for the list."""
        return [*((str(report.label), self.url(report.name)) for report in self.reports),
                *((str(label), reverse(name)) for label, name in self.related if name != f"{self.ns}:list")]

    # -- the list ---------------------------------------------------------------------------------------------

    def filters(self, request) -> dict:
        status = request.GET.get("status", "")
        return {
            "q": params.text(request, "q"),
            "agency": params.text(request, "agency", 64),
            "year": params.year(request) if self.year_field else None,
            "status": status if status in self.statuses else "",
            "overdue": request.GET.get("overdue") == "1",
        }

    @property
    def statuses(self) -> dict:
        return dict(self.model_class._meta.get_field("status").choices)

    def filtered(self, user, filters: dict, today: dt.date):
        """The records the person may read, narrowed by the list's filters."""
        from fazhi.org.scope import scope_for

        model = self.model_class
        qs = scope_for(user).visible(model.objects.filter(withdrawn_at__isnull=True), model.scope_field)
        if filters["q"] and self.search:
            lookup = "icontains" if any(c.isascii() and c.isalpha() for c in filters["q"]) else "contains"
            match = Q()
            for name in self.search:
                match |= Q(**{f"{name}__{lookup}": filters["q"]})
            qs = search.narrow(qs.filter(match), self.search, filters["q"])
        if filters["agency"]:
            qs = qs.filter(agency__code=filters["agency"])
        if filters["year"]:
            qs = qs.filter(**{f"{self.year_field}__year": filters["year"]})
        if filters["status"]:
            qs = qs.filter(status=filters["status"])
        if filters["overdue"]:
            qs = qs.filter(next_deadline__lt=today).exclude(status__in=self.closed_statuses)
        return qs

    def _header(self) -> list[str]:
        model = self.model_class
        return [str(c.label or (_("Agency") if c.kind == "agency" else model._meta.get_field(c.field).verbose_name))
                for c in self.columns]

    def _rows(self, rows, today, scope) -> list:
        """The rows as HTML built here from plain values (every value escaped with ``lists.text``)."""
        text = lists.text
        model = self.model_class
        choices = {c.field: lists.labels(model._meta.get_field(c.field).choices) for c in self.columns
                   if c.kind != "agency" and model._meta.get_field(c.field).choices}
        names = scope.agency_names({row[1] for row in rows})
        detail = text(self.url("detail", 0)[:-2])
        overdue = format_html(' <span class="badge red" data-testid="overdue">{}</span>', _("overdue"))
        out = []
        for pk, agency_id, *values in rows:
            cells = []
            for column, value in zip(self.columns, values, strict=True):
                if column.kind == "deadline":
                    late = value is not None and value < today and values[self._status_index] not in \
                        self.closed_statuses
                    cell = f"{lists.deadline(value)}{overdue if late else ''}"
                elif column.kind == "agency":
                    cell = text(names.get(agency_id, ""))
                elif column.field == "status":
                    label = choices["status"].get(value) or text(value)
                    cell = f'<span class="badge status-{text(value)}">{label}</span>'
                elif column.field in choices:
                    cell = choices[column.field].get(value) or text(value or "—")
                elif isinstance(value, (bool, dt.date)):
                    cell = text(_display(value))
                elif column.field in self.literal and value not in (None, ""):
                    cell = f"<code>{text(value)}</code>"  # a code, not words of the page's language
                else:
                    cell = text("—" if value in (None, "") else value)
                if column.link:
                    cell = f'<a href="{detail}{pk}/">{cell}</a>'
                cells.append(f"<td>{cell}</td>")
            out.append(mark_safe(f'<tr data-record="{pk}">{"".join(cells)}</tr>'))  # noqa: S308 - escaped above
        return out

    @cached_property
    def _status_index(self) -> int:
        names = [c.field for c in self.columns]
        return names.index("status") if "status" in names else 0

    def _values(self) -> tuple[str, ...]:
        return ("pk", "agency_id", *(("agency_id" if c.kind == "agency" else c.field) for c in self.columns))

    @property
    def list_view(self):
        @login_required
        def view(request):
            from fazhi.org.scope import scope_for

            today = timezone.localdate()
            filters = self.filters(request)
            scope = scope_for(request.user)
            matching = self.filtered(request.user, filters, today).order_by("-created_at", "-id")
            page = lists.capped_page(matching, self._values(), params.page(request), PAGE_SIZE, COUNT_CAP)
            query = request.GET.copy()
            query.pop("page", None)
            context = {
                "pages": self, "header": self._header(), "rows": self._rows(page.rows, today, scope),
                "count": page.count, "more": page.more, "cap": COUNT_CAP, "filters": filters,
                "statuses": list(self.statuses.items()), "page": page.number, "has_next": page.has_next,
                "has_previous": page.has_previous, "query": query.urlencode(),
                "years": range(today.year + 1, today.year - 8, -1) if self.year_field else (),
            }
            if not lists.rows_only(request):
                context["agencies"], context["can_create"] = lists.per_person(
                    request, self.key, lambda: (list(scope.agencies().order_by("region__code", "name")
                                                     .values_list("code", "name")),
                                                self._may_create(scope)))
            return lists.render_list(request, "ledgers/list.html", "ledgers/_rows.html", context)

        return view

    @property
    def export_view(self):
        @login_required
        def view(request):
            from fazhi.ledgers.excel import Sheet, export_response

            today = timezone.localdate()
            filters = self.filters(request)
            model = self.model_class
            names = [f.name for f in model._meta.concrete_fields if f.name not in ("id",)]
            qs = self.filtered(request.user, filters, today).select_related("agency").order_by("-created_at", "-id")
            header = [str(model._meta.get_field(n).verbose_name) for n in names]

            def rows():
                for record in qs.iterator(chunk_size=500):
                    yield [_cell(record, n) for n in names]

            return export_response(request, ledger=self.key, sheets=[Sheet(self.title, header, rows())],
                                   filters=filters)

        return view

    # -- opening a record -------------------------------------------------------------------------------------

    @staticmethod
    def _agency_field(scope) -> forms.ModelChoiceField:
        return forms.ModelChoiceField(queryset=scope.editable_agencies().order_by("region__code", "name"),
                                      label=gettext_lazy("Agency"), to_field_name="code", empty_label=None)

    @property
    def create_view(self):
        @login_required
        def view(request):
            from fazhi.org.scope import scope_for

            scope = scope_for(request.user)
            if not scope.editable_agencies().exists():
                raise PermissionDenied
            form = self.create.form_class(request.POST or None)
            form.fields = {"agency": self._agency_field(scope), **form.fields}
            if request.method == "POST" and form.is_valid():
                values = dict(form.cleaned_data)
                agency = values.pop("agency")
                try:
                    record = self.create.function(agency=agency, by=request.user, **values)
                except ValidationError as exc:
                    errors_into(form, exc)
                else:
                    messages.success(request, _("Saved."))
                    return redirect(self.url("detail", record.pk))
            status = 422 if request.method == "POST" else 200
            return render(request, "ledgers/create.html", {"pages": self, "form": form}, status=status)

        return view

    def _may_create(self, scope) -> bool:
        """Whether to offer the person the opening of a record: an office's step only to an office."""
        if self.create.office:
            return scope.is_admin or bool(scope.write_subtrees)
        return scope.editable_agencies().exists()

    # -- the record's page ------------------------------------------------------------------------------------

    def context(self, request, record, forms_by_name: dict | None = None) -> dict:
        from fazhi.audit.actions import attachments_for, history_for
        from fazhi.ledgers.clock import clocks
        from fazhi.org.scope import scope_for

        model = self.model_class
        today = timezone.localdate()
        writer = scope_for(request.user).can_write_agency(record.agency_id)
        facts = []
        for name in self.facts:
            value = getattr(record, f"get_{name}_display", None)
            value = value() if callable(value) else getattr(record, name)
            if value in (None, "", [], {}):
                continue
            model_field = model._meta.get_field(name)
            if name in self.literal or isinstance(model_field, (models.EmailField, models.URLField)):
                value = format_html("<code>{}</code>", value)
            facts.append((model_field.verbose_name, _display(value)))
        deadlines = [(model._meta.get_field(c.field).verbose_name, getattr(record, c.field))
                     for c in clocks() if c.model == self.model and getattr(record, c.field)]
        steps = []
        if writer:
            scope = scope_for(request.user)
            for action in self.actions:
                if action.offered(record) and (not action.office or scope.is_office_for(record.agency)):
                    form = (forms_by_name or {}).get(action.name) or action.form_class(prefix=action.name)
                    steps.append({"action": action, "form": form})
        procedure = self._procedure()
        timeline = []
        if procedure is not None:
            dates = import_string(f"{self._app}.procedure.dates_of")(record)
            timeline = [(procedure.label(name), day) for name, day in procedure.timeline(dates)]
        return {
            "pages": self, "record": record, "facts": facts, "deadlines": deadlines, "timeline": timeline,
            "children": [child.table(record) for child in self.children],
            "steps": steps, "today": today, "overdue": bool(record.next_deadline and record.next_deadline < today
                                                             and record.status not in self.closed_statuses),
            "history": history_for(record)[:100], "attachments": attachments_for(record), "label": self.model,
            "can_upload": writer,
        }

    def _procedure(self):
        try:
            return import_string(f"{self._app}.procedure.PROCEDURE")
        except ImportError:
            return None

    @property
    def _app(self) -> str:
        return apps.get_app_config(self.model_class._meta.app_label).name

    def _record(self, user, pk: int):
        from fazhi.org.scope import get_visible_or_404

        return get_visible_or_404(user, self.model_class.objects.filter(withdrawn_at__isnull=True), pk=pk)

    @property
    def detail_view(self):
        @login_required
        def view(request, pk: int):
            record = self._record(request.user, pk)
            return render(request, "ledgers/detail.html", self.context(request, record))

        return view

    @property
    def action_view(self):
        @login_required
        @require_POST
        def view(request, pk: int, action: str):
            from fazhi.org.scope import scope_for

            step = self.action(action)
            record = self._record(request.user, pk)
            if not scope_for(request.user).can_write_agency(record.agency_id):
                raise Http404
            form = step.form_class(request.POST, request.FILES or None, prefix=step.name)
            if form.is_valid():
                try:
                    step.function(record, by=request.user, **form.cleaned_data)
                except ValidationError as exc:
                    errors_into(form, exc)
                else:
                    messages.success(request, _("Saved: %(step)s.") % {"step": step.label})
                    return redirect(self.url("detail", record.pk))
            record.refresh_from_db()
            return render(request, "ledgers/detail.html", self.context(request, record, {step.name: form}),
                          status=422)

        return view


    # -- Excel import ----------------------------------------------------------------------------------------

    @property
    def marker(self) -> str:
        return f"fazhi-{self.key}-import-v1"

    def import_columns(self) -> list[tuple]:
        """The workbook's columns from B: the agency, the opening form's fields, then each imported action's
        (``(key, heading, width, required, form field, action)``, the key ``action.field``)."""
        columns = [("agency", _("Agency (code or name)"), 24, True, None, None)]
        steps = [self.create, *(self.action(name) for name in self.imported)]
        for step in steps:
            for name, form_field in step.form_class.base_fields.items():
                heading = str(form_field.label or name)
                if step is not self.create:
                    heading = f"{step.label}：{heading}"
                required = form_field.required and step is self.create
                columns.append((f"{step.name}.{name}", heading, 18, required, form_field, step))
        return columns

    def import_template(self) -> bytes:
        from fazhi.ledgers.excel import FIRST_ROW, template

        columns = [(key, heading, width, required) for key, heading, width, required, *_rest in self.import_columns()]
        return template(self.marker, self.title, str(_("%(ledger)s: import") % {"ledger": self.title}), _(
            "One record per row from row %(row)d; columns marked * are required. A later step's columns are "
            "filled in only when the step was taken; dates as 2026-03-02. Choices as the page shows them.")
            % {"row": FIRST_ROW}, columns)

    def import_rows(self, data: bytes, *, user):
        """Open a record per row (and record the row's later steps) through the same forms and actions as the
        pages: all rows, or none with each refusal at its row and column."""
        from fazhi.ledgers.excel import ImportResult, apply_all, read_rows, row_error
        from fazhi.org.scope import scope_for

        result = ImportResult()
        columns = self.import_columns()
        plain = [(key, heading, width, required) for key, heading, width, required, *_rest in columns]
        rows = read_rows(data, self.marker, len(columns), result, _(
            "This workbook is not this ledger's import workbook. Download the workbook, fill it in and upload "
            "that file."))
        if result.fatal:
            return result
        agencies = {}
        for agency in scope_for(user).editable_agencies():
            agencies[agency.code] = agencies[agency.name] = agency
        parsed = []
        for index, cells in rows:
            texts = {column[0]: _import_text(cell, column[4]) for column, cell in zip(columns, cells, strict=True)}
            agency = agencies.get(texts["agency"])
            if agency is None:
                result.errors.append(row_error(plain, index, "agency", _(
                    "“%(value)s” is not an agency you keep records for.") % {"value": texts["agency"] or "—"}))
                continue
            parsed.append((index, agency, texts))

        def apply(item):
            index, agency, texts = item
            record = None
            for step in [self.create, *(self.action(name) for name in self.imported)]:
                values = {key.split(".", 1)[1]: value for key, value in texts.items()
                          if key.startswith(f"{step.name}.")}
                if step is not self.create and not any(values.values()):
                    continue
                form = step.form_class(values)
                if not form.is_valid():
                    raise ValidationError({f"{step.name}.{name}": errors for name, errors in form.errors.items()})
                try:
                    if step is self.create:
                        record = step.function(agency=agency, by=user, **form.cleaned_data)
                    else:
                        step.function(record, by=user, **form.cleaned_data)
                        record.refresh_from_db()
                except ValidationError as exc:
                    if hasattr(exc, "error_dict"):
                        raise ValidationError({f"{step.name}.{name}" if name != "__all__" else name: errors
                                               for name, errors in exc.error_dict.items()}) from None
                    raise

        if result.errors:  # a row without its agency: nothing is tried
            result.errors.sort(key=lambda e: (e.row or 0, e.column))
            return result
        return apply_all([(index, (index, agency, texts)) for index, agency, texts in parsed], apply, result, plain)

    @property
    def import_view(self):
        @login_required
        def view(request):
            from fazhi.org.scope import scope_for

            if not scope_for(request.user).editable_agencies().exists():
                raise PermissionDenied
            result = None
            status = 200
            if request.method == "POST":
                upload = request.FILES.get("file")
                from fazhi.ledgers.excel import ImportResult

                if upload is None:
                    result = ImportResult(fatal=_("Choose the filled-in workbook to upload."))
                else:
                    result = self.import_rows(upload.read(), user=request.user)
                if result.ok:
                    messages.success(request, _("%(count)d records imported.") % {"count": result.imported})
                    return redirect(self.url("list"))
                status = 422
            return render(request, "ledgers/import.html", {"pages": self, "result": result}, status=status)

        return view

    @property
    def import_template_view(self):
        @login_required
        def view(request):
            from django.http import HttpResponse
            from django.utils.http import content_disposition_header

            from fazhi.ledgers.excel import XLSX

            response = HttpResponse(self.import_template(), content_type=XLSX)
            response["Content-Disposition"] = content_disposition_header(True, f"{self.key}-import.xlsx")
            return response

        return view


def _import_text(value, form_field) -> str:
    """A cell as the form expects it: dates in ISO form, a choice by its value or its label, yes/no in words."""
    from fazhi.ledgers.excel import cell_text

    text = cell_text(value)
    if not text or form_field is None:
        return text
    if isinstance(form_field, forms.BooleanField):
        return "on" if text.lower() in ("是", "yes", "true", "1", "y", "√") else ""
    if isinstance(form_field, forms.DateField):
        parts = [p for p in text.replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-")
                 .replace(".", "-").split("-") if p]
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            return f"{int(parts[0]):04d}-{int(parts[1]):02d}-{int(parts[2]):02d}"
        return text
    if isinstance(form_field, forms.ChoiceField) and not isinstance(form_field, forms.ModelChoiceField):
        for choice, label in form_field.choices:
            if text in (str(choice), str(label)):
                return str(choice)
    return text

def declared() -> list[Pages]:
    """The catalogued ledgers declared on these pages (their ``ledger.py`` holds ``PAGES``, and ``MORE_PAGES`` for
    any other kind of record the ledger keeps)."""
    from fazhi.ledgers import catalog

    found = []
    for ledger in catalog.LEDGERS:
        try:
            module = ledger.module("ledger")
        except ModuleNotFoundError as exc:
            if exc.name != f"{ledger.app}.ledger":
                raise
            continue
        found.append(module.PAGES)
        found.extend(getattr(module, "MORE_PAGES", ()))  # the other kinds of record the ledger keeps
    return found


def register_agendas() -> None:
    from fazhi.core import agenda

    for pages in declared():
        agenda.register(pages.agenda())


def _display(value):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _cell(record, name: str):
    value = getattr(record, f"get_{name}_display", None)
    value = value() if callable(value) else getattr(record, name)
    if hasattr(value, "_meta"):
        return str(value)
    if isinstance(value, (list, dict)):
        return str(value) if value else ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return "" if value is None else value

"""The one place that decides what a person may see and change.

Rules (ARCHITECTURE.md, "Scope by organisation"):

- system administrator (superuser): everything;
- department clerk: reads and changes its own agency's records;
- rule-of-law office: reads and changes (reviews) records of every agency in its region and below;
- leader: reads records of its region and below;
- supervisor: reads records of the regions below its own.

A person's scope is the union over their active memberships. Every list, detail page, export and API
endpoint filters through ``scope_for(user)``; models that keep records declare ``scope_field``, the
path to their owning agency, and get ``Model.objects.visible_to(user)`` from ``ScopedManager``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from django.db import models
from django.db.models import Q
from django.http import Http404

from fazhi.org.managers import ScopedManager, ScopedQuerySet
from fazhi.org.models import Agency, Membership, Region

__all__ = ["Scope", "ScopedManager", "ScopedQuerySet", "get_editable_or_404", "get_visible_or_404", "is_office_for",
           "scope_for"]

_CACHE_ATTR = "_fazhi_scope"


@dataclass
class Scope:
    """What one person may read and change, as agency ids and region subtrees."""

    is_admin: bool = False
    read_agencies: set[int] = field(default_factory=set)
    write_agencies: set[int] = field(default_factory=set)
    read_subtrees: set[str] = field(default_factory=set)  # region paths, inclusive
    write_subtrees: set[str] = field(default_factory=set)
    read_below: set[str] = field(default_factory=set)  # region paths, strictly below

    @classmethod
    def build(cls, user, memberships=None) -> Scope:
        """Return the scope of ``user``; ``memberships`` are their active ones if already loaded."""
        if user is None or not user.is_authenticated or not user.is_active:
            return cls()
        if user.is_superuser:
            return cls(is_admin=True)
        scope = cls()
        if memberships is None:
            memberships = Membership.objects.filter(
                user=user, is_active=True, agency__is_active=True
            ).select_related("agency__region")
        for m in memberships:
            path = m.agency.region.path
            if m.role == Membership.Role.CLERK:
                scope.read_agencies.add(m.agency_id)
                scope.write_agencies.add(m.agency_id)
            elif m.role == Membership.Role.OFFICE:
                scope.read_subtrees.add(path)
                scope.write_subtrees.add(path)
            elif m.role == Membership.Role.LEADER:
                scope.read_subtrees.add(path)
            elif m.role == Membership.Role.SUPERVISOR:
                scope.read_below.add(path)
        return scope

    @property
    def is_empty(self) -> bool:
        return not (
            self.is_admin or self.read_agencies or self.read_subtrees or self.read_below or self.write_agencies
        )

    # Q objects over an agency reached through ``prefix`` ("" for Agency itself, "agency__" for a record).

    def _agency_q(self, prefix: str, agencies: set[int], subtrees: set[str], below: set[str]) -> Q:
        if self.is_admin:
            return Q()
        q = Q(pk__in=[]) if not prefix else Q(**{f"{prefix}in": []})
        pk = f"{prefix}pk" if not prefix else f"{prefix}id"
        if agencies:
            q |= Q(**{f"{pk}__in": agencies})
        for path in subtrees:
            q |= Q(**{f"{prefix}region__path__startswith": path})
        for path in below:
            q |= Q(**{f"{prefix}region__path__startswith": path}) & ~Q(**{f"{prefix}region__path": path})
        return q

    def read_q(self, prefix: str = "agency__") -> Q:
        return self._agency_q(prefix, self.read_agencies, self.read_subtrees, self.read_below)

    def write_q(self, prefix: str = "agency__") -> Q:
        return self._agency_q(prefix, self.write_agencies, self.write_subtrees, set())

    # Querysets.

    def agencies(self):
        """Return the agencies this person may read."""
        return Agency.objects.filter(self.read_q("")).distinct()

    def editable_agencies(self):
        """Return the agencies in whose name this person may create and change records."""
        return Agency.objects.filter(self.write_q(""))

    def regions(self):
        """Return the regions this person may read: its subtrees, and the regions of its own agencies."""
        if self.is_admin:
            return Region.objects.all()
        q = Q(pk__in=[])
        for path in self.read_subtrees:
            q |= Q(path__startswith=path)
        for path in self.read_below:
            q |= Q(path__startswith=path) & ~Q(path=path)
        if self.read_agencies:
            q |= Q(agencies__id__in=self.read_agencies)
        return Region.objects.filter(q).distinct()

    def visible(self, queryset, field_path: str):
        """Narrow ``queryset`` to records whose agency (reached through ``field_path``) this person may read.

        Records are filtered by the list of agency ids (computed once per request) rather than by a join on
        the region tree: the planner then walks a list's own index, which keeps large ledgers fast.
        """
        if self.is_admin:
            return queryset
        if not field_path:
            return queryset.filter(self.read_q(""))
        return queryset.filter(**{f"{field_path}_id__in" if "__" not in field_path else f"{field_path}__in":
                                  sorted(self._read_ids)})

    def editable(self, queryset, field_path: str):
        if self.is_admin:
            return queryset
        if not field_path:
            return queryset.filter(self.write_q(""))
        return queryset.filter(**{f"{field_path}_id__in" if "__" not in field_path else f"{field_path}__in":
                                  sorted(self._write_ids)})

    # Single objects.

    @cached_property
    def _read_names(self) -> dict[int, str]:
        """The readable agencies' names by id: the one query that gives ``_read_ids`` too."""
        return dict(self.agencies().order_by().values_list("pk", "name"))

    @cached_property
    def _read_ids(self) -> set[int]:
        return set(self._read_names)

    def agency_names(self, ids) -> Mapping[int, str]:
        """Return the names of the agencies ``ids`` by id: the owners of records this person reads, named from the
        scope's own query (a list's rows then need no join), or by one query for an administrator. Read-only: the
        scope, and with it this mapping, may serve the person's later requests (``fazhi.org.identity``)."""
        names = {} if self.is_admin else self._read_names
        missing = {i for i in ids if i not in names}
        if not missing:
            return MappingProxyType(names)
        return {**names, **dict(Agency.objects.filter(pk__in=missing).values_list("pk", "name"))}

    @property
    def writes_what_it_reads(self) -> bool:
        """Whether the person may change every record they may read (a clerk, the office, an administrator)."""
        return self.is_admin or self._write_ids == self._read_ids

    @cached_property
    def _write_ids(self) -> set[int]:
        return set(self.editable_agencies().values_list("pk", flat=True))

    def can_read_agency(self, agency_id: int | None) -> bool:
        return self.is_admin or (agency_id is not None and agency_id in self._read_ids)

    def can_write_agency(self, agency_id: int | None) -> bool:
        return self.is_admin or (agency_id is not None and agency_id in self._write_ids)

    def is_office_for(self, agency: Agency) -> bool:
        """Whether the person works in a rule-of-law office whose region covers ``agency``'s (or administers): the
        steps that review, approve or close a department's record are the office's."""
        return self.is_admin or any(agency.region.path.startswith(path) for path in self.write_subtrees)


def _prefix(field_path: str) -> str:
    return f"{field_path}__" if field_path else ""


def scope_for(user) -> Scope:
    """Return the (per-request cached) scope of ``user``."""
    if user is None:
        return Scope()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = Scope.build(user)
        with contextlib.suppress(AttributeError):  # AnonymousUser is immutable in places
            setattr(user, _CACHE_ATTR, cached)
    return cached


def prime_scope(user, memberships, scope: Scope | None = None) -> Scope:
    """Build and cache the scope from memberships the request already loaded (saves a query per page), or cache
    ``scope`` if given (one kept from an earlier request, ``fazhi.org.identity``)."""
    if scope is None:
        scope = Scope.build(user, memberships)
    with contextlib.suppress(AttributeError):
        setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user) -> None:
    """Drop the cached scope, after memberships change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_office_for(user, agency: Agency) -> bool:
    """Whether ``user`` works in a rule-of-law office whose region covers ``agency``'s (``Scope.is_office_for``)."""
    return scope_for(user).is_office_for(agency)


def get_visible_or_404(user, queryset, **lookup):
    """Return the object the person may read, or raise Http404 (an outsider learns nothing)."""
    qs = queryset if isinstance(queryset, models.QuerySet) else queryset.objects.all()
    try:
        return qs.visible_to(user).get(**lookup)
    except qs.model.DoesNotExist:
        raise Http404 from None


def get_editable_or_404(user, queryset, **lookup):
    """Return the object the person may change; 404 when unseen, 403 when seen but read-only."""
    from django.core.exceptions import PermissionDenied

    obj = get_visible_or_404(user, queryset, **lookup)
    agency_id = _agency_id_of(obj)
    if not scope_for(user).can_write_agency(agency_id):
        raise PermissionDenied
    return obj


def _agency_id_of(obj) -> int | None:
    path = type(obj).scope_field
    if not path:
        return obj.pk
    target = obj
    parts = path.split("__")
    for part in parts[:-1]:
        target = getattr(target, part)
    return getattr(target, f"{parts[-1]}_id")

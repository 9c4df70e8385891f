"""Fixtures shared by tests: the demo county and its personas.

owner = clerk of 县市场监管局 (sfx-scj); colleague = clerk of 县教育局 (sfx-jyj), another department;
outsider = clerk of 邻水县司法局, another county. Plus the county office, leader, city supervisor and admin.
"""

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings

from fazhi.demo.county import build_demo
from fazhi.org.models import Agency, User


@dataclass
class World:
    owner: User
    colleague: User
    outsider: User
    office: User
    leader: User
    supervisor: User
    township: User
    admin: User

    def agency(self, code: str) -> Agency:
        return Agency.objects.get(code=code)


@pytest.fixture
def world(db) -> World:
    build_demo()
    return _personas()


def _personas() -> World:
    users = {u.username: u for u in User.objects.all()}
    return World(
        owner=users["clerk"], colleague=users["clerk2"], outsider=users["outsider"], office=users["office"],
        leader=users["leader"], supervisor=users["supervisor"], township=users["township"], admin=users["admin"],
    )


@pytest.fixture
def sample_cases(world):
    """One open sample case in the owner's, the colleague's and the outsider's agency each."""
    from fazhi.core.ledger import create_record
    from fazhi.core.tests.sampleledger.models import SampleCase

    cases = {}
    for who, code in [("owner", "sfx-scj"), ("colleague", "sfx-jyj"), ("outsider", "lsx-sfj")]:
        user = getattr(world, who)
        cases[who] = create_record(
            SampleCase(agency=world.agency(code), title=f"{who}-case", received_on=date(2026, 9, 1)), by=user
        )
    return cases


@pytest.fixture
def catalog(db):
    """The shipped metric catalog, loaded; a dict of metrics by code."""
    from fazhi.metrics.catalog import load_catalog
    from fazhi.metrics.models import Metric

    load_catalog()
    return {metric.code: metric for metric in Metric.objects.select_related("numerator", "denominator")}


#: Figures the shipped catalog computes from the ledgers that some tests type in, as a government that keeps those
#: procedures outside fazhi would: the rules, questions, roll-ups and reports of typed figures are tested on them.
TYPED = ["reconsideration_received", "reconsideration_accepted", "reconsideration_decided", "reconsideration_upheld",
         "reconsideration_corrected", "reconsideration_withdrawn", "reconsideration_mediated", "litigation_cases",
         "litigation_concluded", "litigation_won", "litigation_lost", "litigation_leader_appearances",
         "disputes_mediated", "disputes_resolved", "disputes_judicial_confirmations", "disputes_amount",
         "petitions_received", "petitions_visitors", "petitions_closed_on_time", "pufa_activities", "pufa_audience",
         "pufa_materials", "pufa_lectures", "pufa_school_events", "education_legal_literates",
         "education_demonstration_villages", "education_trainings", "education_trainees", "education_exam_takers",
         "leadership_party_committee_meetings",
         "leadership_meetings_on_law", "leadership_committee_meetings", "leadership_reports_heard",
         "leadership_study_sessions", "leadership_pre_meeting_study", "education_leader_lectures", "leaders_shufa"]


def typed(catalog: dict) -> dict:
    """``catalog`` with the ``TYPED`` figures collected rather than computed."""
    from fazhi.metrics.models import Metric

    Metric.objects.filter(code__in=TYPED).update(source=Metric.Source.COLLECTED, computed_by="")
    for code in TYPED:
        if code in catalog:
            catalog[code].refresh_from_db()
    return catalog


#: Copies of the SQLite test database with the demo county and its year built, by key ("today", or a fixed day),
#: kept for the rest of this test process: building takes seconds, copying it back in milliseconds.
_SNAPSHOTS: dict[str, tuple[sqlite3.Connection, dict]] = {}


def _sqlite():
    """The test database's own sqlite3 connection, or None on another database."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return None
    connection.ensure_connection()
    return connection.connection


def _copy(raw) -> sqlite3.Connection:
    snapshot = sqlite3.connect(":memory:", check_same_thread=False)
    raw.backup(snapshot)
    return snapshot


def _restore(snapshot: sqlite3.Connection, raw) -> None:
    from django.contrib.contenttypes.models import ContentType

    snapshot.backup(raw)
    ContentType.objects.clear_cache()  # ids read before the copy need not be those in it


def demo_built(key: str = "today", clock=None) -> dict:
    """Build the demo county and its year of activity (under ``clock``, a time traveller, if given) and commit it;
    return what ``build_activity`` returned. On SQLite the first build in this process is kept as a copy under
    ``key``, and later calls copy it back in instead of building again. Call it outside any transaction, on a
    database that holds nothing the copy should keep (it replaces the whole database)."""
    from fazhi.demo.activity import build_activity

    raw = _sqlite()
    if raw is not None and key in _SNAPSHOTS:
        snapshot, built = _SNAPSHOTS[key]
        _restore(snapshot, raw)
        return dict(built)
    with transaction.atomic():
        build_demo()
        with clock or contextlib.nullcontext():
            built = build_activity()
    if raw is not None:
        _SNAPSHOTS[key] = (_copy(raw), built)
    return built


#: On PostgreSQL, the rows of every table (``COPY … (FORMAT binary)``) once the demo year was first built in this
#: test process, by key, with what ``build_activity`` returned.
_PG_SNAPSHOTS: dict[str, tuple[list[tuple[str, bytes]], dict]] = {}


def _pg_tables(connection) -> list[str]:
    with connection.cursor() as cursor:
        return [t for t in connection.introspection.table_names(cursor) if t != "django_migrations"]


def _pg_dump(connection) -> list[tuple[str, bytes]]:
    dumped = []
    with connection.cursor() as cursor:
        for table in _pg_tables(connection):
            with cursor.cursor.copy(f'COPY "{table}" TO STDOUT (FORMAT binary)') as copy:
                dumped.append((table, b"".join(bytes(chunk) for chunk in copy)))
    return dumped


def _pg_load(connection, dumped: list[tuple[str, bytes]]) -> None:
    """Replace every table's rows with the dumped ones (foreign keys are checked at commit: Django declares them
    deferrable), and move each sequence past the ids copied in."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(f'"{table}"' for table, _data in dumped))
        for table, data in dumped:
            with cursor.cursor.copy(f'COPY "{table}" FROM STDIN (FORMAT binary)') as copy:
                copy.write(data)
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
            cursor.execute(sql)
    ContentType.objects.clear_cache()


def _built_in_transaction(key: str, clock=None) -> dict:
    """Inside the caller's transaction on PostgreSQL: build the demo county and its year (under ``clock``), or
    copy in the rows the first build in this process left (by ``key``: building takes tens of seconds there,
    copying about one)."""
    from django.db import connection

    from fazhi.demo.activity import build_activity

    if key in _PG_SNAPSHOTS:
        dumped, built = _PG_SNAPSHOTS[key]
        _pg_load(connection, dumped)
        return dict(built)
    build_demo()
    with clock or contextlib.nullcontext():
        built = build_activity()
    _PG_SNAPSHOTS[key] = (_pg_dump(connection), built)
    return built


@contextlib.contextmanager
def year_for_a_module(django_db_blocker, tmp_path_factory, clock=None, key: str = "today"):
    """Build the demo county and its year of activity (rounds, reports, ledgers) for a whole test module, under
    ``clock`` (a time traveller) if given; yield what ``build_activity`` returned, and take it all away after the
    module.

    Each test's own transaction (pytest-django's ``db``) nests inside, so a test still sees the shared rows as they
    were built, whatever the test before it changed. On SQLite the year is copied in from the process's snapshot
    (``demo_built``, by ``key``) and the database as it was before is copied back after the module; elsewhere it is
    built (or, on PostgreSQL, copied in from the process's copy: ``_built_in_transaction``) inside a transaction
    rolled back after the module. The audit chain written meanwhile anchors to a file of
    its own (see the root conftest's ``_audit_anchor_file``).
    """
    anchors = tmp_path_factory.mktemp("module-anchors") / "anchors.jsonl"
    with django_db_blocker.unblock(), override_settings(FAZHI_AUDIT_ANCHOR_FILE=str(anchors)):
        raw = _sqlite()
        if raw is not None:
            before = _copy(raw)
            try:
                yield demo_built(key, clock)
            finally:
                _restore(before, raw)
                before.close()
            return
        with transaction.atomic():
            yield _built_in_transaction(key, clock)
            transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo_year(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo county with its year of activity, built once per test module and worker (building it takes
    seconds); tests that use it ask for ``db`` too and roll back what they change."""
    with year_for_a_module(django_db_blocker, tmp_path_factory):
        yield _personas()


@pytest.fixture
def committed_year(transactional_db) -> World:
    """The demo county with its year of activity, committed, for a test whose live server reads it from another
    thread (a browser test); on SQLite copied in from the process's snapshot (``demo_built``)."""
    demo_built()
    return _personas()

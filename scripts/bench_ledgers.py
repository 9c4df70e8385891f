#!/usr/bin/env python3
"""Benchmark the ledger list pages (issue: ledgers I; run by `make bench-ledgers`).

Builds 100,000 normative documents, 20,000 major decisions and 1,000,000 penalty cases (a fifth of them decided
and published), and 100,000 records in each ledger declared on the generic pages (reconsideration, litigation,
disclosure requests, suggestions, petitions, mediation: ``fazhi.ledgers.pages.declared``) in the demo county on the
database DATABASE_URL names (run it through scripts/test-postgres.sh for a throwaway PostgreSQL), starts gunicorn on
127.0.0.1, logs 20 clients in as the county office and has them request the staff list pages with filters for a
bounded time, then the declared ledgers' lists, then 20 anonymous clients the portal's list of published penalty
decisions. Targets: the 95th percentile of each staff load under 200 ms, of the public list under 150 ms. Exits 1
when one is missed.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from benchdb import setup_django

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = 100_000
DECISIONS = 20_000
CASES = 1_000_000
RECORDS = 100_000


def build(documents: int, decisions: int, cases: int, records: int = 0) -> None:
    import datetime as dt

    from django.apps import apps
    from django.db import connection
    from tqdm import tqdm

    from fazhi.demo.county import build_demo
    from fazhi.normative.models import Document
    from fazhi.org.models import Agency

    build_demo()
    rng = random.Random(100_000)
    agencies = list(Agency.objects.filter(code__startswith="sfx-", kind__in=["department", "township", "government"]))
    statuses = [s for s, _ in Document.Status.choices]
    words = ["关于", "加强", "规范", "管理", "实施", "办法", "暂行", "细则", "意见", "通知", "市场", "教育", "安全", "补贴"]
    today = dt.date(2026, 11, 1)
    batch = []
    for i in tqdm(range(documents), desc="documents", file=sys.stderr):
        year = 2017 + i % 10
        status = rng.choice(statuses)
        title = "示范县" + "".join(rng.sample(words, 4)) + f"（第{i}号）"
        batch.append(Document(
            agency=rng.choice(agencies), title=title, kind="department", status=status, year=year,
            number=f"示范规〔{year}〕{i:06d}号" if status not in ("drafting", "consultation") else "",
            next_deadline=today + dt.timedelta(days=rng.randint(-60, 120)) if rng.random() < 0.3 else None,
        ))
        if len(batch) == 5000:
            Document.objects.bulk_create(batch)
            batch = []
    Document.objects.bulk_create(batch)
    if decisions and apps.is_installed("fazhi.decisions"):
        _build_decisions(decisions, agencies, rng)
    if cases and apps.is_installed("fazhi.penalties"):
        _build_cases(cases)
    if records:
        _build_declared(records)
    if connection.vendor == "postgresql":
        # VACUUM as well: left to itself, autovacuum processes the bulk load about a minute later, in the middle
        # of the timed load (competing for the CPU); a live ledger's tables are vacuumed and analysed already.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _build_decisions(count, agencies, rng) -> None:
    """Fill the decisions ledger: the county government decides, the county office reviews."""
    from fazhi.decisions.models import Category, Decision
    from fazhi.org.models import Agency

    body, reviewer = Agency.objects.get(code="sfx-gov"), Agency.objects.get(code="sfx-office")
    statuses = [s for s, _ in Decision.Status.choices]
    categories = [c for c, _ in Category.choices]
    rows = [Decision(agency=rng.choice(agencies), deciding_body=body, reviewer=reviewer, year=2019 + i % 8,
                     title=f"示范县重大行政决策事项{i}", category=rng.choice(categories), status=rng.choice(statuses))
            for i in range(count)]
    Decision.objects.bulk_create(rows, batch_size=5000)


def _build_cases(count: int) -> None:
    """Fill the penalty-case ledger of the demo departments' enforcement bodies: on PostgreSQL in one INSERT … SELECT
    over generate_series (a million rows in seconds), elsewhere through the ORM. Every fifth case is decided and
    published over the last three years; the rest are in the other states, some overdue."""
    import datetime as dt

    from django.db import connection
    from django.db.models import fields as f

    from fazhi.enforcement.demo import build_demo_enforcement
    from fazhi.enforcement.models import EnforcementBody
    from fazhi.penalties.models import Case

    build_demo_enforcement()
    bodies = list(EnforcementBody.objects.values_list("pk", "agency_id").order_by("pk"))
    statuses = ["investigating", "notified", "hearing", "served", "closed", "dropped", "decided"]
    if connection.vendor != "postgresql":
        today = dt.date(2026, 11, 1)
        rows = []
        for i in range(count):
            body, agency = bodies[i % len(bodies)]
            opened = today - dt.timedelta(days=i % 1000)
            published = i % 5 == 0
            rows.append(Case(
                agency_id=agency, body_id=body, number=f"示执立〔{opened.year}〕{i}号", title=f"某公司违法经营案{i}",
                party_kind="organisation", party_name=f"示范县某商贸有限公司{i}", violation_on=opened,
                discovered_on=opened, opened_on=opened, status="closed" if published else statuses[i % 7],
                outcome="penalty" if published else "", decision_number=f"示执罚〔{opened.year}〕{i}号" if published else "",
                decided_on=opened if published else None, published_on=opened if published else None,
                next_deadline=None if published else today + dt.timedelta(days=i % 90 - 30)))
        Case.objects.bulk_create(rows, batch_size=5000)
        return
    # Each column from the series number i: specific values for what the lists filter and show, the field's
    # default (or NULL, or empty) for the rest.
    chosen = {
        "agency_id": f"(ARRAY{[a for _, a in bodies]})[1 + i % {len(bodies)}]",
        "body_id": f"(ARRAY{[b for b, _ in bodies]})[1 + i % {len(bodies)}]",
        "number": "'示执立〔' || (2026 - i % 3) || '〕' || i || '号'",
        "title": "'示范县某商贸公司' || (ARRAY['销售过期食品','无照经营','虚假宣传','未按规定明码标价'])[1 + i % 4] || '案' || i",
        "procedure": "CASE WHEN i % 10 = 0 THEN 'simplified' ELSE 'ordinary' END",
        "status": f"CASE WHEN i % 5 = 0 THEN 'closed' ELSE (ARRAY{statuses})[1 + i % 7] END",
        "party_kind": "CASE WHEN i % 3 = 0 THEN 'person' ELSE 'organisation' END",
        "party_name": "CASE WHEN i % 3 = 0 THEN '张某' || i ELSE '示范县某商贸有限公司' || i END",
        "violation_on": "DATE '2026-11-01' - (i % 1095) - 10",
        "discovered_on": "DATE '2026-11-01' - (i % 1095) - 5",
        "opened_on": "DATE '2026-11-01' - (i % 1095)",
        "outcome": "CASE WHEN i % 5 = 0 THEN 'penalty' ELSE '' END",
        "penalty_types": "CASE WHEN i % 5 = 0 THEN '[\"fine\"]'::jsonb ELSE '[]'::jsonb END",
        "fine": "CASE WHEN i % 5 = 0 THEN 500 + i % 20000 END",
        "decision_number": "CASE WHEN i % 5 = 0 THEN '示执罚〔' || (2026 - i % 3) || '〕' || i || '号' ELSE '' END",
        "decided_on": "CASE WHEN i % 5 = 0 THEN DATE '2026-11-01' - (i % 1095) + 30 END",
        "published_on": "CASE WHEN i % 5 = 0 THEN DATE '2026-11-01' - (i % 1095) + 35 END",
        "facts": "CASE WHEN i % 5 = 0 THEN '经查，当事人存在违法行为，事实清楚，证据确凿。' ELSE '' END",
        "legal_basis": "CASE WHEN i % 5 = 0 THEN '依据有关法律法规的规定。' ELSE '' END",
        "next_deadline": "CASE WHEN i % 5 <> 0 AND i % 7 < 3 THEN DATE '2026-11-01' + (i % 120) - 40 END",
        "created_at": "now()",
        "updated_at": "now()",
    }
    columns, values = [], []
    for field in Case._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.attname in chosen:
            values.append(chosen[field.attname])
        elif isinstance(field, f.json.JSONField):
            values.append("'[]'::jsonb")
        elif field.null:
            values.append("NULL")
        elif isinstance(field, f.BooleanField):
            values.append("false")
        elif isinstance(field, (f.CharField, f.TextField)):
            values.append("''")
        else:
            values.append(str(field.get_default()))
    table = connection.ops.quote_name(Case._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) "
                       f"SELECT {', '.join(values).replace('%', '%%')} FROM generate_series(1, %s) AS i", [count])


def _build_declared(count: int) -> None:
    """Fill each declared ledger with ``count`` records spread over the county's agencies and three years, in every
    status, a third with a deadline (some passed): on PostgreSQL in one INSERT … SELECT each (it is skipped elsewhere).
    Every column is made from the series number i by its kind, so a ledger added to the catalog is benchmarked
    without a line here."""
    from django.apps import apps
    from django.db import connection
    from django.db.models import fields as f

    from fazhi.ledgers.pages import declared
    from fazhi.org.models import Agency

    if connection.vendor != "postgresql":
        print("  the declared ledgers are filled on PostgreSQL only", file=sys.stderr)
        return
    agencies = list(Agency.objects.filter(code__startswith="sfx-", kind__in=["department", "township", "government"])
                    .values_list("pk", flat=True).order_by("pk"))
    for pages in declared():
        model = apps.get_model(pages.model)
        columns, values = [], []
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            columns.append(connection.ops.quote_name(field.column))
            values.append(_column(field, pages, agencies, f))
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) "
                           f"SELECT {', '.join(values).replace('%', '%%')} FROM generate_series(1, %s) AS i", [count])
        print(f"  {pages.key}: {count:,} records", file=sys.stderr)


def _column(field, pages, agencies: list[int], f) -> str:
    """The SQL expression of one column of record i of a declared ledger."""
    def literal(value) -> str:
        return "'" + str(value).replace("'", "''") + "'"

    name = field.attname
    if name == "agency_id":
        return f"(ARRAY{agencies})[1 + i % {len(agencies)}]"
    if name == pages.year_field:
        return "DATE '2026-11-01' - (i % 1095)"
    if name == "next_deadline":
        return "CASE WHEN i % 3 = 0 THEN DATE '2026-11-01' + (i % 120) - 40 END"
    if field.choices and not field.null:
        options = [literal(value) for value, _ in field.flatchoices if value != ""]
        if name == "status" or not field.blank:
            return f"(ARRAY[{', '.join(options)}])[1 + i % {len(options)}]"
    if isinstance(field, (f.CharField, f.TextField)) and (field.unique or name in {pages.title_field, *pages.search}):
        prefix = literal(f"{pages.key}-") if field.unique or name == "number" else literal("示范县某某")
        text = f"{prefix} || i"
        return f"left({text}, {field.max_length})" if field.max_length else text
    if isinstance(field, f.DateTimeField) and not field.null:
        return "now()"
    if isinstance(field, f.json.JSONField):
        return f"'{'{}' if isinstance(field.get_default(), dict) else '[]'}'::jsonb"
    if field.null:
        return "NULL"
    if isinstance(field, f.BooleanField):
        return "true" if field.get_default() else "false"
    if isinstance(field, (f.CharField, f.TextField)):
        return literal(field.get_default() or "")
    if isinstance(field, f.DateField):
        return "DATE '2026-11-01' - (i % 1095)"
    default = field.get_default()
    return "0" if default in (None, "") else str(default)


def machine_busy() -> tuple[int, int]:
    """Return (busy, total) CPU ticks of the whole machine so far (Linux /proc/stat)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, var_dir: str, workers: int) -> subprocess.Popen:
    env = dict(os.environ, DEBUG="false", ALLOWED_HOSTS="127.0.0.1", FAZHI_VAR_DIR=var_dir, LOG_LEVEL="WARNING",
               SECRET_KEY="bench-only-not-secret")
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "fazhi.conf.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
         "--log-level", "warning"], env=env, cwd=ROOT)
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start")


class Client:
    """One browser: a keep-alive connection and, logged in as ``username``, a session cookie."""

    def __init__(self, port: int, username: str = "", password: str = ""):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}
        if not username:
            return
        self.get("/login/")
        token = self.cookies["csrftoken"]
        body = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        status, _ = self.request("POST", "/login/", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                          "Referer": f"http://127.0.0.1:{port}/login/"})
        if status != 302:
            raise SystemExit(f"log-in as {username} failed (HTTP {status})")

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data

    def get(self, path):
        return self.request("GET", path)


def paths(rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.2:
        return f"/normative/?page={rng.randint(1, 200)}"
    if choice < 0.4:
        return f"/normative/?status={rng.choice(['published', 'in_force', 'drafting', 'legality_review'])}"
    if choice < 0.55:
        return f"/normative/?year={rng.randint(2017, 2026)}&status=in_force"
    if choice < 0.7:
        return f"/normative/?agency={rng.choice(['sfx-scj', 'sfx-jyj', 'sfx-t01', 'sfx-gaj'])}"
    if choice < 0.8:
        return "/normative/?q=" + urllib.parse.quote(rng.choice(["市场", "补贴", "第123号", "安全管理"]))
    if choice < 0.85:
        return "/normative/?overdue=1"
    if choice < 0.9:
        return "/decisions/"
    return case_paths(rng)


def case_paths(rng: random.Random) -> str:
    """The penalty-case list over a million cases, as the office filters it."""
    choice = rng.random()
    if choice < 0.25:
        return f"/penalties/?page={rng.randint(1, 100)}"
    if choice < 0.5:
        return f"/penalties/?status={rng.choice(['investigating', 'notified', 'closed', 'decided'])}"
    if choice < 0.7:
        return f"/penalties/?agency={rng.choice(['sfx-scj', 'sfx-zfj', 'sfx-jtj'])}&year={rng.randint(2024, 2026)}"
    if choice < 0.85:
        return "/penalties/?overdue=1"
    return "/penalties/?q=" + urllib.parse.quote(rng.choice(["示执立〔2025〕123456号", "过期食品"]))


def public_paths(rng: random.Random) -> str:
    """The portal's list of published penalty decisions, as the public browse it."""
    choice = rng.random()
    if choice < 0.4:
        return f"/penalties/public/?page={rng.randint(1, 50)}"
    if choice < 0.7:
        return f"/penalties/public/?agency={rng.choice(['sfx-scj', 'sfx-zfj', 'sfx-jtj'])}"
    return f"/penalties/public/?year={rng.randint(2024, 2026)}"


def declared_paths(rng: random.Random) -> str:
    """One of the declared ledgers' lists (100,000 records each), as the office filters it."""
    from fazhi.ledgers.pages import declared

    pages = rng.choice(declared())
    base = f"/{pages.key}/"
    choice = rng.random()
    if choice < 0.25:
        return f"{base}?page={rng.randint(1, 100)}"
    if choice < 0.45:
        return f"{base}?status={rng.choice(pages.model_class.status.field.flatchoices)[0]}"
    if choice < 0.65:
        return f"{base}?agency={rng.choice(['sfx-scj', 'sfx-gov', 'sfx-t01', 'sfx-gaj'])}&year={rng.randint(2024, 2026)}"
    if choice < 0.8:
        return f"{base}?overdue=1"
    if choice < 0.9:
        return base + "?q=" + urllib.parse.quote(rng.choice([f"{pages.key}-12345", "某某"]))
    return base


def kind_of(path: str) -> str:
    """The list and its filter, for the per-kind breakdown (``/normative/?status=…`` → ``normative status``)."""
    base, _, query = path.partition("?")
    keys = sorted(k for k, _ in urllib.parse.parse_qsl(query))
    return base.strip("/") + (" " + "+".join(keys) if keys else "")


def load(sessions: list[Client], seconds: float, per_client: int, pick=paths) -> list[tuple[str, float]]:
    timings: list[tuple[str, float]] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def run(index: int):
        rng = random.Random(index)
        client = sessions[index]
        for _ in range(per_client):
            if time.monotonic() > deadline:
                break
            path = pick(rng)
            start = time.perf_counter()
            status, body = client.get(path)
            elapsed = time.perf_counter() - start
            with lock:
                if status != 200:
                    errors.append(f"{path}: HTTP {status}")
                elif not path.startswith("/decisions") and not re.search(rb"<table", body):
                    errors.append(f"{path}: no table in the page")
                timings.append((kind_of(path), elapsed))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(sessions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        print(f"{len(errors)} bad answers, e.g. {errors[:3]}", file=sys.stderr)
    return timings


def report(title: str, timings: list[tuple[str, float]], target_ms: int) -> bool:
    """Print the per-kind breakdown and the whole load's percentiles; return whether the 95th is within target."""
    by_kind: dict[str, list[float]] = {}
    for kind, elapsed in timings:
        by_kind.setdefault(kind, []).append(elapsed)
    for kind, values in sorted(by_kind.items()):
        values.sort()
        print(f"  {kind:<28} n={len(values):<4} median {statistics.median(values) * 1000:5.0f} ms  "
              f"p95 {values[max(0, int(len(values) * 0.95) - 1)] * 1000:5.0f} ms")
    values = sorted(elapsed for _, elapsed in timings)
    p95 = values[max(0, int(len(values) * 0.95) - 1)]
    ok = p95 * 1000 < target_ms
    print(f"{title}: {len(values)} requests: median {statistics.median(values) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, max {values[-1] * 1000:.0f} ms (target p95 < {target_ms} ms) "
          f"{'OK' if ok else 'TOO SLOW'}")
    return ok


def timed_load(sessions: list[Client], seconds: float, per_client: int, pick) -> list[tuple[str, float]]:
    """Run one load and say how busy the machine was meanwhile (the clients share it with the server)."""
    import resource

    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    busy_before = machine_busy()
    wall = time.perf_counter()
    timings = load(sessions, seconds, per_client, pick)
    wall = time.perf_counter() - wall
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    busy_after = machine_busy()
    busy = (busy_after[0] - busy_before[0]) / max(1, busy_after[1] - busy_before[1])
    client_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    print(f"  load: {len(timings) / wall:.0f} requests/s; the clients themselves used {client_cpu:.1f} s CPU "
          f"of {wall * (os.cpu_count() or 1):.1f} s available; the machine was {busy:.0%} busy")
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=DOCUMENTS)
    parser.add_argument("--decisions", type=int, default=DECISIONS)
    parser.add_argument("--cases", type=int, default=CASES)
    parser.add_argument("--records", type=int, default=RECORDS, help="records in each declared ledger")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=60, help="requests per client (default 60)")
    parser.add_argument("--seconds", type=float, default=120, help="stop after this long at the latest")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="gunicorn workers (default: one per core, as with PostgreSQL on the same machine)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-ledgers-") as var_dir:
        setup_django(var_dir)
        from django.db import connection

        started = time.perf_counter()
        build(args.documents, args.decisions, args.cases, args.records)
        print(f"  built {args.documents:,} documents, {args.decisions:,} decisions, {args.cases:,} penalty cases "
              f"and {args.records:,} records in each declared ledger in {time.perf_counter() - started:.0f} s")
        vendor = connection.vendor
        connection.close()
        port = free_port()
        server = start_server(port, var_dir, args.workers)
        try:
            for path in ("/normative/", "/penalties/"):  # warm every worker's imports
                Client(port, "office", "fazhi-demo-2026").get(path)
            # Log in first: the 20 log-ins (a password hash each) are not part of the load the figures describe.
            sessions = [Client(port, "office", "fazhi-demo-2026") for _ in range(args.clients)]
            staff = timed_load(sessions, args.seconds, args.requests, paths)
            ledgers = timed_load(sessions, args.seconds, args.requests, declared_paths)
            public = timed_load([Client(port) for _ in range(args.clients)], args.seconds, args.requests,
                                public_paths)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    ok = report(f"staff ledger lists on {vendor}, {args.clients} clients", staff, 200)
    ok = report(f"declared ledger lists on {vendor}, {args.clients} clients", ledgers, 200) and ok
    ok = report(f"public penalty decisions on {vendor}, {args.clients} clients", public, 150) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

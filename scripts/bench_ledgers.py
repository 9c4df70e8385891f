#!/usr/bin/env python3
"""Benchmark the ledger list pages (issue: ledgers I; run by `make bench-ledgers`).

Builds 100,000 normative documents (and 20,000 major decisions when that ledger is installed) in the demo
county on the database DATABASE_URL names (run it through scripts/test-postgres.sh for a throwaway
PostgreSQL), starts gunicorn on 127.0.0.1, logs 20 clients in as the county office and has them request the
list pages with filters for a bounded time. Target: the 95th percentile under 200 ms. Exits 1 when missed.
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


def build(documents: int, decisions: int) -> None:
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
    """One logged-in browser: a keep-alive connection and a session cookie."""

    def __init__(self, port: int, username: str, password: str):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}
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
    if choice < 0.9:
        return "/normative/?overdue=1"
    return "/decisions/"


def kind_of(path: str) -> str:
    """The list and its filter, for the per-kind breakdown (``/normative/?status=…`` → ``normative status``)."""
    base, _, query = path.partition("?")
    keys = sorted(k for k, _ in urllib.parse.parse_qsl(query))
    return base.strip("/") + (" " + "+".join(keys) if keys else "")


def load(sessions: list[Client], seconds: float, per_client: int) -> list[tuple[str, float]]:
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
            path = paths(rng)
            start = time.perf_counter()
            status, body = client.get(path)
            elapsed = time.perf_counter() - start
            with lock:
                if status != 200:
                    errors.append(f"{path}: HTTP {status}")
                elif path.startswith("/normative") and not re.search(rb"<table", body):
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=DOCUMENTS)
    parser.add_argument("--decisions", type=int, default=DECISIONS)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=60, help="requests per client (default 60)")
    parser.add_argument("--seconds", type=float, default=120, help="stop after this long at the latest")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="gunicorn workers (default: one per core, as with PostgreSQL on the same machine)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-ledgers-") as var_dir:
        setup_django(var_dir)
        from django.db import connection

        build(args.documents, args.decisions)
        vendor = connection.vendor
        connection.close()
        port = free_port()
        server = start_server(port, var_dir, args.workers)
        try:
            Client(port, "office", "fazhi-demo-2026").get("/normative/")  # warm every worker's imports
            import resource

            # Log in first: the 20 log-ins (a password hash each) are not part of the load the figures describe.
            sessions = [Client(port, "office", "fazhi-demo-2026") for _ in range(args.clients)]
            cpu_before = resource.getrusage(resource.RUSAGE_SELF)
            busy_before = machine_busy()
            wall = time.perf_counter()
            timings = load(sessions, args.seconds, args.requests)
            wall = time.perf_counter() - wall
            cpu_after = resource.getrusage(resource.RUSAGE_SELF)
            busy_after = machine_busy()
            busy = (busy_after[0] - busy_before[0]) / max(1, busy_after[1] - busy_before[1])
            client_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
            print(f"  load: {len(timings) / wall:.0f} requests/s; the clients themselves used {client_cpu:.1f} s CPU "
                  f"of {wall * (os.cpu_count() or 1):.1f} s available; the machine was {busy:.0%} busy")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    by_kind: dict[str, list[float]] = {}
    for kind, elapsed in timings:
        by_kind.setdefault(kind, []).append(elapsed)
    for kind, values in sorted(by_kind.items()):
        values.sort()
        print(f"  {kind:<28} n={len(values):<4} median {statistics.median(values) * 1000:5.0f} ms  "
              f"p95 {values[max(0, int(len(values) * 0.95) - 1)] * 1000:5.0f} ms")
    timings = sorted(elapsed for _, elapsed in timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    ok = p95 < 0.200
    print(f"ledger lists on {vendor}: {len(timings)} requests from {args.clients} clients over "
          f"{args.documents:,} documents: median {statistics.median(timings) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, max {timings[-1] * 1000:.0f} ms (target p95 < 200 ms) "
          f"{'OK' if ok else 'TOO SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Benchmark the supervisor's register and comparison pages for a province (issue 20; `make bench-supervision`).

Builds, on the database DATABASE_URL names (run it through scripts/test-postgres.sh for a throwaway PostgreSQL),
a province of 12 cities and 120 counties, each county with its government and 25 departments (3,120 reporting
bodies a year), over five reporting years (15,600 register rows). A third of the counties work in fazhi (their
bodies are agencies with an accepted submission of the comparison's counts each year); of the others, every second
body has an uploaded, analysed report with a dozen figures. One pass of ``fazhi tick`` then works out the
comparison's figures of the five registers, as the deployment's ``fazhi worker`` does every 15 minutes (a change to
the data between two passes is worked out by the first request after it). A province supervisor's clients (4 by default: a
督察 office's staff at once; logged in first) then request the register list (filters by status, kind, pages) and the comparison page (each key
indicator, filters) for a bounded time. Target: the 95th percentile under 300 ms. Exits 1 when it is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import quote

from bench_ledgers import Client, free_port, report, start_server, timed_load
from benchdb import setup_django

CITIES, COUNTIES_PER_CITY, DEPARTMENTS = 12, 10, 25
YEARS = (2021, 2022, 2023, 2024, 2025)
PASSWORD = "bench-supervision-2026"
#: The counts behind the comparison's default rates, and a few counts it shows.
COUNTS = ("reconsideration_decided", "reconsideration_corrected", "litigation_cases", "litigation_concluded",
          "litigation_lost", "litigation_leader_appearances", "disputes_mediated", "disputes_resolved",
          "normative_issued", "normative_filed", "decisions_legality_reviews", "enforcement_cases", "pufa_activities",
          "disclosure_proactive", "leadership_meetings_on_law")


def build(rng: random.Random, cities: int = CITIES) -> None:
    from django.db import transaction
    from tqdm import tqdm

    from fazhi.analyzer.models import AnalyzedReport, Batch
    from fazhi.collection.models import Round, Submission, Value
    from fazhi.metrics.catalog import load_catalog
    from fazhi.metrics.models import Metric
    from fazhi.org.models import Agency, Membership, Region, User
    from fazhi.supervision.models import ReportingBody

    load_catalog()
    metrics = {m.code: m for m in Metric.objects.filter(code__in=COUNTS)}
    Metric.objects.filter(code__in=COUNTS).update(source=Metric.Source.COLLECTED, computed_by="")
    province = Region.objects.create(code="970000", name="基准省", level=Region.Level.PROVINCE)
    office = Agency.objects.create(code="bench-prov-office", name="基准省全面依法治省委员会办公室",
                                   kind=Agency.Kind.RULE_OF_LAW_OFFICE, region=province)
    user = User.objects.create_user("provsup", password=PASSWORD)
    Membership.objects.create(user=user, agency=office, role=Membership.Role.SUPERVISOR)
    counties = []
    for c in range(1, cities + 1):
        city = Region.objects.create(code=f"97{c:02d}00", name=f"基准{c}市", level=Region.Level.CITY, parent=province)
        for k in range(1, COUNTIES_PER_CITY + 1):
            counties.append(Region.objects.create(code=f"97{c:02d}{k:02d}", name=f"基准{c}市{k}县",
                                                  level=Region.Level.COUNTY, parent=city))
    in_fazhi = {county.pk for i, county in enumerate(counties) if i % 3 == 0}
    agencies: dict[tuple[int, int], Agency] = {}
    for county in counties:
        if county.pk not in in_fazhi:
            continue
        for d in range(DEPARTMENTS + 1):
            kind = Agency.Kind.GOVERNMENT if d == 0 else Agency.Kind.DEPARTMENT
            agencies[(county.pk, d)] = Agency(code=f"b{county.code}-{d:02d}", region=county, kind=kind,
                                              name=f"{county.name}人民政府" if d == 0 else f"{county.name}第{d}局")
    Agency.objects.bulk_create(agencies.values())
    agencies = {(a.region_id, int(a.code.rsplit("-", 1)[1])): a for a in Agency.objects.filter(code__startswith="b97")}
    for year in tqdm(YEARS, desc="years", file=sys.stderr):
        with transaction.atomic():
            batch = Batch.objects.create(agency=office, name=f"{year}年度各地报告", created_by=user)
            round_ = Round.objects.create(agency=office, region=province, year=year, title=f"{year}年度数据报送",
                                          due_date=date(year + 1, 1, 15), status=Round.Status.CLOSED)
            reports, bodies, values = [], [], []
            for county in counties:
                for d in range(DEPARTMENTS + 1):
                    name = f"{county.name}人民政府" if d == 0 else f"{county.name}第{d}局"
                    filed = date(year + 1, 1, 1) + timedelta(days=rng.randint(0, 120)) if rng.random() < 0.9 else None
                    published = filed + timedelta(days=rng.randint(0, 40)) if filed and rng.random() < 0.85 else None
                    body = ReportingBody(year=year, region=county, region_path=county.path, name=name,
                                         kind="government" if d == 0 else "department", filed_on=filed,
                                         published_on=published, agency=agencies.get((county.pk, d)))
                    if body.agency is None and d % 2 == 0:
                        report_ = AnalyzedReport(batch=batch, position=len(reports), source_name=f"{name}.txt",
                                                 sha256="0" * 64, status="analysed", year=year, government=name,
                                                 result=_result(rng))
                        reports.append(report_)
                        body.analyzed = report_
                    bodies.append(body)
            AnalyzedReport.objects.bulk_create(reports, batch_size=1000)
            for body in bodies:
                body.analyzed_id = body.analyzed.pk if body.analyzed else None
            ReportingBody.objects.bulk_create(bodies, batch_size=2000)
            submissions = Submission.objects.bulk_create(
                [Submission(round=round_, agency=a, year=year, status=Submission.Status.ACCEPTED)
                 for a in agencies.values()], batch_size=2000)
            for submission in submissions:
                for code, value in _figures(rng).items():
                    values.append(Value(submission=submission, metric=metrics[code], value=Decimal(value)))
            Value.objects.bulk_create(values, batch_size=5000)


def _figures(rng: random.Random) -> dict[str, int]:
    decided, cases, mediated, issued = (rng.randint(0, 60) for _ in range(4))
    return {"reconsideration_decided": decided, "reconsideration_corrected": rng.randint(0, decided // 4),
            "litigation_cases": cases, "litigation_concluded": cases, "litigation_lost": rng.randint(0, cases // 5),
            "litigation_leader_appearances": rng.randint(0, cases), "disputes_mediated": mediated,
            "disputes_resolved": rng.randint(0, mediated), "normative_issued": issued,
            "normative_filed": rng.randint(0, issued), "decisions_legality_reviews": rng.randint(0, 30),
            "enforcement_cases": rng.randint(0, 900), "pufa_activities": rng.randint(0, 80),
            "disclosure_proactive": rng.randint(0, 500), "leadership_meetings_on_law": rng.randint(0, 6)}


def _result(rng: random.Random) -> dict:
    figures = _figures(rng)
    indicators = [{"metric": code, "value": value, "unit": "件", "start": i * 40, "end": i * 40 + 12}
                  for i, (code, value) in enumerate(figures.items()) if rng.random() < 0.7]
    derived = []
    if figures["reconsideration_decided"]:
        derived.append({"metric": "reconsideration_correction_rate",
                        "value": round(figures["reconsideration_corrected"] * 100 / figures["reconsideration_decided"],
                                       2)})
    return {"indicators": indicators, "derived": derived, "sections": [], "checks": []}


def paths(rng: random.Random) -> str:
    from fazhi.supervision.figures import comparison_codes

    year = rng.choice(YEARS)
    if rng.random() < 0.5:
        extra = rng.choice(["", "&status=missing", "&status=late", "&kind=government", f"&page={rng.randint(1, 60)}",
                            "&sort=-filed", "&q=" + quote("3县")])
        return f"/supervision/register/?year={year}{extra}"
    extra = rng.choice(["", "&kind=government", "&status=published", "&q=" + quote("7市"), f"&page={rng.randint(1, 15)}"])
    return f"/supervision/comparison/?year={year}&metric={rng.choice(comparison_codes())}{extra}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cities", type=int, default=CITIES, help=f"cities of ten counties (default {CITIES})")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=30, help="requests per client (default 30)")
    parser.add_argument("--seconds", type=float, default=120, help="stop after this long at the latest")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-supervision-") as var_dir:
        setup_django(var_dir)
        from django.db import connection

        from fazhi.supervision.models import ReportingBody

        started = time.perf_counter()
        build(random.Random(120), args.cities)
        print(f"  built {ReportingBody.objects.count():,} register rows over {len(YEARS)} years in "
              f"{time.perf_counter() - started:.0f} s")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        from fazhi.core.tick import run_tick

        started = time.perf_counter()
        warmed = run_tick(date(2026, 12, 7)).jobs["supervision.warm_figures"]
        print(f"  fazhi tick (as `fazhi worker` runs it every 15 minutes) worked out the comparison figures of "
              f"{warmed} registers in {time.perf_counter() - started:.1f} s")
        vendor = connection.vendor
        connection.close()
        port = free_port()
        server = start_server(port, var_dir, args.workers)
        try:
            rng = random.Random(1)
            for _ in range(args.workers * 2):  # warm every worker's imports and the catalog's mappers
                Client(port, "provsup", PASSWORD).get(paths(rng))
            sessions = [Client(port, "provsup", PASSWORD) for _ in range(args.clients)]
            timings = timed_load(sessions, args.seconds, args.requests, paths)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    ok = report(f"register and comparison of a province on {vendor}, {args.clients} clients", timings, 300)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""The report as JSON: its metadata, the sections in order with every printed figure, and all its figures."""

from __future__ import annotations

import json

from fazhi.reports.export.document import ReportDocument
from fazhi.reports.figures import plain_number

FORMAT_VERSION = 1


def _date(value) -> str | None:
    return value.isoformat() if value else None


def report_data(doc: ReportDocument) -> dict:
    report, ctx = doc.report, doc.context
    sections = []
    for heading, section, part in doc.headed:
        entry = {"part": part, "topic": section.topic if section else "", "heading": heading,
                 "level": 1 if section is None or (not section.topic and section.order == 0) else 2,
                 "text": section.text if section else "", "figures": []}
        for figure in (section.figures if section else []):
            info = ctx.infos.get(figure["metric"])
            entry["figures"].append({
                "metric": figure["metric"], "value": figure.get("value"), "display": figure.get("display"),
                "unit": figure.get("unit") or (info.unit if info else ""),
                "label": figure.get("label") or (info.label if info else figure["metric"]),
                "previous": figure.get("previous"), "change": figure.get("change", ""),
            })
        sections.append(entry)
    figures = {}
    for code, info in ctx.infos.items():
        value, previous = ctx.current.get(code), ctx.previous.get(code)
        if value is None and previous is None:
            continue
        figures[code] = {
            "value": None if value is None else plain_number(value),
            "previous": None if previous is None else plain_number(previous),
            "unit": info.unit, "label": info.label, "topic": info.topic,
        }
    return {
        "format": "fazhi-report", "version": FORMAT_VERSION,
        "agency": {"code": report.agency.code, "name": report.agency.name,
                   "region": report.agency.region.code, "region_name": report.agency.region.name},
        "year": report.year, "title": doc.title, "issuer": doc.issuer, "body_kind": report.body_kind,
        "status": report.status, "demonstration": report.demonstration,
        "dates": {
            "dated": _date(report.dated), "adopted_on": _date(report.adopted_on),
            "adopted_meeting": report.adopted_meeting, "submitted_on": _date(report.submitted_on),
            "cleared_on": _date(report.cleared_on), "published_on": _date(report.published_on),
            "published_url": report.published_url,
        },
        "sections": sections,
        "figures": figures,
        "annex": [{"metric": r.metric, "label": r.label, "unit": r.unit, "previous": r.previous,
                   "current": r.current, "change": r.change, "source": r.source} for r in doc.annex],
    }


def render_json(doc: ReportDocument) -> bytes:
    return json.dumps(report_data(doc), ensure_ascii=False, indent=2).encode("utf-8")

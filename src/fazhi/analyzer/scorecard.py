"""A report's evaluation in the app: the library's criteria (``fazhi.analyzer.evaluation``) with the settings' weights,
the check that refuses unusable settings at start-up, and the notes in the reader's language.

The library writes its notes in English and Chinese at once (the command line has no catalogs); the page says each
in one language, from the criterion's ``reason`` and ``details``, as ``views.check_reason`` does for the checks.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from fazhi.analyzer.evaluation import (
    CODES,
    ENV_FILING_DAY,
    ENV_PUBLICATION_DAY,
    Config,
    EvaluationSettingError,
    evaluate,
    parse_key_metrics,
    parse_month_day,
    parse_weights,
    summary,
)

#: The criteria, named in the reader's language.
CRITERION_LABELS = {
    "filed_on_time": gettext_lazy("Filed by the deadline"),
    "published_on_time": gettext_lazy("Published on time"),
    "mandated_contents": gettext_lazy("Mandated contents present and in order"),
    "shortcomings_concrete": gettext_lazy("Shortcomings named concretely"),
    "key_figures": gettext_lazy("Figures for the key indicators"),
    "first_responsible_duties": gettext_lazy("First-person duty section"),
    "data_density": gettext_lazy("Use of data"),
}

#: What each criterion checks, and on what authority.
CRITERION_HELP = {
    "filed_on_time": gettext_lazy(
        "The date the report was filed with its addressees, against 1 March of the following year "
        "(厅字〔2019〕28号; the third-party evaluations of the Institute of Law, CASS)."
    ),
    "published_on_time": gettext_lazy(
        "The date the report was made public, against the day before 1 April of the following year "
        "(督察规定 第24条; the third-party evaluations of the Institute of Law, CASS)."
    ),
    "mandated_contents": gettext_lazy(
        "Measures and results, shortcomings and their causes, the first-responsible duties and next year's plan, "
        "present and in the order of the rule (督察规定)."
    ),
    "shortcomings_concrete": gettext_lazy(
        "Each shortcoming names figures, places, bodies, causes or examples rather than boilerplate phrases."
    ),
    "key_figures": gettext_lazy(
        "The share of the key indicators (one per area of the demonstration indicator system) the report gives a "
        "figure for."
    ),
    "first_responsible_duties": gettext_lazy(
        "The part on the principal leaders' duty as first person responsible says what they did themselves: "
        "meetings chaired, study of law, 述法, court appearances."
    ),
    "data_density": gettext_lazy("Figures stated per 1,000 Chinese characters of the text."),
}

#: The kinds of the leaders' own acts (``evaluation.ACTS``).
ACT_LABELS = {
    "meetings": gettext_lazy("meetings chaired or topics studied"),
    "study": gettext_lazy("study of law"),
    "shufa": gettext_lazy("reporting on the rule of law (述法)"),
    "court": gettext_lazy("appearing in court"),
    "instructions": gettext_lazy("personal instructions and inspections"),
}

#: The kinds of evidence (``evaluation`` spans), for the links' titles.
EVIDENCE_LABELS = {
    "date": gettext_lazy("date"),
    "heading": gettext_lazy("heading"),
    "specific": gettext_lazy("specific"),
    "boilerplate": gettext_lazy("boilerplate"),
    "figure": gettext_lazy("figure"),
    "act": gettext_lazy("leaders' act"),
}


# Settings ----------------------------------------------------------------------------------------------------------


def _known_metrics() -> set[str]:
    from fazhi.analyzer.metrics import shipped_entries

    return {entry["code"] for entry in shipped_entries()}


def config() -> Config:
    """Return the evaluation's configuration from the settings; ``EvaluationSettingError`` when one is unusable."""
    return Config.from_values(
        getattr(settings, "FAZHI_REPORT_EVALUATION_WEIGHTS", ""),
        getattr(settings, "FAZHI_REPORT_EVALUATION_KEY_METRICS", ""),
        getattr(settings, "FAZHI_REPORT_FILING_DAY", "03-01"),
        getattr(settings, "FAZHI_REPORT_PUBLICATION_DAY", "03-31"),
    )


def check_settings(app_configs=None, **kwargs):
    """Weights, key indicators and deadline days the evaluation cannot use stop the start, each with its own id."""
    from django.core.checks import Error, Warning

    problems = []
    try:
        parse_weights(getattr(settings, "FAZHI_REPORT_EVALUATION_WEIGHTS", ""))
    except EvaluationSettingError as exc:
        problems.append(Error(
            str(exc),
            hint='Write it as {"2025": {"filed_on_time": 15, "published_on_time": 15}}, with criteria among '
                 + ", ".join(CODES) + ", and weights of 0 or more.",
            id="fazhi.analyzer.E001",
        ))
    raw_metrics = getattr(settings, "FAZHI_REPORT_EVALUATION_KEY_METRICS", "")
    try:
        parse_key_metrics(raw_metrics)
    except EvaluationSettingError as exc:
        problems.append(Error(str(exc), hint="Write metric codes separated by commas, alternatives joined by |.",
                              id="fazhi.analyzer.E002"))
    else:
        try:
            parse_key_metrics(raw_metrics, known=_known_metrics())
        except EvaluationSettingError as exc:
            # A metric added in the admin is not in the shipped catalog: it counts once the database has it.
            problems.append(Warning(str(exc), hint="Check the code against `fazhi metrics export`.",
                                    id="fazhi.analyzer.W002"))
    for name, env in (("FAZHI_REPORT_FILING_DAY", ENV_FILING_DAY), ("FAZHI_REPORT_PUBLICATION_DAY",
                                                                     ENV_PUBLICATION_DAY)):
        try:
            parse_month_day(getattr(settings, name, "03-01"), name=env)
        except EvaluationSettingError as exc:
            problems.append(Error(str(exc), id="fazhi.analyzer.E003"))
    return problems


# Evaluating --------------------------------------------------------------------------------------------------------


def evaluate_report(report, *, filed_on=None, published_on=None, filing_deadline=None) -> dict | None:
    """Return the evaluation of an analysed report (None while it waits); dates the caller knows take precedence.

    ``filed_on`` / ``published_on`` / ``filing_deadline``: the hook for a register of reporting bodies that knows when
    each body filed and published, and whether it files by the end of January (a 示范 place).
    """
    if report.status == report.Status.PENDING or report.result is None:
        return None
    return evaluate(report.result or {}, report.text or "", filed_on=filed_on, published_on=published_on,
                    filing_deadline=filing_deadline, config=config())


def evaluate_reports(reports, chunk: int = 200) -> dict[int, dict]:
    """Return the evaluations of the analysed ``reports`` by pk, without evidence (``evaluation.summary``).

    The texts are read ``chunk`` reports at a time, so that a batch of a thousand is never held whole.
    """
    from fazhi.analyzer.models import AnalyzedReport

    cfg = config()
    pks = [r.pk for r in reports]
    found = {}
    for start in range(0, len(pks), chunk):
        rows = AnalyzedReport.objects.filter(pk__in=pks[start : start + chunk]).values_list("pk", "text", "result")
        for pk, text, result in rows:
            found[pk] = summary(evaluate(result or {}, text or "", config=cfg))
    return found


# In the reader's language ------------------------------------------------------------------------------------------


def _join(items) -> str:
    return pgettext("list separator", ", ").join(str(item) for item in items)


def _content_names(codes) -> str:
    from fazhi.analyzer.models import CONTENT_LABELS

    return _join(CONTENT_LABELS.get(code, code) for code in codes or ())


def _metric_names(codes, mapper) -> str:
    names = []
    for code in codes or ():
        metric = mapper.metric(code) if mapper is not None else None
        names.append(metric.label if metric is not None else code)
    return _join(names)


def percent(value: float | None) -> str:
    """Return a score or share in [0, 1] as a whole percentage ("85%"); "–" for None."""
    return "–" if value is None else f"{round(value * 100)}%"


def _dates(details: dict) -> dict:
    return {"date": details.get("date"), "deadline": details.get("deadline"), "days": details.get("days_late") or 0}


def criterion_note(criterion: dict, mapper=None) -> str:
    """Return the note of one criterion of an evaluation in the reader's language (the library's note when unknown)."""
    code, reason, details = criterion.get("code"), criterion.get("reason"), criterion.get("details") or {}
    if reason == "not_read":
        return _("The report could not be read.")
    if reason == "year_unknown":
        return _("The year reported on is not known, so neither is the deadline.")
    if code == "filed_on_time":
        values = _dates(details)
        if reason == "filing_date_unknown":
            return _("No filing date is known: the published text does not say when it was filed.")
        if reason == "on_time":
            return _("Filed %(date)s, due by %(deadline)s.") % values
        if reason == "late":
            return ngettext(
                "Filed %(date)s, %(days)d day after the deadline of %(deadline)s.",
                "Filed %(date)s, %(days)d days after the deadline of %(deadline)s.",
                values["days"],
            ) % values
    elif code == "published_on_time":
        values = _dates(details)
        given = details.get("source") == "given"
        if reason == "publication_date_unknown":
            return _("No publication date is printed or known.")
        if reason == "signed_only":
            return _("Only the date of signing (%(date)s) is printed: when the report was published is not known.") % (
                values
            )
        if reason == "signed_late":
            return _("Signed %(date)s, after the deadline of %(deadline)s: it was published late.") % values
        if reason == "on_time":
            if given:
                return _("Published %(date)s as recorded, due by %(deadline)s.") % values
            return _("Published %(date)s as the page prints, due by %(deadline)s.") % values
        if reason == "late":
            if given:
                return ngettext(
                    "Published %(date)s as recorded, %(days)d day after the deadline of %(deadline)s.",
                    "Published %(date)s as recorded, %(days)d days after the deadline of %(deadline)s.",
                    values["days"],
                ) % values
            return ngettext(
                "Published %(date)s as the page prints, %(days)d day after the deadline of %(deadline)s.",
                "Published %(date)s as the page prints, %(days)d days after the deadline of %(deadline)s.",
                values["days"],
            ) % values
    elif code == "mandated_contents":
        order = details.get("out_of_order")
        order_text = (
            _("%(first)s should come before %(second)s.") % {
                "first": _content_names(order[:1]), "second": _content_names(order[1:])
            }
            if order else ""
        )
        if reason == "unseen":
            return _("Not seen in this partial copy: %(parts)s.") % {"parts": _content_names(details.get("missing"))}
        if reason == "complete":
            return _("All required contents are present, in the order of the rule.")
        if reason == "missing":
            text = _("Missing: %(parts)s.") % {"parts": _content_names(details.get("missing"))}
            return f"{text} {order_text}".strip()
        if reason == "out_of_order":
            return order_text
    elif code == "shortcomings_concrete":
        if reason == "unseen":
            return _("No part on shortcomings is seen in this partial copy.")
        if reason == "no_part":
            return _("The report has no part on shortcomings.")
        if reason == "empty":
            return _("The part on shortcomings names nothing.")
        if reason == "judged":
            return ngettext(
                "%(specific)d of %(points)d point names figures, places, bodies, causes or examples; %(boilerplate)d "
                "is boilerplate only.",
                "%(specific)d of %(points)d points name figures, places, bodies, causes or examples; "
                "%(boilerplate)d are boilerplate only.",
                details.get("points") or 0,
            ) % {k: details.get(k) or 0 for k in ("specific", "points", "boilerplate")}
    elif code == "key_figures":
        values = {"count": details.get("count") or 0, "total": details.get("total") or 0}
        missing = details.get("missing")
        if reason == "no_key_metrics":
            return _("No key indicators are set.")
        if reason == "unseen":
            text = _("%(count)d of %(total)d key indicators seen in this partial copy; the rest may be in the part "
                     "not copied.") % values
        else:
            text = _("%(count)d of %(total)d key indicators given.") % values
        if missing:
            text += " " + _("Without a figure: %(names)s.") % {"names": _metric_names(missing, mapper)}
        return text
    elif code == "first_responsible_duties":
        if reason == "unseen":
            return _("No part on the first-responsible duties is seen in this partial copy.")
        if reason == "no_part":
            return _("The report has no part on the first-responsible duties.")
        if reason == "generic":
            return _("The part names none of the leaders' own acts (meetings chaired, study of law, 述法, court "
                     "appearances).")
        if reason == "judged":
            parts = [_("Acts named: %(acts)s.") % {"acts": _join(ACT_LABELS.get(a, a) for a in details.get("acts") or ())}]
            if details.get("counted"):
                parts.append(_("At least one is counted."))
            if not details.get("leader_named"):
                parts.append(_("No leader is named as doing them."))
            return " ".join(parts)
    elif code == "data_density":
        if reason == "too_short":
            return _("Too short to judge: %(chars)d Chinese characters.") % {"chars": details.get("chars") or 0}
        if reason == "judged":
            return _(
                "%(figures)d figures in %(chars)d Chinese characters: %(rate)s per 1,000 (full marks at %(target)s)."
            ) % {
                "figures": details.get("figures") or 0, "chars": details.get("chars") or 0,
                "rate": f"{details.get('per_thousand') or 0:.1f}", "target": f"{details.get('target') or 0:g}",
            }
    return criterion.get("note") or ""


def caveat(evaluation: dict) -> str:
    """Return why the total stands on part of the weight, in the reader's language ("" when all was judged)."""
    unjudged = evaluation.get("unjudged") or []
    if not unjudged:
        return ""
    return _("Judged on %(share)s of the weight: %(names)s could not be judged.") % {
        "share": percent(evaluation.get("judged_share")),
        "names": _join(CRITERION_LABELS.get(code, code) for code in unjudged),
    }


#: Links shown per criterion on the page; the rest are counted.
LINKS_SHOWN = 8


def table(evaluation: dict, text: str, mapper=None) -> tuple[list[dict], list[tuple[int, int, int, str]]]:
    """Return the page's rows (criterion, score, weight, note, evidence links) and the spans to anchor in the text.

    Every evidence span gets one index ``k`` across the criteria: the text carries ``id="ev-k"`` at its start and
    ``data-ev`` on the words it covers, the link points at ``#ev-k``.
    """
    rows, spans = [], []
    length = len(text)
    for criterion in evaluation["criteria"]:
        links = []
        for item in criterion.get("evidence") or []:
            start, end = item.get("start"), item.get("end")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length):
                continue
            k = len(spans)
            spans.append((start, end, k, item.get("kind") or ""))
            quote = " ".join(text[start:end].split())
            links.append({
                "index": k,
                "kind": item.get("kind") or "",
                "kind_label": EVIDENCE_LABELS.get(item.get("kind"), ""),
                "quote": quote if len(quote) <= 18 else quote[:17] + "…",
            })
        rows.append({
            "code": criterion["code"],
            "label": CRITERION_LABELS.get(criterion["code"], criterion.get("label")),
            "help": CRITERION_HELP.get(criterion["code"], ""),
            "score": criterion["score"],
            "score_text": percent(criterion["score"]),
            "weight": _weight(criterion["weight"]),
            "note": criterion_note(criterion, mapper),
            "links": links[:LINKS_SHOWN],
            "more": max(0, len(links) - LINKS_SHOWN),
        })
    return rows, spans


def _weight(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def sheet_header() -> list[str]:
    """The header of the Excel export's sheet "evaluation", in the reader's language."""
    return [
        _("File"), _("Government or body"), _("Year reported on"), _("Weights version"),
        *(f"{CRITERION_LABELS[code]} ({code})" for code in CODES),
        _("Total score"), _("Share of the weight judged"), _("Not judged"),
    ]


def criterion_name(code: str) -> str:
    return str(CRITERION_LABELS.get(code, code))

"""The reviewer: what a seasoned reader would send back before a report goes to the leaders.

``findings(report)`` reads the draft as the analyzer reads a published report (its closed-loop check) and
as an editor would: drafting prompts and placeholders left in, a mandated content that is missing or only a
sentence, parts two and four left as drafted, part one's figure density and semicolons far from real reports, a
sentence said twice, and figures that break a consistency rule of the catalog. A report with findings is not
sent for review unless the editor gives a reason, which the audit trail keeps (``actions.send_for_review``);
drafting prompts, empty contents and unedited judgement (``unedited``) admit no reason.

The ranges are those of the real reports in the corpus (part one states 2–17 figures per 1,000 characters
and at most 9 semicolons, under 2 per 1,000 characters; ``make bench-prose`` measures them), with room either
side: ``DENSITY`` and ``SEMICOLONS``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from fazhi.analyzer.checks import PLACEHOLDER
from fazhi.reports.models import Part, Report

#: Figures per 1,000 characters of part one that a real report stays within.
DENSITY = (2.0, 20.0)
#: Semicolons per 1,000 characters of part one, at most (real reports: under 2).
SEMICOLONS = 4.0
#: A mandated content shorter than this (characters, placeholders left out) is "only a sentence".
THIN = 60

FIGURE = re.compile(r"\d+(?:\.\d+)?(?:%|万余?|亿)?(?:人次|件次|个百分点|[件次人项个名场条份户卷期类元家篇%])")
SENTENCE = re.compile(r"[^。；！？\n]+")
REQUIRED = (Part.MEASURES, Part.SHORTCOMINGS, Part.FIRST_RESPONSIBLE, Part.NEXT_YEAR)
#: The contents that are the leaders' own judgement: a draft of them is a starting point, never the text sent.
JUDGEMENT = (Part.SHORTCOMINGS, Part.NEXT_YEAR)
#: Findings no reason overrides.
BLOCKING = frozenset({"unedited"})


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    section_id: int | None = None


def _plain(text: str) -> str:
    return re.sub(r"\s", "", PLACEHOLDER.sub("", text))


def findings(report: Report, current: dict | None = None) -> list[Finding]:
    """Return what the reviewer would send back, in the order of the report.

    ``current``: the report's figures when the caller has them already (the report's page does).
    """
    sections = list(report.sections.all())
    found: list[Finding] = []
    for section in sections:
        hit = PLACEHOLDER.search(section.text)
        if hit:
            found.append(Finding("placeholder", _("“%(section)s” still holds drafting text (“%(text)s”).")
                                 % {"section": section.title, "text": hit.group(0)}, section.pk))
    for part in REQUIRED:
        text = "".join(_plain(s.text) for s in sections if s.part == part)
        if not text:
            found.append(Finding("missing_part", _("%(part)s is missing.") % {"part": Part(part).label}))
        elif len(text) < THIN or len(SENTENCE.findall(text)) < 2:
            found.append(Finding("thin_part", _("%(part)s is only a sentence (%(n)d characters); say what was done.")
                                 % {"part": Part(part).label, "n": len(text)}))
    for section in unedited(sections):
        found.append(Finding("unedited", _("“%(section)s” is fazhi's draft as it was written; the shortcomings "
                                           "and next year's plans are the leaders' own judgement: revise it.")
                             % {"section": section.title}, section.pk))
    found += _measures(sections)
    found += _repeated(sections)
    found += _rules(report, current)
    return found


def unedited(sections) -> list:
    """Return the sections of the leaders' own contents (``JUDGEMENT``) still exactly as fazhi drafted them."""
    return [s for s in sections if s.part in JUDGEMENT and s.generated_text.strip()
            and s.text.strip() == s.generated_text.strip()]


def _measures(sections) -> list[Finding]:
    text = "".join(_plain(s.text) for s in sections if s.part == Part.MEASURES)
    if len(text) < 300:
        return []  # too short to judge its density
    per_k = 1000 / len(text)
    density = len(FIGURE.findall(text)) * per_k
    semicolons = text.count("；") * per_k
    found = []
    if not DENSITY[0] <= density <= DENSITY[1]:
        found.append(Finding("figure_density", _(
            "Part one states %(density).0f figures per 1,000 characters; real reports state %(low).0f to %(high).0f. "
            "Keep the few figures that show the results and move the rest to the annex table.")
            % {"density": density, "low": DENSITY[0], "high": DENSITY[1]}))
    if semicolons > SEMICOLONS:
        found.append(Finding("semicolons", _(
            "Part one has %(n).0f semicolons per 1,000 characters (real reports: at most %(high).0f): it reads "
            "like a list of statistics, not prose.") % {"n": semicolons, "high": SEMICOLONS}))
    return found


def _repeated(sections) -> list[Finding]:
    said = Counter()
    where = {}
    for section in sections:
        for sentence in SENTENCE.findall(PLACEHOLDER.sub("", section.text)):
            sentence = sentence.strip("，、： ")
            if len(sentence) >= 8:
                said[sentence] += 1
                where.setdefault(sentence, section.pk)
    return [Finding("repeated", _("Said %(n)d times: “%(sentence)s”.") % {"n": n, "sentence": s}, where[s])
            for s, n in said.items() if n > 1]


def _rules(report: Report, current: dict | None) -> list[Finding]:
    from fazhi.collection.validation import check_parts, part_pairs
    from fazhi.reports.compose import current_figures

    figures = current_figures(report) if current is None else current
    errors = check_parts(figures, part_pairs(report.year))
    return [Finding("rule", error.messages[0]) for error in errors.values()]

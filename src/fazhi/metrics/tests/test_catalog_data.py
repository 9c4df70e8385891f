"""The shipped catalog (data/catalog.json) is complete and consistent; read as a file, no database."""

import json
import re
from importlib.resources import files

import pytest

from fazhi.metrics.models import Metric, Topic

ENTRIES = json.loads(files("fazhi.metrics").joinpath("data", "catalog.json").read_text(encoding="utf-8"))
BY_CODE = {e["code"]: e for e in ENTRIES}

#: The codes the first catalog shipped with: other apps use them, their meaning never changes.
CORE = {
    "leadership_study_sessions": ("次", "count"), "leadership_meetings_on_law": ("次", "count"),
    "leaders_shufa": ("人", "count"), "normative_issued": ("件", "count"), "normative_reviewed": ("件", "count"),
    "normative_filed": ("件", "count"), "normative_filing_rate": ("%", "rate"), "decisions_made": ("件", "count"),
    "enforcement_cases": ("件", "count"), "enforcement_files_reviewed": ("卷", "count"),
    "reconsideration_received": ("件", "count"), "reconsideration_decided": ("件", "count"),
    "reconsideration_corrected": ("件", "count"), "reconsideration_correction_rate": ("%", "rate"),
    "litigation_cases": ("件", "count"), "litigation_leader_appearances": ("件", "count"),
    "litigation_leader_appearance_rate": ("%", "rate"), "deputy_suggestions_handled": ("件", "count"),
    "cppcc_proposals_handled": ("件", "count"), "disclosure_requests": ("件", "count"),
    "disputes_mediated": ("件", "count"), "disputes_resolved": ("件", "count"), "legal_aid_cases": ("件", "count"),
    "pufa_activities": ("场", "count"), "pufa_audience": ("人次", "count"),
}


def test_at_least_80_metrics_with_unique_codes():
    codes = [e["code"] for e in ENTRIES]
    assert len(codes) >= 80
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]{2,59}", code) for code in codes)


def test_the_core_codes_keep_their_meaning():
    for code, (unit, kind) in CORE.items():
        assert (BY_CODE[code]["unit"], BY_CODE[code]["kind"]) == (unit, kind), code
    assert BY_CODE["reconsideration_correction_rate"]["numerator"] == "reconsideration_corrected"
    assert BY_CODE["reconsideration_correction_rate"]["denominator"] == "reconsideration_decided"
    assert BY_CODE["litigation_leader_appearance_rate"]["denominator"] == "litigation_cases"


def test_every_rate_is_recomputed_from_two_counts_or_not_aggregated():
    rates = [e for e in ENTRIES if e["kind"] == "rate"]
    assert len(rates) >= 15
    for rate in rates:
        assert rate["unit"] == "%", rate["code"]
        if rate["aggregation"] == "ratio":
            for part in (rate["numerator"], rate["denominator"]):
                assert part in BY_CODE, (rate["code"], part)
                assert BY_CODE[part]["kind"] == "count", (rate["code"], part)
            assert rate["numerator"] != rate["denominator"]
        else:
            assert rate["aggregation"] == "none" and rate["numerator"] is None, rate["code"]
    # Nothing else is a ratio, and nothing that is not a rate has parts.
    for entry in ENTRIES:
        if entry["kind"] != "rate":
            assert entry["aggregation"] in ("sum", "own", "max"), entry["code"]
            assert entry["numerator"] is None and entry["denominator"] is None


def test_every_entry_is_complete():
    for entry in ENTRIES:
        code = entry["code"]
        assert entry["topic"] in Topic.values, code
        assert entry["kind"] in Metric.Kind.values and entry["source"] in Metric.Source.values, code
        assert entry["label"] and entry["label_en"] and entry["unit"], code
        assert "{value}" in entry["sentence"], code
        assert entry["phrases"] and all(p.strip() for p in entry["phrases"]), code
        assert len(entry["phrases"]) == len(set(entry["phrases"])), code
        assert (entry["source"] == "computed") == bool(entry["computed_by"]), code
        assert entry["introduced_year"] >= 2021, code
        assert entry["retired_year"] is None or entry["retired_year"] > entry["introduced_year"], code
        assert len(entry["label"]) <= 80 and len(entry["sentence"]) <= 200, code


def test_topics_come_in_the_reports_order_and_all_are_covered():
    ranks = [Topic.values.index(e["topic"]) for e in ENTRIES]
    assert ranks == sorted(ranks)
    assert set(e["topic"] for e in ENTRIES) == set(Topic.values)
    orders = [e["order"] for e in ENTRIES]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)


def test_versioning_is_exercised():
    assert any(e["retired_year"] for e in ENTRIES)
    assert any(e["introduced_year"] > 2021 for e in ENTRIES)


@pytest.mark.parametrize("prefix", ["normative_", "decisions_"])
def test_ledger_topics_are_computed(prefix):
    computed = [e for e in ENTRIES if e["code"].startswith(prefix) and e["source"] == "computed"]
    assert len(computed) >= 5
    # The advisers ledger computes the decisions topic's figures on legal advisers (法律意见, 列席会议, 审查合同).
    ledgers = (prefix.rstrip("_").split("_")[0], *(("advisers",) if prefix == "decisions_" else ()))
    assert all(e["computed_by"].split(".")[0] in ledgers for e in computed)


def test_a_rate_fits_only_bodies_its_parts_fit():
    from fazhi.metrics.models import BodyKind

    every = set(BodyKind.values)
    for rate in (e for e in ENTRIES if e["aggregation"] == "ratio"):
        kinds = set(rate.get("applies_to") or every)
        for part in (rate["numerator"], rate["denominator"]):
            assert kinds <= set(BY_CODE[part].get("applies_to") or every), (rate["code"], part)


def test_a_body_s_own_meetings_are_never_summed_and_fit_only_bodies_that_hold_them():
    own = {e["code"]: e for e in ENTRIES if e["aggregation"] == "own"}
    # 常委会, 常务会议, 会前学法 and 依法治县委员会 are held by a government level, not by a department or township.
    for code in ("leadership_party_committee_meetings", "leadership_meetings_on_law", "leadership_pre_meeting_study",
                 "leadership_committee_meetings"):
        assert code in own and set(own[code]["applies_to"]) == {"province", "city", "county"}, code
    assert "leadership_study_sessions" in own  # each 党委（党组） studies on its own

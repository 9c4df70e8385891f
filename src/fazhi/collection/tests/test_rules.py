"""The rules between figures the catalog declares, checked when a clerk saves a form and uploads Excel."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from fazhi.collection import actions, excel
from fazhi.collection.tests.conftest import DUE
from fazhi.collection.tests.test_excel import fill
from fazhi.collection.validation import Pair, check_parts, part_pairs

pytestmark = pytest.mark.django_db

LITIGATION = ["litigation_cases", "litigation_concluded", "litigation_won", "litigation_lost"]
CLEANUP = ["normative_cleanup_examined", "normative_cleanup_abolished", "normative_cleanup_revised",
           "normative_cleanup_retained"]


def test_parts_together_never_exceed_their_whole():
    rule = Pair(("won", "lost"), "concluded", ("胜诉", "败诉"), "审结")
    errors = check_parts({"won": Decimal(44), "lost": Decimal(3), "concluded": Decimal(40)}, [rule])
    assert errors["won"].code == "parts_above_whole"
    with translation.override("zh-hans"):
        errors = check_parts({"won": Decimal(44), "lost": Decimal(3), "concluded": Decimal(40)}, [rule])
        assert errors["won"].messages[0] == "胜诉、败诉合计（47）不能大于审结（40）。"
    assert check_parts({"won": Decimal(37), "lost": Decimal(3), "concluded": Decimal(40)}, [rule]) == {}
    # A missing part counts as nothing: the given one alone may already be too many.
    assert "lost" in check_parts({"lost": Decimal(41), "concluded": Decimal(40)}, [rule])


def test_a_breakdown_adds_up_to_its_total_once_every_part_is_given():
    rule = Pair(("a", "r", "k"), "x", ("废止", "修改", "保留"), "清理", exact=True)
    with translation.override("zh-hans"):
        errors = check_parts({"a": Decimal(1), "r": Decimal(1), "k": Decimal(3), "x": Decimal(4)}, [rule])
        assert errors["a"].messages[0] == "废止、修改、保留合计5，与清理（4）不符。"
    assert check_parts({"a": Decimal(1), "r": Decimal(1), "k": Decimal(2), "x": Decimal(4)}, [rule]) == {}
    assert check_parts({"a": Decimal(1), "x": Decimal(4)}, [rule]) == {}  # not all given yet


def test_the_catalog_declares_the_rules(catalog):
    rules = {(r.parts, r.whole, r.exact) for r in part_pairs(2025)}
    assert (("litigation_won", "litigation_lost"), "litigation_concluded", False) in rules
    assert (("litigation_concluded",), "litigation_cases", False) in rules
    assert (("education_demonstration_villages",), "education_villages", False) in rules
    assert (tuple(CLEANUP[1:]), CLEANUP[0], True) in rules
    assert (("reconsideration_corrected",), "reconsideration_decided", False) in rules  # from the rate


@pytest.fixture
def form(world, catalog, frozen):
    round_ = actions.open_round(world.agency("sfx-office"), 2025, "应诉与清理", DUE, LITIGATION,
                                [world.agency("sfx-scj")], by=world.office)
    return round_.submissions.get()


def test_saving_a_form_that_breaks_a_rule_names_both_fields_and_keeps_nothing(form, world):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        actions.save_values(form, {"litigation_cases": "50", "litigation_concluded": "40", "litigation_won": "44",
                                   "litigation_lost": "3"}, by=world.owner)
    message = refused.value.error_dict["litigation_won"][0].messages[0]
    assert "行政应诉胜诉、行政应诉败诉合计（47）" in message and "行政应诉案件审结（40）" in message
    assert not form.values.filter(value__isnull=False).exists()


def test_an_excel_row_that_breaks_a_rule_is_refused_with_its_message(form, world):
    filled = fill(excel.build_workbook([form]), {"litigation_concluded": 40, "litigation_won": 44,
                                                 "litigation_lost": 3, "litigation_cases": 50})
    with translation.override("zh-hans"):
        preview = excel.parse_workbook(filled, round_=form.round, user=world.owner, only=form)
    assert {r.code for r in preview.rows} == {"litigation_cases"}
    refused = {e.code: e.message for e in preview.errors}
    assert set(refused) == {"litigation_concluded", "litigation_won", "litigation_lost"}
    assert refused["litigation_won"] == "行政应诉胜诉、行政应诉败诉合计（47）不能大于行政应诉案件审结（40）。"


def test_the_roll_up_flags_totals_that_break_a_rule(world, catalog, frozen, as_user):
    from django.urls import reverse

    from fazhi.collection.models import Submission

    round_ = actions.open_round(world.agency("sfx-office"), 2025, "应诉", DUE, LITIGATION,
                                [world.agency("sfx-scj"), world.agency("sfx-jyj")], by=world.office)
    for submission in round_.submissions.select_related("agency"):
        # Each form keeps the rules; added up, 胜诉 30 is more than the 20 cases concluded.
        figures = {"litigation_won": 30} if submission.agency.code == "sfx-scj" else {"litigation_concluded": 20}
        actions.fill_values(submission, figures)
    round_.submissions.update(status=Submission.Status.ACCEPTED)
    county = world.agency("sfx-gov").region
    with translation.override("zh-hans"):
        page = as_user(world.office).get(reverse("collection:rollup"), {"year": 2025, "region": county.code},
                                         HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert 'data-testid="rollup-broken-rules"' in text
    assert "行政应诉胜诉、行政应诉败诉合计（30）不能大于行政应诉案件审结（20）" in text

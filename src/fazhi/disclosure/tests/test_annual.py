"""The annual disclosure report's tables counted from the ledger (``fazhi.disclosure.annual``): each request in its
column and row, those carried over in and out, the reconsiderations and lawsuits by result; the page and its
workbook, for the agency's staff only."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.core.tests.clients import csrf_client
from fazhi.disclosure import annual
from fazhi.disclosure.models import Request

pytestmark = pytest.mark.django_db

ORG = {"requester_kind": "organisation", "requester_name": "示范县某某有限公司"}


@pytest.fixture
def year_of_requests(receive):
    """Requests of 2025 and 2026 in every kind of outcome, each set as the ledger leaves it."""
    def made(received_on, *, done=None, **values):
        request = receive(received_on=received_on, **{k: v for k, v in values.items() if k in {
            "requester_kind", "requester_name", "organisation_kind"}})
        Request.objects.filter(pk=request.pk).update(**(done or {}))
        return request

    replied = {"status": "replied"}
    return {
        "carried_in": made(date(2025, 12, 20), done={**replied, "replied_on": date(2026, 1, 12),
                                                     "reply_type": "disclosed"}),
        "withheld": made(date(2026, 3, 2), organisation_kind="business", **ORG,
                         done={**replied, "replied_on": date(2026, 3, 20), "reply_type": "not_disclosed",
                               "reply_ground": "state_secret"}),
        "open": made(date(2026, 4, 1), organisation_kind="research", **ORG),
        "given_up": made(date(2026, 5, 6), done={"status": "abandoned", "closed_on": date(2026, 6, 1)}),
        "not_held": made(date(2026, 6, 1), done={**replied, "replied_on": date(2026, 6, 5), "reply_type": "not_exist"}),
        "last_year": made(date(2025, 3, 3), done={**replied, "replied_on": date(2025, 3, 10),
                                                  "reply_type": "disclosed"}),
        "withdrawn": made(date(2026, 7, 1), done={"withdrawn_at": timezone.now()}),
        "not_ours": made(date(2026, 7, 1), organisation_kind="legal_service", **ORG,
                         done={**replied, "replied_on": date(2026, 7, 2), "reply_type": "not_ours",
                               "reconsideration_filed_on": date(2026, 8, 3), "reconsideration_outcome": "upheld",
                               "litigation_filed_on": date(2026, 9, 1)}),
        "sued": made(date(2026, 8, 3), done={**replied, "replied_on": date(2026, 8, 10),
                                             "reply_type": "already_public", "litigation_filed_on": date(2026, 10, 9),
                                             "litigation_outcome": "corrected"}),
    }


def _table(agency, year):
    return {row.key: row.counts for row in annual.requests_table(agency, year)}


def test_each_request_counts_in_its_column_and_row(agency, year_of_requests):
    table = _table(agency, 2026)
    assert table["received"] == {"person": 3, "business": 1, "research": 1, "legal_service": 1, "total": 6}
    assert table["carried_in"] == {"person": 1, "total": 1}
    assert table["disclosed"] == {"person": 2, "total": 2}  # the carried-over one and "already public"
    assert table["withheld.state_secret"] == table["withheld"] == {"business": 1, "total": 1}
    assert table["unavailable.not_held"] == {"person": 1, "total": 1}  # no ground given: not held
    assert table["other.not_corrected"] == {"person": 1, "total": 1}
    assert table["other.other"] == {"legal_service": 1, "total": 1}
    assert table["other"] == {"person": 1, "legal_service": 1, "total": 2}
    assert table["results_total"]["total"] == 6
    assert table["carried_out"] == {"research": 1, "total": 1}
    assert table["partly"] == {} and table["not_processed"] == {}


def test_what_came_in_equals_what_was_handled_and_carried_out(agency, year_of_requests):
    for year in (2025, 2026):
        table = _table(agency, year)
        for column in annual.KEYS:
            came = table["received"].get(column, 0) + table["carried_in"].get(column, 0)
            went = table["results_total"].get(column, 0) + table["carried_out"].get(column, 0)
            assert came == went, (year, column)
    last = _table(agency, 2025)
    assert last["received"]["total"] == 2 and last["carried_out"] == {"person": 1, "total": 1}


def test_reconsiderations_and_lawsuits_count_by_result_in_the_year_filed(agency, year_of_requests):
    table = annual.reviews_table(agency, 2026)
    assert table["reconsideration"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}
    assert table["after_reconsideration"]["pending"] == 1 and table["after_reconsideration"]["total"] == 1
    assert table["direct"]["corrected"] == 1 and table["direct"]["total"] == 1
    assert all(n == 0 for part in annual.reviews_table(agency, 2025).values() for n in part.values())


def test_the_page_and_the_workbook_show_the_tables(world, agency, year_of_requests):
    client = csrf_client(world.owner)
    url = reverse("disclosure:annual")
    page = client.get(url, {"agency": agency.code, "year": 2026}).content.decode()
    assert 'data-testid="requests-table"' in page and 'data-testid="reviews-table"' in page
    row = page.split('data-row="received"')[1].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split('class="number">')[1:]] == ["3", "1", "1", "0", "1", "0", "6"]
    assert reverse("disclosure:annual") in client.get(reverse("disclosure:list")).content.decode()

    response = client.get(url, {"agency": agency.code, "year": 2026, "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == "I. New requests received this year" and rows[1][-1] == 6
    reviews = list(book.worksheets[1].iter_rows(values_only=True))
    assert reviews[1][0] == "Administrative reconsideration" and reviews[1][1] == 1


def test_the_outsider_sees_no_table_of_the_agency(world, agency, year_of_requests):
    client = csrf_client(world.outsider)
    url = reverse("disclosure:annual")
    assert client.get(url, {"agency": agency.code, "year": 2026}).status_code == 404
    assert client.get(url, {"agency": agency.code, "year": 2026, "format": "xlsx"}).status_code == 404
    own = client.get(url, {"year": 2026}).content.decode()  # their own agency's, with nothing of ours
    assert agency.name not in own
    assert csrf_client(None).get(url).status_code == 302  # to the log-in page

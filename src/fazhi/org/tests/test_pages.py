"""Every list, detail page and export of the organisation goes through the scope (three personas)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_agency_list_shows_exactly_the_scope(world, as_user):
    html = as_user(world.owner).get(reverse("org:agency_list")).content.decode()
    assert "示范县市场监督管理局" in html
    assert "示范县教育局" not in html and "邻水县司法局" not in html


def test_agency_detail_of_another_county_is_404(world, as_user):
    client = as_user(world.outsider)
    assert client.get(reverse("org:agency_detail", args=["sfx-scj"])).status_code == 404
    assert client.get(reverse("org:agency_detail", args=["lsx-sfj"])).status_code == 200


def test_colleague_cannot_open_another_departments_page(world, as_user):
    assert as_user(world.colleague).get(reverse("org:agency_detail", args=["sfx-scj"])).status_code == 404


def test_office_sees_people_of_its_agencies_but_leader_does_not(world, as_user):
    html = as_user(world.office).get(reverse("org:agency_detail", args=["sfx-scj"])).content.decode()
    assert "张伟" in html
    html = as_user(world.leader).get(reverse("org:agency_detail", args=["sfx-scj"])).content.decode()
    assert "张伟" not in html


def test_export_contains_only_the_scope(world, as_user):
    body = as_user(world.office).get(reverse("org:agency_export")).content.decode("utf-8-sig")
    assert "sfx-scj" in body and "sfx-t01" in body
    assert "lsx-sfj" not in body and "sfs-office" not in body


def test_htmx_search_returns_rows_only(world, as_user):
    response = as_user(world.office).get(reverse("org:agency_list"), {"q": "教育"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "示范县教育局" in html and "示范县公安局" not in html
    # The export link is in the replaced part, so it carries the filter typed live.
    assert "export.csv?q=%E6%95%99%E8%82%B2" in html
    assert "HX-Request" in response["Vary"]
    restore = as_user(world.office).get(reverse("org:agency_list"), {"q": "教育"}, HTTP_HX_REQUEST="true",
                                        HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in restore.content.decode()  # going back in history wants the whole page


def test_region_drill_down_refuses_regions_outside_the_scope(world, as_user):
    client = as_user(world.outsider)
    assert client.get(reverse("org:region_list"), {"parent": "990102"}).status_code == 404
    html = as_user(world.office).get(reverse("org:region_list"), {"parent": "990102"}).content.decode()
    assert "城关镇" in html


def test_pages_need_a_log_in(world, client):
    response = client.get(reverse("org:agency_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]

"""A ledger is one folder and one line of the catalog: the catalog installs, mounts and links it everywhere."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from fazhi.ledgers.catalog import LEDGERS

pytestmark = pytest.mark.django_db


def test_each_ledger_is_installed_mounted_and_in_the_api():
    from fazhi.api.api import api

    schema = api.get_openapi_schema()
    for ledger in LEDGERS:
        assert apps.is_installed(ledger.app)
        assert reverse(ledger.list_url).startswith(f"/{ledger.url_prefix}")
        router = ledger.module("api").router
        paths = [route for route in router.path_operations]
        assert paths and all(f"/api/v1{path}" in schema["paths"] for path in paths), ledger.key


def test_the_workbench_and_the_portal_link_every_ledger(world):
    client = Client()
    client.force_login(world.owner)
    page = client.get(reverse("home")).content.decode()
    portal = Client().get(reverse("portal:home")).content.decode()
    for ledger in LEDGERS:
        assert f'href="{reverse(ledger.list_url)}"' in page, ledger.key
        if ledger.public_url:
            assert f'href="{reverse(ledger.public_url)}"' in portal, ledger.key


def test_an_export_is_a_dated_workbook_and_leaves_an_audit_entry(world, rf):
    import io

    from openpyxl import load_workbook

    from fazhi.audit.models import AuditEntry
    from fazhi.ledgers.excel import Sheet, export_response

    request = rf.get("/")
    request.user = world.office
    response = export_response(request, ledger="sample", filters={"year": 2026, "q": ""}, sheets=[
        Sheet("一个很长很长很长很长很长很长很长很长很长很长很长很长很长的工作表名称", ["甲", "乙"], iter([[1, "x"], [2, "y"]]))])
    assert response["Content-Disposition"].startswith('attachment; filename="sample-')
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert len(sheet.title) <= 31 and list(sheet.values) == [("甲", "乙"), (1, "x"), (2, "y")]
    entry = AuditEntry.objects.filter(action="export").latest("pk")
    assert entry.actor == world.office and entry.changes == {"sample": [None, {"year": "2026"}]}

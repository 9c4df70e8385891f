"""Who is asking is kept between requests, and a change made anywhere is seen at the next request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fazhi.org import identity
from fazhi.org.models import IdentityStamp, Membership

pytestmark = pytest.mark.django_db


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _tables_read(client, path) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def _reads(sqls, table) -> bool:
    return any(f'FROM "{table}"' in sql for sql in sqls)


def test_the_second_page_reads_the_person_from_the_session_query_alone(world):
    client = _logged_in(world.office)
    first = _tables_read(client, "/normative/")
    second = _tables_read(client, "/normative/")

    assert _reads(first, "org_user") and _reads(first, "org_membership")
    assert not _reads(second, "org_user") and not _reads(second, "org_membership")
    scope_query = 'FROM "org_agency" INNER JOIN "org_region"'  # the agencies the office reads
    assert any(scope_query in s for s in first) and not any(scope_query in s for s in second)
    assert sum('"identity_stamp"' in s for s in second) == 1  # the session's query reads the stamp


def test_a_membership_ended_in_another_process_ends_access_at_the_next_request(world):
    from fazhi.normative.models import Document

    document = Document.objects.create(agency=world.agency("sfx-scj"), title="示范县测试办法", kind="department")
    client = _logged_in(world.owner)
    assert client.get(f"/normative/{document.pk}/").status_code == 200
    assert client.get(f"/normative/{document.pk}/").status_code == 200  # now from what the process keeps

    # Another process ends the membership: the row changes and the stamp with it; this process's own copy is
    # untouched, as it would be there.
    Membership.objects.filter(user=world.owner).update(is_active=False)
    identity.changed()

    assert client.get(f"/normative/{document.pk}/").status_code == 404


def test_a_save_anywhere_changes_the_stamp(world):
    before = IdentityStamp.objects.get(pk=1).value
    membership = Membership.objects.filter(user=world.owner).first()
    membership.title = "科长"
    membership.save()
    after_save = IdentityStamp.objects.get(pk=1).value
    world.agency("sfx-jyj").save()
    after_agency = IdentityStamp.objects.get(pk=1).value

    assert len({before, after_save, after_agency}) == 3


def test_a_password_changed_elsewhere_ends_the_old_session(world):
    client = _logged_in(world.owner)
    assert client.get("/normative/").status_code == 200
    assert client.get("/normative/").status_code == 200

    world.owner.set_password("另一个口令-2026")
    world.owner.save()

    response = client.get("/normative/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_each_request_gets_its_own_copy(world):
    loads = []

    def load(user_id):
        loads.append(user_id)
        return type(world.owner).objects.get(pk=user_id)

    token = identity._stamp.set(IdentityStamp.objects.get(pk=1).value)
    try:
        first = identity.kept_user(world.owner.pk, load)
        first.display_name = "改过的名字"
        second = identity.kept_user(world.owner.pk, load)
    finally:
        identity._stamp.reset(token)

    assert loads == [world.owner.pk]
    assert second is not first and second.display_name != "改过的名字"


def test_without_a_stamp_nothing_is_kept(world):
    IdentityStamp.objects.all().delete()
    client = _logged_in(world.owner)
    IdentityStamp.objects.all().delete()  # the log-in saved the person, which set one

    first = _tables_read(client, "/normative/")
    second = _tables_read(client, "/normative/")

    assert _reads(first, "org_user") and _reads(second, "org_user")

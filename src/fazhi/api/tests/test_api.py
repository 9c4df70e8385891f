"""The JSON API: session and token authentication, scoped answers, clear errors for bad bodies."""

import json

import pytest

from fazhi.org.models import ApiToken, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_for():
    def issue(user):
        return ApiToken.issue(user, "test")[1]

    return issue


def get(client, path, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(f"/api/v1{path}", **headers)


def test_anonymous_is_refused(world, client):
    assert get(client, "/me").status_code == 401


def test_me_with_session(world, client):
    client.force_login(world.owner)
    body = get(client, "/me").json()
    assert body["username"] == "clerk"
    assert body["memberships"][0]["agency"]["code"] == "sfx-scj"


def test_token_authentication(world, client, token_for):
    key = token_for(world.office)
    assert get(client, "/me", key).json()["username"] == "office"
    assert get(client, "/me", "fz_wrong").status_code == 401


def test_revoked_token_is_refused(world, client, token_for):
    key = token_for(world.office)
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    assert get(client, "/me", key).status_code == 401


def test_agencies_are_scoped(world, client, token_for):
    codes = {a["code"] for a in get(client, "/agencies?limit=1000", token_for(world.owner)).json()["items"]}
    assert codes == {"sfx-scj"}
    codes = {a["code"] for a in get(client, "/agencies?limit=1000", token_for(world.office)).json()["items"]}
    assert "sfx-t01" in codes and "lsx-sfj" not in codes


def test_another_countys_agency_is_404(world, client, token_for):
    assert get(client, "/agencies/sfx-scj", token_for(world.outsider)).status_code == 404
    assert get(client, "/agencies/sfx-scj", token_for(world.owner)).json()["name"] == "示范县市场监督管理局"


def test_regions_are_scoped(world, client, token_for):
    items = get(client, "/regions?parent=990102&limit=100", token_for(world.office)).json()["items"]
    assert len(items) == 10
    assert get(client, "/regions/990102", token_for(world.outsider)).status_code == 404


def test_malformed_body_is_refused_with_field_messages_and_nothing_changes(world, client, token_for):
    key = token_for(world.owner)
    before = User.objects.get(pk=world.owner.pk).display_name
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    response = client.patch("/api/v1/me", data=json.dumps({"display_name": "", "phone": "call me"}),
                            content_type="application/json", **headers)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"display_name", "phone"} <= fields
    response = client.patch("/api/v1/me", data="{not json", content_type="application/json", **headers)
    assert response.status_code in (400, 422)
    assert User.objects.get(pk=world.owner.pk).display_name == before


def test_valid_body_changes_the_profile(world, client, token_for):
    response = client.patch("/api/v1/me", data=json.dumps({"display_name": "张伟（法规股）", "phone": "0350-1234567"}),
                            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token_for(world.owner)}")
    assert response.status_code == 200
    assert User.objects.get(pk=world.owner.pk).display_name == "张伟（法规股）"


def test_openapi_docs_are_served(world, client):
    client.force_login(world.owner)
    assert client.get("/api/v1/docs").status_code == 200
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/agencies" in schema["paths"]


def test_token_command_issues_a_working_key(world, client):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("token", "issue", "office", "--name", "省平台对接", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    assert get(client, "/me", key).json()["username"] == "office"
    call_command("token", "revoke", key[3:11], stdout=StringIO())
    assert get(client, "/me", key).status_code == 401


def test_token_keys_never_look_like_an_option(world):
    """A prefix starting with "-" made `fazhi token revoke PREFIX` fail as an unknown option."""
    office = User.objects.get(username="office")
    for _ in range(300):
        _token, key = ApiToken.issue(office, "probe")
        assert key.startswith("fz_") and key[3:].isalnum() and len(key) == 46


def test_token_revoke_takes_the_whole_key(world, client):
    from io import StringIO

    from django.core.management import call_command

    _token, key = ApiToken.issue(User.objects.get(username="office"), "paste")
    call_command("token", "revoke", key, stdout=StringIO())
    assert get(client, "/me", key).status_code == 401


def test_token_issue_with_an_expiry_day_stops_at_its_start(world, client):
    from datetime import datetime
    from io import StringIO
    from zoneinfo import ZoneInfo

    import time_machine
    from django.core.management import call_command
    from django.core.management.base import CommandError

    shanghai = ZoneInfo("Asia/Shanghai")
    with time_machine.travel(datetime(2026, 3, 1, 9, tzinfo=shanghai), tick=False):
        out = StringIO()
        call_command("token", "issue", "office", "--name", "省平台对接", "--expires", "2026-03-02", stdout=out)
        key = out.getvalue().split()[-1]
        assert get(client, "/me", key).json()["username"] == "office"
        listing = StringIO()
        call_command("token", "list", "office", stdout=listing)
        assert "2026-03-02 00:00" in listing.getvalue() and "省平台对接" in listing.getvalue()
        with pytest.raises(CommandError):
            call_command("token", "issue", "office", "--name", "x", "--expires", "2026-03-01", stdout=StringIO())
    with time_machine.travel(datetime(2026, 3, 2, 0, 0, 1, tzinfo=shanghai), tick=False):
        assert get(client, "/me", key).status_code == 401
        listing = StringIO()
        call_command("token", "list", "office", stdout=listing)
        from django.utils.translation import gettext

        assert listing.getvalue().split()[-1] == gettext("expired")

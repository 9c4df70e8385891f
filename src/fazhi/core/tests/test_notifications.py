"""In-app notifications: sent once per key, the bell's count, the page, marking read."""

import pytest
from django.urls import reverse

from fazhi.core.models import Notification
from fazhi.core.notifications import notify, unread_count

pytestmark = pytest.mark.django_db


def send(world, key="k1", **extra):
    return notify([world.owner.pk, world.office.pk], key=key, title=f"提醒 {key}", body="请及时办理",
                  url="/sample/1/", level="warning", **extra)


def test_notify_stores_each_key_once_per_person(world):
    assert send(world) == 2
    assert send(world) == 0
    assert send(world, key="k2") == 2
    assert Notification.objects.filter(user=world.owner).count() == 2
    assert unread_count(world.owner) == 2


def test_the_bell_shows_the_unread_count(client, world):
    send(world)
    send(world, key="k2")
    client.force_login(world.owner)
    response = client.get(reverse("home"))
    assert 'data-testid="notification-count">2<' in response.content.decode()
    client.force_login(world.colleague)
    assert 'data-testid="notification-count"' not in client.get(reverse("home")).content.decode()


def test_page_lists_only_ones_own_and_marks_read(client, world):
    send(world)
    send(world, key="k2")
    mine = Notification.objects.filter(user=world.owner).order_by("pk")
    client.force_login(world.owner)
    response = client.get(reverse("notifications"))
    assert [n.pk for n in response.context["page"]] == sorted((n.pk for n in mine), reverse=True)
    first = mine[0]
    response = client.post(reverse("notification_read", args=[first.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/sample/1/"
    first.refresh_from_db()
    assert first.read_at is not None and unread_count(world.owner) == 1
    others = Notification.objects.get(user=world.office, key="k1")
    assert client.post(reverse("notification_read", args=[others.pk])).status_code == 404
    client.post(reverse("notifications_read_all"))
    assert unread_count(world.owner) == 0 and unread_count(world.office) == 2


def test_an_outside_link_is_never_followed(client, world):
    notify([world.owner.pk], key="evil", title="x", url="https://evil.example/")
    note = Notification.objects.get()
    client.force_login(world.owner)
    response = client.post(reverse("notification_read", args=[note.pk]), {"open": "1"})
    assert response["Location"] == reverse("notifications")

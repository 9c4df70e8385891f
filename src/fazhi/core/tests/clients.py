"""Test clients that never skip Django's CSRF check, shared by the scope, page and upload tests."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

#: The token a page's form would carry, as cookie and header alike.
TOKEN = "s" * 32


def csrf_client(user=None) -> Client:
    """A browser session (logged in as ``user``, or anonymous) with a CSRF cookie and the matching header, as a
    page's form would send: a refusal it meets is the view's, not the CSRF middleware's."""
    client = Client(enforce_csrf_checks=True, HTTP_X_CSRFTOKEN=TOKEN)
    if user is not None:
        client.force_login(user)
    client.cookies[settings.CSRF_COOKIE_NAME] = TOKEN
    return client

"""System checks of the workbench's settings (``fazhi check`` and every start)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def check_site_url(app_configs=None, **kwargs):
    """Notification e-mails need the site's address, or their links cannot be followed from a mail program."""
    url = str(getattr(settings, "FAZHI_SITE_URL", "") or "")
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return [Error(f"FAZHI_SITE_URL must be the site's address, e.g. https://fazhi.example.gov.cn; it is "
                          f"{url!r}.", id="fazhi.core.E001")]
        return []
    if getattr(settings, "PRODUCTION", False):
        return [Warning("FAZHI_SITE_URL is empty: links in notification e-mails are relative and cannot be "
                        "followed from a mail program.", hint="Set it to the site's address, e.g. "
                        "https://fazhi.example.gov.cn.", id="fazhi.core.W001")]
    return []

"""The education ledger's pages: each kind of record under its prefix, in its own namespace (its ``Pages.key``).

No ``app_name`` here, so that each ``Pages`` reverses its own names (``education_exams:detail``); the responsibility
lists, the catalog's entry, are the namespace ``education`` at the ledger's root. The prefixed kinds come first.
"""

from django.urls import include, path

from fazhi.education.ledger import ALL, PREFIXES

urlpatterns = [path(PREFIXES[pages.key], include((pages.urlpatterns(), pages.key)))
               for pages in sorted(ALL, key=lambda pages: PREFIXES[pages.key] == "")]

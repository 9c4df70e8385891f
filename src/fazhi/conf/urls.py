from django.apps import apps
from django.contrib import admin
from django.urls import include, path

from fazhi.ledgers.catalog import LEDGERS

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("fazhi.api.urls")),
    path("", include("fazhi.core.urls")),
    path("org/", include("fazhi.org.urls")),
    path("metrics/", include("fazhi.metrics.urls")),
    path("collection/", include("fazhi.collection.urls")),
    path("reports/", include("fazhi.reports.urls")),
    path("portal/", include("fazhi.portal.urls")),
    path("consultation/", include("fazhi.consultation.urls")),
    *(path(ledger.url_prefix, include(f"{ledger.app}.urls")) for ledger in LEDGERS),
    path("analyzer/", include("fazhi.analyzer.urls")),
    path("supervision/", include("fazhi.supervision.urls")),
    path("calendar/", include("fazhi.deadlines.urls")),
]

if apps.is_installed("fazhi.core.tests.sampleledger"):
    urlpatterns.append(path("sample/", include("fazhi.core.tests.sampleledger.urls")))
    urlpatterns.append(path("sample-generic/", include("fazhi.core.tests.sampleledger.generic")))

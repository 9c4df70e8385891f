from django.apps import apps
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("fazhi.api.urls")),
    path("", include("fazhi.core.urls")),
    path("org/", include("fazhi.org.urls")),
]

if apps.is_installed("fazhi.core.tests.sampleledger"):
    urlpatterns.append(path("sample/", include("fazhi.core.tests.sampleledger.urls")))

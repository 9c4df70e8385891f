"""URLs for the error-page tests: the real site plus one view that fails."""

from django.urls import include, path


def boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("boom/", boom), path("", include("fazhi.conf.urls"))]

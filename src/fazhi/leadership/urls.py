"""The ledger's five lists under /leadership/, each in the URL namespace of its ``key`` (``leadership_meetings:list``):
the module names no ``app_name`` of its own, so the lists' namespaces are top-level."""

from django.urls import include, path

from fazhi.leadership.ledger import ALL_PAGES, PATHS

urlpatterns = [path(PATHS[pages.key], include((pages.urlpatterns(), pages.key))) for pages in ALL_PAGES]

from django.urls import path

from fazhi.disclosure import public
from fazhi.disclosure.ledger import PAGES

app_name = PAGES.key
urlpatterns = PAGES.urlpatterns() + [
    # The portal's pages (no log-in).
    path("public/new/", public.public_new, name="public_new"),
    path("public/status/", public.public_status, name="public_status"),
]

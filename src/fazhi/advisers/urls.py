from django.urls import include, path

from fazhi.advisers.ledger import CONTRACTS, PAGES

app_name = PAGES.key
urlpatterns = [
    path("contracts/", include((CONTRACTS.urlpatterns(), CONTRACTS.key))),
    *PAGES.urlpatterns(),
]

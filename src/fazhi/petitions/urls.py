from fazhi.petitions.ledger import PAGES

app_name = PAGES.key
urlpatterns = PAGES.urlpatterns()

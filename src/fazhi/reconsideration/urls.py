from fazhi.reconsideration.ledger import PAGES

app_name = PAGES.key
urlpatterns = PAGES.urlpatterns()

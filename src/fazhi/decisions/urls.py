from django.urls import path

from fazhi.decisions import views

app_name = "decisions"

urlpatterns = [
    path("", views.decision_list, name="list"),
    path("export.xlsx", views.decision_export, name="export"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.decision_act, name="act"),
    path("catalogs/", views.catalog_list, name="catalog_list"),
    path("catalogs/new/", views.catalog_create, name="catalog_create"),
    path("catalogs/<int:pk>/", views.catalog_detail, name="catalog_detail"),
    path("catalogs/<int:pk>/act/<slug:action>/", views.catalog_act, name="catalog_act"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/act/<slug:action>/", views.item_act, name="item_act"),
    # Public pages: no log-in.
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("public/catalogs/", views.public_catalogs, name="public_catalogs"),
    path("public/catalogs/<slug:agency>/<int:year>/", views.public_catalog, name="public_catalog"),
]

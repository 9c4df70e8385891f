from django.urls import path

from fazhi.org import views

app_name = "org"
urlpatterns = [
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/export.csv", views.agency_export, name="agency_export"),
    path("agencies/<slug:code>/", views.agency_detail, name="agency_detail"),
    path("regions/", views.region_list, name="region_list"),
]

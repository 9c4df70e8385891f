from django.urls import path

from . import dashboards, views

app_name = "supervision"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/export/", views.export, name="export"),
    path("register/dashboard/export/", dashboards.dashboard_export, name="dashboard_export"),
    path("comparison/", dashboards.comparison, name="comparison"),
    path("comparison/export/", dashboards.comparison_export, name="comparison_export"),
    path("register/<int:pk>/trend/", dashboards.trend, name="trend"),
    path("register/build/", views.build, name="build"),
    path("register/remind/", views.remind_all, name="remind_all"),
    path("register/new/", views.body_create, name="body_create"),
    path("register/<int:pk>/", views.body_detail, name="body_detail"),
    path("register/<int:pk>/remind/", views.body_remind, name="body_remind"),
    path("register/<int:pk>/delete/", views.body_delete, name="body_delete"),
    path("analyzed/<int:pk>/assign/", views.assign_analyzed, name="assign_analyzed"),
]

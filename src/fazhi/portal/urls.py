from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/", views.report_archive, name="report_archive"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/annex.xlsx", views.report_annex, name="report_annex"),
    path("reports/<int:pk>/figures/<slug:metric>/", views.report_figure, name="report_figure"),
    path("reports/<int:pk>/<slug:fmt>/", views.report_download, name="report_download"),
]

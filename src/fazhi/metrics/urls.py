from django.urls import path

from fazhi.metrics import views

app_name = "metrics"

urlpatterns = [
    path("", views.metric_list, name="metric_list"),
    path("export/", views.export, name="export"),
    path("<slug:code>/", views.metric_detail, name="metric_detail"),
]

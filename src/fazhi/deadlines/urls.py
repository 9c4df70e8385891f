from django.urls import path

from fazhi.deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("periods/", views.periods_page, name="periods"),
]

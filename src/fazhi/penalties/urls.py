from django.urls import path

from fazhi.penalties import views

app_name = "penalties"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("public/", views.public_list, name="public_list"),
]

from django.urls import path

from fazhi.consultation import views

app_name = "consultation"

urlpatterns = [
    # Public pages on the portal: no log-in.
    path("open/", views.public_list, name="public_list"),
    path("open/<int:pk>/", views.public_detail, name="public_detail"),
    # Staff pages, scoped to the drafting agency and the rule-of-law office.
    path("", views.staff_list, name="list"),
    path("export.xlsx", views.staff_export, name="export"),
    path("<int:pk>/", views.staff_detail, name="detail"),
    path("<int:pk>/close/", views.consultation_close, name="close"),
    path("<int:pk>/conclude/", views.consultation_conclude, name="conclude"),
    path("<int:pk>/comments.xlsx", views.comments_export, name="comments_export"),
    path("comments/<int:pk>/publish/", views.comment_publish, name="comment_publish"),
    path("comments/<int:pk>/hide/", views.comment_hide, name="comment_hide"),
    path("comments/<int:pk>/adoption/", views.comment_adoption, name="comment_adoption"),
]

from django.urls import path

from . import dashboards, feedback_views, printed, views

app_name = "supervision"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/export/", views.export, name="export"),
    path("register/dashboard/export/", dashboards.dashboard_export, name="dashboard_export"),
    path("register/dashboard/print/", printed.dashboard_pdf, name="dashboard_pdf"),
    path("comparison/", dashboards.comparison, name="comparison"),
    path("comparison/export/", dashboards.comparison_export, name="comparison_export"),
    path("comparison/print/", printed.comparison_pdf, name="comparison_pdf"),
    path("register/<int:pk>/trend/", dashboards.trend, name="trend"),
    path("register/<int:pk>/trend/print/", printed.trend_pdf, name="trend_pdf"),
    path("register/build/", views.build, name="build"),
    path("register/remind/", views.remind_all, name="remind_all"),
    path("register/new/", views.body_create, name="body_create"),
    path("register/<int:pk>/", views.body_detail, name="body_detail"),
    path("register/<int:pk>/remind/", views.body_remind, name="body_remind"),
    path("register/<int:pk>/delete/", views.body_delete, name="body_delete"),
    path("analyzed/<int:pk>/assign/", views.assign_analyzed, name="assign_analyzed"),
    # Feedback down the tree (督察反馈).
    path("register/<int:pk>/feedback/", feedback_views.share, name="feedback_share"),
    path("feedback/", feedback_views.feedback_list, name="feedback_list"),
    path("feedback/<int:pk>/", feedback_views.feedback_detail, name="feedback_detail"),
    path("feedback/<int:pk>/answer/", feedback_views.answer, name="feedback_answer"),
    path("feedback/<int:pk>/close/", feedback_views.close, name="feedback_close"),
    path("feedback/<int:pk>/reopen/", feedback_views.reopen, name="feedback_reopen"),
    path("feedback/<int:pk>/rectify/", feedback_views.rectify, name="feedback_rectify"),
]

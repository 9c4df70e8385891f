from django.contrib.auth import views as auth_views
from django.urls import path

from fazhi.core import files, notifications, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("switch/", views.switch_membership, name="switch_membership"),
    path("attachments/<str:label>/<int:pk>/", files.upload, name="attachment_upload"),
    path("attachments/<int:attachment_id>/", files.download, name="attachment_download"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
    path("notifications/read-all/", notifications.notification_read_all, name="notifications_read_all"),
]

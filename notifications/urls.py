from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/bell/", views.bell, name="bell"),
    path("notifications/read/", views.mark_read, name="mark_read"),
    path("notifications/settings/", views.digest_settings, name="settings"),
    path("my-follow-ups/", views.my_follow_ups, name="my_follow_ups"),
]

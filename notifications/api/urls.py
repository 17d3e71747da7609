from django.urls import path

from .views import MyFollowUpsView, MyNotificationsView

urlpatterns = [
    path("my-follow-ups/", MyFollowUpsView.as_view(), name="my-follow-ups"),
    path("notifications/", MyNotificationsView.as_view(), name="my-notifications"),
]

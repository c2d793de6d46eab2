"""The investment office's matchmaking pages, under /staff/matchmaking/."""

from django.urls import path

from matchmaking.views import staff

app_name = "staff_matchmaking"

urlpatterns = [
    path("", staff.session_list, name="sessions"),
    path("sessions/new/", staff.session_edit, name="session_create"),
    path("sessions/<int:pk>/", staff.session_edit, name="session"),
]

from django.urls import path

from matchmaking.views import calendar, merchant

app_name = "matchmaking"

urlpatterns = [
    path("", merchant.agenda, name="agenda"),
    path("signup/", merchant.signup, name="signup"),
    path("exhibitors/", merchant.exhibitors, name="exhibitors"),
    path("request/<int:exhibitor_pk>/", merchant.request_meeting, name="request"),
    path("meetings/<int:pk>/", merchant.meeting_detail, name="meeting"),
    path("calendar/<str:token>.ics", calendar.feed, name="calendar"),
]

"""The exhibitor portal's matchmaking pages, under /exhibitor/meetings/ and /exhibitor/leads/."""

from django.urls import path

from matchmaking.views import exhibitor

app_name = "exhibitor_matchmaking"

urlpatterns = [
    path("meetings/", exhibitor.meetings, name="meetings"),
    path("meetings/<int:pk>/", exhibitor.meeting_detail, name="meeting"),
    path("meetings/merchants/", exhibitor.merchants, name="merchants"),
    path("meetings/invite/<int:attendee_pk>/", exhibitor.invite, name="invite"),
    path("leads/", exhibitor.leads, name="leads"),
    path("leads/<int:pk>/", exhibitor.lead_detail, name="lead"),
    path("leads/export.xlsx", exhibitor.leads_export, name="leads_export"),
]

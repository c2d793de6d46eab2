from django.urls import path

from events.views import unit_portal

app_name = "unit_events"

urlpatterns = [
    path("activities/", unit_portal.activities, name="activities"),
    path("activities/new/", unit_portal.proposal_create, name="proposal_create"),
    path("activities/<int:pk>/", unit_portal.proposal_detail, name="proposal"),
    path("activities/<int:pk>/edit/", unit_portal.proposal_edit, name="proposal_edit"),
    path("activities/<int:pk>/withdraw/", unit_portal.proposal_withdraw, name="proposal_withdraw"),
    path("events/<int:pk>/", unit_portal.organized_event, name="event"),
    path("invitations/", unit_portal.unit_invitations, name="invitations"),
]

from django.urls import path

from events.views import unit_staff

app_name = "staff_units"

urlpatterns = [
    path("proposals/", unit_staff.proposal_list, name="proposals"),
    path("proposals/<int:pk>/", unit_staff.proposal_decide, name="proposal"),
    path("proposals/freeze/", unit_staff.programme_freeze, name="programme_freeze"),
    path("invitations/", unit_staff.invitation_overview, name="invitations"),
]

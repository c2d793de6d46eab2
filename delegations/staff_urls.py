from django.urls import path

from delegations.views import staff

app_name = "protocol"

urlpatterns = [
    path("", staff.protocol_desk, name="desk"),
    path("delegates.xlsx", staff.delegates_export, name="export"),
    path("delegations/<int:pk>/letter.pdf", staff.invitation_letter, name="letter"),
]

urlpatterns += [
    path("delegations/", staff.delegation_list, name="delegations"),
    path("delegations/<int:pk>/", staff.delegation_detail, name="delegation"),
]

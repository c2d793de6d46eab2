from django.urls import path

from exhibitors.views import analytics, broadcasts, staff

app_name = "exhibition"

urlpatterns = [
    path("", staff.exhibition_current, name="current"),
    path("broadcasts/", broadcasts.broadcast_list, name="broadcasts"),
    path("broadcasts/<int:pk>/decide/", broadcasts.broadcast_decide, name="broadcast_decide"),
    path("<int:number>/", staff.exhibition_edition, name="edition"),
    path("<int:number>/online/", analytics.organizer_analytics, name="online_analytics"),
]

urlpatterns += [
    path("applications/", staff.application_list, name="applications"),
    path("applications/<int:pk>/", staff.application_detail, name="application"),
]

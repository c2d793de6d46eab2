from django.urls import path

from exhibitors.views import analytics, staff

app_name = "exhibition"

urlpatterns = [
    path("", staff.exhibition_current, name="current"),
    path("<int:number>/", staff.exhibition_edition, name="edition"),
    path("<int:number>/online/", analytics.organizer_analytics, name="online_analytics"),
]

urlpatterns += [
    path("applications/", staff.application_list, name="applications"),
    path("applications/<int:pk>/", staff.application_detail, name="application"),
]

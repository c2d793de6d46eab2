from django.urls import path

from exhibitors.views import analytics, portal

app_name = "exhibitor"

urlpatterns = [
    path("", portal.home, name="home"),
    path("signup/", portal.signup, name="signup"),
    path("check-email/", portal.check_email, name="check_email"),
    path("profile/", portal.profile, name="profile"),
    path("pavilions/", portal.pavilion_list, name="pavilions"),
    path("pavilions/<int:pk>/", portal.floor_plan, name="floor_plan"),
    path("booths/<int:pk>/", portal.booth_detail, name="booth"),
    path("booths/<int:pk>/hold/", portal.booth_hold, name="booth_hold"),
    path("applications/", portal.application_list, name="applications"),
    path("applications/<int:pk>/cancel/", portal.application_cancel, name="application_cancel"),
    path("exhibits/", portal.exhibit_list, name="exhibits"),
    path("exhibits/new/", portal.exhibit_create, name="exhibit_create"),
    path("exhibits/<int:pk>/", portal.exhibit_update, name="exhibit_update"),
    path("exhibits/<int:pk>/delete/", portal.exhibit_delete, name="exhibit_delete"),
    path("online-analytics/", analytics.exhibitor_analytics, name="online_analytics"),
    path("broadcasts/", analytics.broadcasts, name="broadcasts"),
]

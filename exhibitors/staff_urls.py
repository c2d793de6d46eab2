from django.urls import path

from exhibitors.views import staff

app_name = "exhibition"

urlpatterns = [
    path("", staff.exhibition_current, name="current"),
    path("<int:number>/", staff.exhibition_edition, name="edition"),
]

from django.urls import path

from projects.views import staff

app_name = "staff_projects"

urlpatterns = [
    path("", staff.statistics_current, name="current"),
    path("<int:number>/", staff.statistics_edition, name="edition"),
    path("<int:number>/projects.xlsx", staff.export_xlsx, name="export"),
]

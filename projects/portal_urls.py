from django.urls import path

from projects.views import portal

app_name = "portal_projects"

urlpatterns = [
    path("", portal.project_list, name="list"),
    path("new/", portal.project_create, name="create"),
    path("<int:pk>/", portal.project_detail, name="detail"),
    path("<int:pk>/edit/", portal.project_update, name="update"),
]

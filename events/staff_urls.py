from django.urls import path

from events.views import staff

app_name = "attendance"

urlpatterns = [
    path("", staff.check_in_desk, name="check_in"),
]

urlpatterns += [path("registrations/", staff.registration_search, name="registrations")]

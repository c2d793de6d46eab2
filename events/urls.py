from django.urls import path

from events.views import programme

app_name = "programme"

urlpatterns = [
    path("", programme.programme, name="index"),
    path("calendar.ics", programme.calendar, name="calendar"),
    path("register/", programme.register, name="register"),
    path("invite/<slug:code>/", programme.invitation, name="invitation"),
    path("events/<int:pk>/", programme.event, name="event"),
    path("my/<slug:code>/", programme.my_registrations, name="mine"),
    path("my/<slug:code>/cancel/<int:pk>/", programme.cancel, name="cancel"),
    path("my/<slug:code>/again/<int:pk>/", programme.register_again, name="register_again"),
]

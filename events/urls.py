from django.urls import path

from events.views import agenda, programme

app_name = "programme"

urlpatterns = [
    path("", programme.programme, name="index"),
    path("calendar.ics", programme.calendar, name="calendar"),
    path("register/", programme.register, name="register"),
    path("invite/<slug:code>/", programme.invitation, name="invitation"),
    path("events/<int:pk>/", programme.event, name="event"),
    path("events/<int:pk>/event.ics", agenda.event_ics, name="event_ics"),
    path("agenda/", agenda.agenda_page, name="agenda"),
    path("agenda/events/<int:pk>/", agenda.star, name="agenda_star"),
    path("agenda/calendar-link/", agenda.feed_renew, name="agenda_feed_renew"),
    path("agenda/calendar-link/off/", agenda.feed_revoke, name="agenda_feed_revoke"),
    path("agenda/<str:token>.ics", agenda.feed, name="agenda_feed"),
    path("my/<slug:code>/", programme.my_registrations, name="mine"),
    path("my/<slug:code>/cancel/<int:pk>/", programme.cancel, name="cancel"),
    path("my/<slug:code>/again/<int:pk>/", programme.register_again, name="register_again"),
]

"""Online visitors: registration with a verified email, favourites, counts of visits and
views without personal data, and who may read the analytics."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache

from events.enums import AttendeeKind
from events.models import Attendee
from events.selectors import attendee_counts
from exhibitors import online_services as services
from exhibitors.models import Favourite, OnlineViewDay, OnlineVisitorDay
from expo import verification
from tests.factories import OrganizerFactory, UserFactory, exhibitor_user
from tests.online.conftest import EN

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "name": "Kim Minjun",
    "email": "minjun@example.kr",
    "password1": "a long enough passphrase 42",
    "password2": "a long enough passphrase 42",
    "country": "KR",
    "organization": "Busan Trade Co.",
    "interests": ["automobile", "new_energy"],
}


def register(client, **changes):
    return client.post("/online/register/?next=/online/", {**REGISTRATION, **changes}, **EN)


def test_registration_creates_an_online_visitor_of_the_edition_and_mails_the_link(
    hall, client, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client)
    assert response.status_code == 302
    attendee = Attendee.objects.get(email="minjun@example.kr")
    assert (attendee.edition, attendee.kind, attendee.country.code, attendee.organization, attendee.industry) == (
        hall.edition,
        AttendeeKind.ONLINE_VISITOR,
        "KR",
        "Busan Trade Co.",
        "automobile",
    )
    assert attendee.user.online_visitor.interests == ["automobile", "new_energy"]
    assert attendee.user.email_verified_at is None
    assert len(mail.outbox) == 1
    assert "/accounts/verify/" in mail.outbox[0].body


def test_registered_visitors_count_in_the_current_editions_online_visitors(hall, client):
    before = attendee_counts(edition=hall.edition).get(AttendeeKind.ONLINE_VISITOR, 0)
    register(client)
    assert attendee_counts(edition=hall.edition).get(AttendeeKind.ONLINE_VISITOR, 0) == before + 1


def test_registration_refuses_a_known_address_and_different_passwords(hall, client):
    UserFactory(email="minjun@example.kr")
    response = register(client, password2="something else entirely 9")
    form = response.context["form"]
    assert form.errors["email"] == ["An account with this email address exists already. Log in instead."]
    assert form.errors["password2"] == ["The two passwords differ."]
    assert Attendee.objects.filter(kind=AttendeeKind.ONLINE_VISITOR).count() == 0


def test_favourite_needs_a_verified_email_then_toggles(hall, client):
    register(client)
    user = Attendee.objects.get(email="minjun@example.kr").user
    url = f"/online/40/exhibits/{hall.exhibits.tea.pk}/favourite/"
    client.post(url, **EN)
    assert Favourite.objects.count() == 0
    assert verification.user_verify_email(user=user, token=verification.token_generator.make_token(user))
    client.post(url, **EN)
    assert list(Favourite.objects.values_list("user", "exhibitor", "exhibit")) == [
        (user.pk, hall.ginseng.pk, hall.exhibits.tea.pk)
    ]
    page = client.get(f"/online/40/exhibits/{hall.exhibits.tea.pk}/", **EN)
    assert 'data-favourite="kept"' in page.content.decode()
    assert "private" in page["Cache-Control"]
    assert "Ginseng tea" in client.get("/online/favourites/", **EN).content.decode()
    client.post(url, **EN)
    assert Favourite.objects.count() == 0


def test_unpublished_exhibit_cannot_be_kept(hall, client):
    user = UserFactory()
    user.email_verified_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    user.save()
    client.force_login(user)
    assert client.post(f"/online/40/exhibits/{hall.exhibits.secret.pk}/favourite/").status_code == 404


def test_favourites_are_only_for_the_signed_in_visitor(hall, client):
    assert client.get("/online/favourites/").status_code == 302
    assert client.post(f"/online/40/exhibits/{hall.exhibits.tea.pk}/favourite/").status_code == 302
    owner, other = UserFactory(), UserFactory()
    for user in (owner, other):
        user.email_verified_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
        user.save()
    services.favourite_toggle(user=owner, edition=hall.edition, exhibitor=hall.ginseng, exhibit=hall.exhibits.tea)
    client.force_login(other)
    assert "Ginseng tea" not in client.get("/online/favourites/", **EN).content.decode()


def test_anonymous_exhibit_page_invites_to_register(hall, client):
    content = client.get(f"/online/40/exhibits/{hall.exhibits.tea.pk}/", **EN).content.decode()
    assert "/online/register/?next=" in content
    assert "csrfmiddlewaretoken" not in content


def test_visit_counted_once_a_day_per_visitor_and_only_as_a_count(hall, client):
    agent = {"HTTP_USER_AGENT": "Browser A", "REMOTE_ADDR": "203.0.113.5"}
    for _ in range(3):
        assert client.get("/online/seen.gif", {"e": 40}, **agent).status_code == 200
    client.get("/online/seen.gif", {"e": 40}, HTTP_USER_AGENT="Browser B", REMOTE_ADDR="203.0.113.5")
    day = datetime.date.today()
    assert list(OnlineVisitorDay.objects.values_list("edition__number", "day", "visitors")) == [(40, day, 2)]
    assert [f.name for f in OnlineVisitorDay._meta.get_fields()] == ["id", "edition", "day", "visitors"]


def test_visitor_key_changes_with_the_day(hall):
    today = datetime.date(2026, 12, 2)
    key = services.visitor_key(day=today, address="203.0.113.5", agent="A")
    assert key == services.visitor_key(day=today, address="203.0.113.5", agent="A")
    assert key != services.visitor_key(day=today + datetime.timedelta(days=1), address="203.0.113.5", agent="A")
    cache.clear()  # the day's salt is gone: the same visitor can no longer be linked
    assert key != services.visitor_key(day=today, address="203.0.113.5", agent="A")


def test_views_of_exhibitor_and_exhibit_pages_are_counted(hall, client):
    client.get("/online/seen.gif", {"e": 40, "x": hall.ginseng.pk})
    client.get("/online/seen.gif", {"e": 40, "x": hall.ginseng.pk, "i": hall.exhibits.tea.pk})
    client.get("/online/seen.gif", {"e": 40, "x": hall.ginseng.pk, "i": hall.exhibits.tea.pk})
    client.get("/online/seen.gif", {"e": 40, "x": hall.ginseng.pk, "i": hall.exhibits.secret.pk})  # unpublished
    client.get("/online/seen.gif", {"e": "x", "x": "'; drop", "i": "9" * 40})
    rows = sorted(OnlineViewDay.objects.values_list("exhibitor", "exhibit", "views"), key=str)
    assert rows == sorted([(hall.ginseng.pk, None, 1), (hall.ginseng.pk, hall.exhibits.tea.pk, 2)], key=str)


def test_exhibitor_analytics_only_for_its_own_users(hall, client):
    services.view_record(edition=hall.edition, exhibitor_id=hall.ginseng.pk, exhibit_id=None, day=datetime.date.today())
    own = exhibitor_user(exhibitor=hall.ginseng)
    other = exhibitor_user(exhibitor=hall.faw)
    client.force_login(own)
    response = client.get("/exhibitor/online-analytics/", **EN)
    assert response.status_code == 200
    assert [row["page"] for row in response.context["figures"]["days"]] == [1]
    client.force_login(other)
    response = client.get("/exhibitor/online-analytics/", **EN)
    assert [row["page"] for row in response.context["figures"]["days"]] == []
    client.force_login(UserFactory())
    assert client.get("/exhibitor/online-analytics/").status_code == 403


def test_organizer_analytics(hall, client):
    client.get("/online/search/", {"q": "量子计算机"})
    client.get("/online/seen.gif", {"e": 40, "x": hall.faw.pk})
    client.force_login(exhibitor_user(exhibitor=hall.faw))
    assert client.get("/staff/exhibition/40/online/").status_code == 403
    client.force_login(OrganizerFactory())
    response = client.get("/staff/exhibition/40/online/", **EN)
    assert response.status_code == 200
    figures = response.context["figures"]
    assert [(m.query, m.count) for m in figures["misses"]] == [("量子计算机", 1)]
    assert [(r["exhibitor__name"], r["views"]) for r in figures["top_exhibitors"]] == [("长春一汽汽车制造有限公司", 1)]
    assert [d.visitors for d in figures["days"]] == [1]


def test_language_links_set_the_cookie_and_go_back(hall, client):
    response = client.get("/online/language/", {"language": "en", "next": "/online/40/"})
    assert (response.status_code, response["Location"]) == (302, "/online/40/")
    assert response.cookies["django_language"].value == "en"
    response = client.get("/online/language/", {"language": "xx", "next": "https://evil.example/"})
    assert (response["Location"], "django_language" in response.cookies) == ("/online/", False)


def test_register_page_links_through_the_verification_mail(
    hall, client, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(client)
    link = re.search(r"https?://[^/]+(/accounts/verify/\S+)", mail.outbox[0].body).group(1)
    assert client.get(link).status_code == 200
    assert Attendee.objects.get(email="minjun@example.kr").user.email_verified_at is not None

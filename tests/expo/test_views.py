import re
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import (
    TEST_PASSWORD,
    EditionFactory,
    MemberUnitFactory,
    MemberUnitUserFactory,
    OrganizerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def nav_labels(response):
    html = response.content.decode()
    nav = re.search(r'<nav class="nav".*?</nav>', html, re.S).group(0)
    return re.findall(r">([^<]+)</a>", nav)


def nav_menus(response):
    html = response.content.decode()
    nav = re.search(r'<nav class="nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'<button type="button" class="nav-menu__button[^"]*" aria-expanded="false"[^>]*>([^<]+)<', nav)


# Start page and navigation ------------------------------------------------------------


def test_home_shows_the_current_edition_to_anyone(client, edition):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert edition.name_en in response.content.decode()
    assert nav_labels(response) == ["Programme", "Online exhibition"]
    assert reverse("login") in response.content.decode()


def test_home_speaks_chinese_by_default(client, edition):
    html = client.get("/").content.decode()

    assert edition.name_zh in html
    assert "登录" in html
    assert '<html lang="zh-hans">' in html


def test_navigation_shows_organizers_their_places(client, edition):
    client.force_login(OrganizerFactory(offices=["secretariat"]))

    # Only the pages the secretariat may open: no booth applications, protocol or projects,
    # in menus of their groups (a group of one place is a link).
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert nav_labels(response) == [
        "Dashboard",
        "Executive committee",
        "Reports",
        "Attendees",
        "Check-in",
        "Administration",
        "Programme",
        "Online exhibition",
    ]
    assert nav_menus(response) == ["Committee", "Guests", "Public pages"]


def test_navigation_shows_member_units_only_their_portal(client, edition):
    client.force_login(MemberUnitUserFactory())

    assert nav_labels(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == [
        "Department portal",
        "Our projects",
        "Our activities",
        "Our merchants",
        "Programme",
        "Online exhibition",
    ]


def test_home_tells_a_user_without_role_whom_to_ask(client, edition):
    client.force_login(UserFactory())

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert nav_labels(response) == ["Programme", "Online exhibition"]
    assert "Ask the expo secretariat to give your account a role." in response.content.decode()


def test_language_switch_changes_the_language(client, edition):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert "Log in" in response.content.decode()
    assert '<html lang="en">' in response.content.decode()


def test_unknown_page_gets_our_404(client, edition):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


# Staff dashboard ----------------------------------------------------------------------


def test_staff_dashboard_sends_anonymous_users_to_login(client):
    response = client.get("/staff/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/staff/"


@pytest.mark.parametrize("make_user", [MemberUnitUserFactory, UserFactory])
def test_staff_dashboard_refuses_non_organizers(client, make_user):
    client.force_login(make_user())

    assert client.get("/staff/").status_code == 403
    assert client.post("/staff/worker-check/").status_code == 403


@pytest.mark.parametrize("unit_count", [1, 30])
def test_staff_dashboard_runs_constant_queries(client, edition, unit_count, django_assert_num_queries):
    edition.committee_units.set(MemberUnitFactory.create_batch(unit_count))
    EditionFactory.create_batch(3)
    client.force_login(OrganizerFactory(offices=["secretariat"]))

    # 8, one for the theme activity proposals waiting for a decision, one for beat's last sign
    # of life, and the secretariat's queues: reports to review, registrations waiting, report
    # runs and imports in progress
    with django_assert_num_queries(14):
        response = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    html = response.content.decode()
    assert edition.name_en in html
    assert f'<th class="num">{unit_count}</th>' in html
    assert "Task queue: working" in html


def test_worker_check_sends_a_task(client, edition):
    client.force_login(OrganizerFactory(offices=["secretariat"]))

    with mock.patch("kombu.messaging.Producer.publish") as publish:
        response = client.post("/staff/worker-check/")

    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert publish.call_count == 1
    assert publish.call_args.kwargs["headers"]["task"] == "expo.ping"


def test_worker_check_refuses_get(client):
    client.force_login(OrganizerFactory())

    assert client.get("/staff/worker-check/").status_code == 405


# Department portal --------------------------------------------------------------------


def test_portal_sends_anonymous_users_to_login(client):
    response = client.get("/portal/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/portal/"


@pytest.mark.parametrize("make_user", [OrganizerFactory, UserFactory])
def test_portal_refuses_users_without_a_member_unit(client, make_user):
    client.force_login(make_user())

    assert client.get("/portal/").status_code == 403


def test_portal_shows_only_the_users_own_unit(client, edition):
    user = MemberUnitUserFactory(first_name="Li", last_name="Ming")
    colleague = MemberUnitUserFactory(member_unit=user.member_unit, first_name="Wang", last_name="Fang")
    stranger = MemberUnitUserFactory(first_name="Zhao", last_name="Lei")
    client.force_login(user)

    html = client.get("/portal/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert user.member_unit.name_en in html
    assert colleague.get_full_name() in html
    assert stranger.member_unit.name_en not in html
    assert stranger.get_full_name() not in html
    assert stranger.member_unit.email not in html


@pytest.mark.parametrize("colleague_count", [1, 30])
def test_portal_runs_constant_queries(client, edition, colleague_count, django_assert_num_queries):
    user = MemberUnitUserFactory()
    MemberUnitUserFactory.create_batch(colleague_count, member_unit=user.member_unit)
    client.force_login(user)

    with django_assert_num_queries(6):
        response = client.get("/portal/")

    assert response.status_code == 200


# Accounts -----------------------------------------------------------------------------


def test_login_with_a_wrong_password_says_so_in_chinese(client, edition):
    UserFactory(username="liming")

    response = client.post("/accounts/login/", {"username": "liming", "password": "wrong"})

    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()


def test_login_and_logout(client, edition):
    UserFactory(username="liming")

    response = client.post("/accounts/login/", {"username": "liming", "password": TEST_PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/workspace/")
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.get("/portal/").status_code == 302


def test_password_change_refuses_a_short_password(client, edition):
    client.force_login(UserFactory())

    response = client.post(
        "/accounts/password_change/",
        {"old_password": TEST_PASSWORD, "new_password1": "Sh0rt-pw", "new_password2": "Sh0rt-pw"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "This password is too short. It must contain at least 12 characters." in response.content.decode()


def test_password_change(client, edition):
    user = UserFactory()
    client.force_login(user)
    new = "a-much-longer-passphrase-2026"

    response = client.post(
        "/accounts/password_change/", {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new}
    )

    assert response["Location"] == "/accounts/password_change/done/"
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_reset_by_email(client, edition, eager_tasks, django_capture_on_commit_callbacks):
    user = UserFactory(email="liming@commerce.example.org")
    new = "reset-passphrase-for-li-ming"

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password_reset/", {"email": "liming@commerce.example.org"}, HTTP_ACCEPT_LANGUAGE="en")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["liming@commerce.example.org"]
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response["Location"] == "/accounts/reset/done/"
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_reset_does_not_tell_whether_an_address_exists(client, edition):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})

    assert response["Location"] == "/accounts/password_reset/done/"
    assert mail.outbox == []


def test_staff_dashboard_lists_background_tasks_in_words(client, edition):
    from django_celery_results.models import TaskResult

    TaskResult.objects.create(task_id="a1", task_name="expo.ping", status="FAILURE")
    client.force_login(OrganizerFactory())

    html = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<td>Worker check</td><td class="bad">failed</td>' in html


def test_the_navigation_is_worked_out_only_for_pages_that_show_it(client, edition, monkeypatch):
    """The context processor hands the templates lazy values: a fragment without the top bar
    (a scan answered by htmx) never works the navigation out; a whole page does, once."""
    from expo import context_processors
    from tests.factories import OrganizerFactory

    calls = []
    real = context_processors._navigation
    monkeypatch.setattr(context_processors, "_navigation", lambda request: calls.append(1) or real(request))
    client.force_login(OrganizerFactory(offices=["secretariat"]))

    fragment = client.post("/staff/check-in/", {"code": "NOSUCHBADGE"}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert calls == []

    page = client.get("/staff/check-in/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert calls == [1]
    assert "Check-in" in nav_labels(page)


def test_the_dashboard_is_marked_as_the_current_place_on_its_own_page_only(client, edition):
    """An organizer of no office opens the check-in desk by its address: no place of the menu
    is that page, and the dashboard, whose address starts every organizer's page, is not it."""
    from tests.factories import OrganizerFactory

    client.force_login(OrganizerFactory(offices=[]))
    dashboard = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/staff/" class="is-active" aria-current="page"' in dashboard

    desk = client.get("/staff/check-in/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/staff/" class="is-active"' not in desk
    assert 'aria-current="page"' not in desk.split('<nav class="nav"')[1].split("</nav>")[0]

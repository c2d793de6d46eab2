"""Login and sessions: failed-login lockout per (user, address), two-step login of
organizers, session lifetimes, disabled accounts, password length."""

import base64
import hashlib
import re
import time

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from expo import otp
from expo.enums import Office
from expo.models import ActivityLog, AuditAction, EnrolmentLink
from expo.security import LOGIN_AT, SEEN_AT
from tests.factories import (
    TEST_PASSWORD,
    ExhibitorMemberFactory,
    MemberUnitUserFactory,
    OrganizerFactory,
    UserFactory,
)
from tests.helpers import totp_code, totp_device_for

pytestmark = pytest.mark.django_db

WRONG = "not-the-password-at-all"


def post_login(client, username, password, ip="10.0.0.1", **extra):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE="en",
        **extra,
    )


def fail(client, username, times, ip="10.0.0.1", **extra) -> list[int]:
    return [post_login(client, username, WRONG, ip, **extra).status_code for _ in range(times)]


# Failed logins ----------------------------------------------------------------------------


def test_lockout_after_the_failure_limit_for_that_user_and_address(client, settings):
    UserFactory(username="commerce")
    statuses = fail(client, "commerce", settings.AXES_FAILURE_LIMIT)

    response = post_login(client, "commerce", TEST_PASSWORD)

    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "locked from your network for 15 minutes" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_lockout_one_failure_short_of_the_limit_still_logs_in(client, settings):
    UserFactory(username="commerce")
    fail(client, "commerce", settings.AXES_FAILURE_LIMIT - 1)

    assert post_login(client, "commerce", TEST_PASSWORD).status_code == 302


def test_lockout_does_not_stop_the_user_from_another_address(client, settings):
    UserFactory(username="commerce")
    fail(client, "commerce", settings.AXES_FAILURE_LIMIT, ip="203.0.113.9")

    response = post_login(Client(), "commerce", TEST_PASSWORD, ip="10.0.0.2")

    assert (response.status_code, response["Location"]) == (302, "/workspace/")


def test_lockout_does_not_stop_other_users_at_the_same_address(client, settings):
    UserFactory(username="commerce")
    UserFactory(username="changchun")
    fail(client, "commerce", settings.AXES_FAILURE_LIMIT)

    assert post_login(Client(), "changchun", TEST_PASSWORD).status_code == 302


def test_lockout_counter_is_reset_by_a_successful_login(client, settings):
    UserFactory(username="commerce")
    fail(client, "commerce", settings.AXES_FAILURE_LIMIT - 1)
    assert post_login(client, "commerce", TEST_PASSWORD).status_code == 302
    client.logout()

    fail(client, "commerce", settings.AXES_FAILURE_LIMIT - 1)

    assert post_login(client, "commerce", TEST_PASSWORD).status_code == 302


def test_lockout_ignores_x_forwarded_for_without_trusted_proxies(client, settings):
    UserFactory(username="commerce")
    for n in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "commerce", WRONG, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")

    assert post_login(client, "commerce", TEST_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.77").status_code == 429


def test_lockout_behind_a_trusted_proxy_counts_the_forwarded_address(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="commerce")
    fail(client, "commerce", settings.AXES_FAILURE_LIMIT, ip="172.16.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")

    locked = post_login(client, "commerce", TEST_PASSWORD, ip="172.16.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    other = post_login(Client(), "commerce", TEST_PASSWORD, ip="172.16.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert (locked.status_code, other.status_code) == (429, 302)


# Two-step login -----------------------------------------------------------------------------


@pytest.mark.parametrize("offices", [[Office.SECRETARIAT], [Office.PROTOCOL]])
@pytest.mark.parametrize("url", ["/staff/", "/admin/", "/staff/protocol/"])
def test_organizer_with_a_device_is_asked_for_the_code_first(client, offices, url):
    user = OrganizerFactory(username="li.na", offices=offices)
    totp_device_for(user)
    assert post_login(client, "li.na", TEST_PASSWORD).status_code == 302

    response = client.get(url)

    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/two-factor/?next={url.replace('/', '%2F')}",
    )


def test_staff_without_a_device_is_not_shown_a_secret_at_first_password_login(client):
    user = OrganizerFactory(username="li.na", offices=[Office.PROTOCOL])
    post_login(client, "li.na", TEST_PASSWORD)

    response = client.get("/admin/")
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response["Location"]) == (302, "/accounts/two-factor/enroll/?next=%2Fadmin%2F")
    assert "Ask a superuser for an enrolment link." in page.content.decode()
    assert "otp-secret" not in page.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get("/accounts/two-factor/enroll/qr.svg").status_code == 403
    assert client.get("/admin/").status_code == 302


def test_organizer_reaches_staff_pages_after_the_right_code(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = OrganizerFactory(username="li.na", offices=[Office.PROTOCOL])
    device = totp_device_for(user)
    post_login(client, "li.na", TEST_PASSWORD)
    key_after_password = client.cookies["sessionid"].value

    wrong = client.post(
        "/accounts/two-factor/", {"token": "000000", "next": "/staff/protocol/"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "This code is not valid." in wrong.content.decode()
    assert client.get("/staff/").status_code == 302
    response = client.post("/accounts/two-factor/", {"token": totp_code(device.key), "next": "/staff/protocol/"})

    assert (response.status_code, response["Location"]) == (302, "/staff/protocol/")
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.cookies["sessionid"].value != key_after_password
    assert client.get("/staff/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_used_code_does_not_verify_a_second_session(client):
    user = OrganizerFactory(username="li.na")
    device = totp_device_for(user)
    code = totp_code(device.key)
    post_login(client, "li.na", TEST_PASSWORD)
    client.post("/accounts/two-factor/", {"token": code})
    other = Client()
    post_login(other, "li.na", TEST_PASSWORD)

    response = other.post("/accounts/two-factor/", {"token": code}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert DEVICE_ID_SESSION_KEY not in other.session


def issue_link(user) -> str:
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    _link, raw = otp.enrolment_link_issue(user=user, by=superuser)
    return otp.enrolment_path(raw)


def test_enrolment_with_a_real_code_from_the_key_an_enrolment_link_shows(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = OrganizerFactory(username="organizer", is_superuser=True)
    path = issue_link(user)
    post_login(client, "organizer", TEST_PASSWORD)

    opened = client.get(f"{path}?next=/staff/")
    page = client.get("/accounts/two-factor/enroll/?next=/staff/", HTTP_ACCEPT_LANGUAGE="en")
    secret = re.search(r'<code class="otp-secret">([A-Z2-7=]+)</code>', page.content.decode()).group(1)
    qr = client.get("/accounts/two-factor/enroll/qr.svg")
    assert (opened.status_code, opened["Location"]) == (302, "/accounts/two-factor/enroll/?next=%2Fstaff%2F")
    assert (qr.status_code, qr["Content-Type"], qr["Cache-Control"]) == (
        200,
        "image/svg+xml",
        "max-age=0, no-cache, no-store, must-revalidate, private",
    )
    assert b"<svg" in qr.content
    assert client.get("/accounts/two-factor/enroll/").content.decode().count(secret) == 1
    bad = client.post("/accounts/two-factor/enroll/", {"token": "123456", "next": "/staff/"})
    assert TOTPDevice.objects.get(user=user).confirmed is False
    assert bad.status_code == 200

    response = client.post(
        "/accounts/two-factor/enroll/", {"token": totp_code(base64.b32decode(secret).hex()), "next": "/staff/"}
    )

    assert (response.status_code, response["Location"]) == (302, "/staff/")
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed is True
    assert client.get("/staff/").status_code == 200
    assert client.get("/accounts/two-factor/enroll/qr.svg").status_code == 403
    events = list(
        ActivityLog.objects.filter(action=AuditAction.OTP_DEVICE, object_id=str(user.pk))
        .order_by("pk")
        .values_list("details__event", "actor_username")
    )
    assert events == [
        ("enrolment_link_issued", "root"),
        ("created", "organizer"),
        ("enrolment_link_opened", "organizer"),
        ("confirmed", "organizer"),
    ]


def test_an_enrolment_link_shows_the_secret_to_one_session_only(client):
    user = OrganizerFactory(username="li.na")
    path = issue_link(user)
    post_login(client, "li.na", TEST_PASSWORD)
    assert client.get(path).status_code == 302
    other = Client()
    post_login(other, "li.na", TEST_PASSWORD)

    again = other.get(path, HTTP_ACCEPT_LANGUAGE="en")
    page = other.get("/accounts/two-factor/enroll/", HTTP_ACCEPT_LANGUAGE="en")

    assert again.status_code == 404
    assert "This enrolment link was already used." in again.content.decode()
    assert "otp-secret" not in page.content.decode()
    assert other.get("/accounts/two-factor/enroll/qr.svg").status_code == 403
    assert "otp-secret" in client.get("/accounts/two-factor/enroll/").content.decode()


def test_an_enrolment_link_does_nothing_for_another_account_and_stays_valid(client):
    owner = OrganizerFactory(username="li.na")
    OrganizerFactory(username="wang.lei")
    path = issue_link(owner)
    post_login(client, "wang.lei", TEST_PASSWORD)

    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert "This enrolment link is not valid for this account." in response.content.decode()
    assert not TOTPDevice.objects.exists()
    mine = Client()
    post_login(mine, "li.na", TEST_PASSWORD)
    assert mine.get(path)["Location"] == "/accounts/two-factor/enroll/"


def test_an_expired_enrolment_link_is_refused(client, settings):
    settings.OTP_ENROLMENT_LINK_HOURS = 0
    user = OrganizerFactory(username="li.na")
    path = issue_link(user)
    post_login(client, "li.na", TEST_PASSWORD)

    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert "This enrolment link has expired." in response.content.decode()
    assert not TOTPDevice.objects.exists()


def test_an_enrolment_link_is_stored_as_a_hash_and_a_new_one_replaces_it():
    user = OrganizerFactory(username="li.na")
    superuser = UserFactory(is_staff=True, is_superuser=True)
    first, first_raw = otp.enrolment_link_issue(user=user, by=superuser)
    second, second_raw = otp.enrolment_link_issue(user=user, by=superuser)

    first.refresh_from_db()
    assert first.token_hash == hashlib.sha256(first_raw.encode()).hexdigest()
    assert first_raw not in str(EnrolmentLink.objects.values_list("token_hash", flat=True))
    assert first.expires_at <= timezone.now() < second.expires_at
    with pytest.raises(otp.EnrolmentRefused):
        otp.enrolment_link_open(raw=first_raw, user=user)
    assert otp.enrolment_link_open(raw=second_raw, user=user).confirmed is False


def test_only_a_superuser_issues_an_enrolment_link(english):
    user = OrganizerFactory(username="li.na")
    secretariat = OrganizerFactory(offices=[Office.SECRETARIAT])

    with pytest.raises(otp.EnrolmentRefused, match="Only a superuser may issue an enrolment link."):
        otp.enrolment_link_issue(user=user, by=secretariat)
    assert not EnrolmentLink.objects.exists()


def test_no_enrolment_link_for_an_account_that_has_a_device(english):
    user = OrganizerFactory(username="li.na")
    totp_device_for(user)

    with pytest.raises(otp.EnrolmentRefused, match="already has a two-step device"):
        otp.enrolment_link_issue(user=user, by=UserFactory(is_staff=True, is_superuser=True))


def test_superuser_issues_an_enrolment_link_from_the_user_admin(client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    user = OrganizerFactory(username="li.na")
    client.force_login(root)

    response = client.post(
        "/admin/expo/user/",
        {"action": "issue_enrolment_link", "_selected_action": [user.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    url = re.search(r'value="(http://testserver/accounts/two-factor/enroll/[^"/]+/)"', response.content.decode()).group(
        1
    )
    link = EnrolmentLink.objects.get()
    assert (link.user, link.issued_by, link.used_at) == (user, root, None)
    assert link.token_hash == hashlib.sha256(url.rsplit("/", 2)[1].encode()).hexdigest()


def test_secretariat_cannot_issue_an_enrolment_link_from_the_user_admin(client):
    secretariat = OrganizerFactory(offices=[Office.SECRETARIAT])
    user = OrganizerFactory(username="li.na")
    client.force_login(secretariat)

    page = client.get("/admin/expo/user/")
    response = client.post("/admin/expo/user/", {"action": "issue_enrolment_link", "_selected_action": [user.pk]})

    assert 'value="issue_enrolment_link"' not in page.content.decode()
    assert response.status_code == 302  # "no action selected": the action is not offered
    assert not EnrolmentLink.objects.exists()


def test_wrong_codes_in_a_row_are_throttled_and_then_even_the_right_one_waits(client):
    device = totp_device_for(OrganizerFactory(username="li.na"))
    post_login(client, "li.na", TEST_PASSWORD)

    first = client.post("/accounts/two-factor/", {"token": "000000"}, HTTP_ACCEPT_LANGUAGE="en")
    right_too_soon = client.post("/accounts/two-factor/", {"token": totp_code(device.key)}, HTTP_ACCEPT_LANGUAGE="en")

    assert "This code is not valid." in first.content.decode()
    assert "Too many wrong codes." in right_too_soon.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_enrolment_is_not_offered_once_a_device_is_confirmed(client):
    totp_device_for(OrganizerFactory(username="li.na"))
    post_login(client, "li.na", TEST_PASSWORD)

    assert (
        client.get("/accounts/two-factor/enroll/?next=/staff/")["Location"] == "/accounts/two-factor/?next=%2Fstaff%2F"
    )
    assert client.get("/accounts/two-factor/enroll/qr.svg").status_code == 403


def test_two_factor_pages_send_elsewhere_only_to_this_site(client):
    totp_device_for(OrganizerFactory(username="li.na"))
    post_login(client, "li.na", TEST_PASSWORD)
    device = TOTPDevice.objects.get()

    response = client.post("/accounts/two-factor/", {"token": totp_code(device.key), "next": "https://evil.example/"})

    assert response["Location"] == "/staff/"


def test_member_unit_and_exhibitor_users_are_not_asked_for_a_code(client):
    MemberUnitUserFactory(username="commerce")
    ExhibitorMemberFactory(user__username="exhibitor1")

    post_login(client, "commerce", TEST_PASSWORD)
    portal = client.get("/portal/")
    exhibitor = Client()
    post_login(exhibitor, "exhibitor1", TEST_PASSWORD)

    assert (portal.status_code, exhibitor.get("/exhibitor/").status_code) == (200, 200)
    assert client.get("/accounts/two-factor/?next=/portal/")["Location"] == "/portal/"


# Sessions -------------------------------------------------------------------------------------


def test_login_gives_a_new_session_key(client):
    MemberUnitUserFactory(username="commerce")
    client.get("/accounts/login/")
    session = client.session
    session["before"] = "login"
    session.save()
    before = session.session_key

    post_login(client, "commerce", TEST_PASSWORD)

    assert client.session.session_key != before
    assert client.session[SESSION_KEY]


def shift_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"login": LOGIN_AT, "seen": SEEN_AT}[key]] = now - ago
    session.save()


def test_session_ends_after_the_idle_timeout(client, settings):
    client.force_login(MemberUnitUserFactory())
    shift_session(client, seen=settings.SESSION_IDLE_SECONDS + 1)

    response = client.get("/portal/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/portal/")
    assert SESSION_KEY not in client.session


def test_session_within_the_idle_timeout_goes_on_and_is_stamped(client, settings):
    client.force_login(MemberUnitUserFactory())
    shift_session(client, seen=settings.SESSION_IDLE_SECONDS - 5)

    assert client.get("/portal/").status_code == 200
    assert int(time.time()) - client.session[SEEN_AT] < 5


def test_session_ends_after_the_absolute_lifetime_even_when_active(client, settings):
    client.force_login(OrganizerFactory())
    shift_session(client, login=settings.SESSION_COOKIE_AGE + 1, seen=10)

    response = client.get("/staff/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/staff/")


@pytest.mark.slow
def test_session_lifetimes_come_from_the_environment():
    from tests.helpers import clean_env, run_python

    env = clean_env(
        SECRET_KEY="x" * 20,
        DEBUG="true",
        DATABASE_URL="sqlite:////tmp/unused.sqlite3",
        CELERY_BROKER_URL="memory://",
        SESSION_IDLE_SECONDS="600",
        SESSION_ABSOLUTE_SECONDS="3600",
        AXES_FAILURE_LIMIT="7",
    )
    code = "import django; django.setup(); from django.conf import settings as s; print(s.SESSION_IDLE_SECONDS, s.SESSION_COOKIE_AGE, s.AXES_FAILURE_LIMIT)"

    result = run_python(code, env)

    assert result.stdout.split() == ["600", "3600", "7"], result.stderr


def test_disabling_a_user_ends_all_their_sessions(client):
    user = MemberUnitUserFactory()
    other = MemberUnitUserFactory()
    second = Client()
    client.force_login(user)
    second.force_login(user)
    Client().force_login(other)

    user.is_active = False
    user.save()

    remaining = [s.get_decoded().get(SESSION_KEY) for s in Session.objects.all()]
    assert remaining == [str(other.pk)]
    assert client.get("/portal/").status_code == 302


def test_saving_an_active_user_keeps_their_sessions(client):
    user = MemberUnitUserFactory()
    client.force_login(user)

    user.first_name = "Wei"
    user.save()

    assert Session.objects.count() == 1


def test_deleting_a_users_device_ends_their_sessions(client):
    user = OrganizerFactory()
    client.force_login(user)

    TOTPDevice.objects.filter(user=user).delete()

    assert Session.objects.count() == 0


# Passwords -------------------------------------------------------------------------------------


def test_password_of_eleven_characters_is_refused(english):
    with pytest.raises(ValidationError) as refused:
        validate_password("Qx7-mute-fj")

    assert refused.value.messages == ["This password is too short. It must contain at least 12 characters."]


def test_password_of_twelve_characters_is_accepted():
    assert validate_password("Qx7-mute-fjr") is None


def test_password_change_refuses_eleven_characters(client):
    user = MemberUnitUserFactory()
    client.force_login(user)

    response = client.post(
        "/accounts/password_change/",
        {"old_password": TEST_PASSWORD, "new_password1": "Qx7-mute-fj", "new_password2": "Qx7-mute-fj"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_otp_code_command_prints_the_code_the_page_accepts(client, settings):
    import io

    from django.core.management import call_command

    settings.DEBUG = True
    user = OrganizerFactory(username="organizer")
    path = issue_link(user)
    post_login(client, "organizer", TEST_PASSWORD)
    client.get(path)
    out = io.StringIO()

    call_command("otp_code", "organizer", stdout=out)
    response = client.post("/accounts/two-factor/enroll/", {"token": out.getvalue().strip(), "next": "/staff/"})

    assert (response.status_code, response["Location"]) == (302, "/staff/")


def test_otp_code_command_refuses_without_debug(settings):
    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    OrganizerFactory(username="organizer")

    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("otp_code", "organizer")


def test_otp_enrolment_link_command_prints_a_link_for_the_first_superuser():
    import io

    from django.core.management import call_command

    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    out = io.StringIO()

    call_command("otp_enrolment_link", "root", stdout=out, stderr=io.StringIO())

    path = out.getvalue().strip()
    assert path.startswith("/accounts/two-factor/enroll/")
    assert EnrolmentLink.objects.get().user == user
    assert otp.enrolment_link_open(raw=path.rsplit("/", 2)[1], user=user).user == user


@pytest.mark.parametrize("token", ["x", "A" * 5000, "%E4%B8%AD%E6%96%87", "..%5C..%5Cadmin"])
def test_a_made_up_enrolment_link_is_refused_with_a_message(client, token):
    OrganizerFactory(username="li.na")
    post_login(client, "li.na", TEST_PASSWORD)

    response = client.get(f"/accounts/two-factor/enroll/{token}/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert "This enrolment link is not valid for this account." in response.content.decode()
    assert not TOTPDevice.objects.exists()


def test_enrolment_links_are_listed_for_superusers_only(client):
    user = OrganizerFactory(username="li.na")
    issue_link(user)
    client.force_login(OrganizerFactory(offices=[Office.SECRETARIAT]))
    refused = client.get("/admin/expo/enrolmentlink/")
    client.force_login(get_user_model().objects.get(username="root"))

    response = client.get("/admin/expo/enrolmentlink/")

    assert refused.status_code == 403
    assert [link.user for link in response.context["cl"].result_list] == [user]
    assert "token_hash" not in response.content.decode()


@pytest.mark.parametrize("item_count", [1, 30])
def test_enrolment_link_list_runs_constant_queries(client, item_count, django_assert_num_queries):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    for _ in range(item_count):
        otp.enrolment_link_issue(user=OrganizerFactory(), by=root)
    client.force_login(root)
    client.get("/admin/expo/enrolmentlink/")

    # session, user, the counts of rows, the rows with their users (one join)
    with django_assert_num_queries(5):
        response = client.get("/admin/expo/enrolmentlink/")

    assert len(response.context["cl"].result_list) == item_count

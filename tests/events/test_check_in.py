import datetime
import re

import pytest
from django.utils import timezone

from events.models import CheckIn
from tests.factories import (
    AttendeeFactory,
    MemberUnitFactory,
    MemberUnitUserFactory,
    OrganizerFactory,
    UserFactory,
    exhibitor_user,
)

pytestmark = pytest.mark.django_db

URL = "/staff/check-in/"
CODE = "HBKM234567"


@pytest.fixture
def organizer():
    return OrganizerFactory()


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


@pytest.fixture
def merchant(edition):
    return AttendeeFactory(
        edition=edition,
        kind="merchant",
        name="Kim Min-jun",
        organization="Hanbit Trading Co., Ltd.",
        country="KR",
        code=CODE,
    )


def scan(client, code):
    return client.post(URL, {"code": code}, HTTP_ACCEPT_LANGUAGE="en")


def today_at(hour, minute):
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(hour, minute)))


def check_in_on(attendee, day):
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    return CheckIn.objects.create(attendee=attendee, day=day, at=at)


# Access -------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_check_in_sends_anonymous_users_to_login(client, edition, method):
    response = getattr(client, method)(URL)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/staff/check-in/"


@pytest.mark.parametrize("make_user", [MemberUnitUserFactory, exhibitor_user, UserFactory])
def test_check_in_refuses_non_organizers(client, merchant, make_user):
    client.force_login(make_user())

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"code": CODE}).status_code == 403
    assert CheckIn.objects.count() == 0


def test_check_in_without_any_edition_is_not_found(organizer_client):
    assert organizer_client.get(URL).status_code == 404


# The form -------------------------------------------------------------------------------


def test_check_in_page_shows_a_focused_empty_input(organizer_client, edition):
    response = organizer_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Check-in desk</h1>" in html
    assert "13th China-Northeast Asia Expo" in html
    assert (
        '<input type="text" name="code" autofocus autocomplete="off" autocapitalize="characters" spellcheck="false" '
        'enterkeyhint="go" class="scan__input" placeholder="Scan the badge or type its code" maxlength="300" '
        'required id="id_code">'
    ) in html
    assert "scan-result" not in html
    assert "Nobody has checked in yet." in html
    assert "style=" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None  # no inline script, only files


def test_check_in_of_a_merchant(organizer_client, organizer, merchant):
    response = scan(organizer_client, CODE)

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<section class="scan-result scan-result--ok" role="status">\n'
        '      <p class="scan-result__title">Checked in: <strong><span data-user-content>Kim Min-jun</span></strong> · <span data-user-content>Hanbit Trading Co., Ltd.</span> · '
        "merchant (trade visitor) · South Korea</p>"
    ) in html
    check_in = CheckIn.objects.get()
    assert (check_in.attendee, check_in.day, check_in.by) == (merchant, timezone.localdate(), organizer)
    # The form again, empty and focused, for the next badge.
    assert 'name="code" autofocus' in html
    assert "value=" not in html.split('name="code"')[1].split(">")[0]
    # The figures are on the desk's page, not on every scan's answer.
    assert "<dt>Checked in today</dt>" not in html
    assert "See the attendance figures" in html
    assert (
        "<dt>Checked in today</dt><dd>1</dd>" in organizer_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_a_scan_sent_by_the_desks_page_gets_the_result_and_the_next_form_alone(organizer_client, merchant):
    """The desk's page posts each scan with htmx and swaps the answer in place: the answer is
    the result and the empty, focused form, without the layout, the menus or the figures."""
    page = organizer_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'hx-post="/staff/check-in/" hx-target="#scan" hx-swap="outerHTML"' in page
    assert '<div id="scan" class="scan-area">' in page
    assert "vendor/htmx/htmx.min.js" in page

    response = organizer_client.post(URL, {"code": CODE}, HTTP_ACCEPT_LANGUAGE="en", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="scan" class="scan-area">')
    assert '<section class="scan-result scan-result--ok" role="status">' in html
    assert "Kim Min-jun" in html
    assert 'name="code" autofocus' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "<html" not in html
    assert "topbar" not in html
    assert "<dt>Checked in today</dt>" not in html
    assert CheckIn.objects.filter(attendee=merchant).count() == 1

    again = organizer_client.post(URL, {"code": CODE}, HTTP_ACCEPT_LANGUAGE="en", HTTP_HX_REQUEST="true")
    assert "scan-result--refused" in again.content.decode()
    assert CheckIn.objects.filter(attendee=merchant).count() == 1


def test_an_empty_scan_sent_by_htmx_says_why_in_the_form(organizer_client, edition):
    response = organizer_client.post(URL, {"code": ""}, HTTP_ACCEPT_LANGUAGE="en", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<p class="error">Scan a badge or type its code first.</p>' in html
    assert "<html" not in html


def test_a_scan_sent_by_htmx_does_no_more_queries_than_the_whole_page(organizer_client, merchant):
    """No menus, no layout: the htmx answer does the scan's queries and nothing else."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as whole:
        scan(organizer_client, "NOSUCHBADGE1")
    with CaptureQueriesContext(connection) as partial:
        organizer_client.post(URL, {"code": "NOSUCHBADGE2"}, HTTP_HX_REQUEST="true")
    assert len(partial) <= len(whole)


def test_check_in_speaks_chinese_by_default(organizer_client, merchant):
    html = organizer_client.post(URL, {"code": CODE}).content.decode()

    assert "scan-result--ok" in html
    assert "韩国" in html


@pytest.mark.parametrize(
    "typed", ["hbkm-2345 67", "  Hbkm 234 567 ", "https://expo.example.org/programme/badge/HBKM234567/"]
)
def test_check_in_accepts_a_code_as_people_type_it_or_scanners_read_it(organizer_client, merchant, typed):
    html = scan(organizer_client, typed).content.decode()

    assert "Checked in: <strong><span data-user-content>Kim Min-jun</span></strong>" in html
    assert CheckIn.objects.filter(attendee=merchant).count() == 1


def test_check_in_of_an_unknown_code_is_refused(organizer_client, merchant):
    html = scan(organizer_client, "HBKM234568").content.decode()

    assert '<section class="scan-result scan-result--refused" role="alert">' in html
    assert '<p class="scan-result__title">Not checked in</p>' in html
    assert (
        '<p class="scan-result__message">Unknown code “HBKM234568”: no badge has it. '
        "Check the code or send the person to the registration desk.</p>"
    ) in html
    assert CheckIn.objects.count() == 0


def test_check_in_of_a_badge_of_another_edition_is_refused(organizer_client, edition):
    AttendeeFactory(edition=edition.previous, name="Park Ji-woo", code="PJW2345678")

    html = scan(organizer_client, "PJW2345678").content.decode()

    assert (
        '<p class="scan-result__title">Not checked in: <strong><span data-user-content>Park Ji-woo</span></strong></p>'
        in html
    )
    assert (
        '<p class="scan-result__message">This badge is for the 12th China-Northeast Asia Expo, not this edition.</p>'
    ) in html
    assert CheckIn.objects.count() == 0


def test_check_in_of_an_online_visitor_is_refused(organizer_client, edition):
    AttendeeFactory(edition=edition, kind="online_visitor", name="Sato Yui", code="SY23456789")

    html = scan(organizer_client, "SY23456789").content.decode()

    assert (
        '<p class="scan-result__title">Not checked in: <strong><span data-user-content>Sato Yui</span></strong></p>'
        in html
    )
    assert (
        '<p class="scan-result__message">Sato Yui is registered as an online visitor, without a badge for the venue.</p>'
    ) in html
    assert CheckIn.objects.count() == 0


def test_check_in_twice_in_a_day_says_when_the_first_was(organizer_client, merchant):
    CheckIn.objects.create(attendee=merchant, day=timezone.localdate(), at=today_at(9, 30))

    html = scan(organizer_client, CODE).content.decode()

    assert (
        '<p class="scan-result__title">Not checked in: <strong><span data-user-content>Kim Min-jun</span></strong></p>'
        in html
    )
    # The time as the service writes it: Django's English TIME_FORMAT, or a 24-hour clock.
    assert re.search(
        r'<p class="scan-result__message">Kim Min-jun already checked in today at (9:30 a\.m\.|09:30)', html
    )
    assert CheckIn.objects.count() == 1


def test_check_in_without_a_code_asks_for_one(organizer_client, edition):
    html = scan(organizer_client, "  ").content.decode()

    assert '<p class="error">Scan a badge or type its code first.</p>' in html
    assert "scan-result" not in html
    assert CheckIn.objects.count() == 0


# The figures -----------------------------------------------------------------------------


def test_check_in_page_counts_by_day_kind_and_inviting_unit(organizer_client, edition):
    changchun = MemberUnitFactory(name_en="Changchun Municipal People's Government")
    commerce = MemberUnitFactory(name_en="Department of Commerce of Jilin Province")
    first_day, second_day = datetime.date(2021, 8, 23), datetime.date(2021, 8, 24)
    kim = AttendeeFactory(edition=edition, country="KR", invited_by=changchun)
    ivanov = AttendeeFactory(edition=edition, country="RU", invited_by=changchun)
    bat = AttendeeFactory(edition=edition, country="MN", invited_by=commerce)
    AttendeeFactory(edition=edition, country="KR")
    reporter = AttendeeFactory(edition=edition, kind="media", country="CN")
    AttendeeFactory(edition=edition, kind="guest", country="JP")
    AttendeeFactory.create_batch(2, edition=edition, kind="online_visitor")
    for attendee in (kim, ivanov, reporter):
        check_in_on(attendee, first_day)
    check_in_on(kim, second_day)
    check_in_on(bat, second_day)
    check_in_on(AttendeeFactory(edition=edition.previous, invited_by=commerce), first_day)

    html = organizer_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    by_day = (
        '<tr><td>2021-08-23 Mon <span class="muted">· day 1</span></td><td class="num">3</td><td class="num">2</td></tr>',
        '<tr><td>2021-08-24 Tue <span class="muted">· day 2</span></td><td class="num">2</td><td class="num">2</td></tr>',
        '<tfoot><tr><th>Total</th><th class="num">5</th><th class="num">4</th></tr></tfoot>',
    )
    for row in by_day:
        assert row in html
    kinds = (
        '<tr><td>merchant (trade visitor)</td><td class="num">4</td></tr>',
        '<tr><td>online visitor</td><td class="num">2</td></tr>',
        '<tr><td>media</td><td class="num">1</td></tr>',
        '<tr><td>guest</td><td class="num">1</td></tr>',
        '<tfoot><tr><th>Total</th><th class="num">8</th></tr></tfoot>',
    )
    for row in kinds:
        assert row in html
    assert '<tr><td>Registered merchants</td><td class="num">4</td></tr>' in html
    assert '<tr><td>Countries and regions they come from</td><td class="num">3</td></tr>' in html
    changchun_row = '<tr><td>Changchun Municipal People&#x27;s Government</td><td class="num">2</td></tr>'
    commerce_row = '<tr><td>Department of Commerce of Jilin Province</td><td class="num">1</td></tr>'
    assert html.index(changchun_row) < html.index(commerce_row)
    assert '<tr><td class="muted">Not invited by a member unit</td><td class="num">1</td></tr>' in html
    assert "<dt>Check-ins, all days</dt><dd>5</dd>" in html
    assert "<dt>Registered attendees</dt><dd>8</dd>" in html


# Queries -----------------------------------------------------------------------------------


def populate(edition, item_count):
    """item_count merchants, each invited by a unit of their own, checked in over the days."""
    for i in range(item_count):
        attendee = AttendeeFactory(
            edition=edition, invited_by=MemberUnitFactory(), country=["KR", "RU", "MN", "JP"][i % 4]
        )
        check_in_on(attendee, edition.start_date + datetime.timedelta(days=i % 5))


@pytest.mark.parametrize("item_count", [1, 30])
def test_check_in_page_queries_are_constant(organizer_client, edition, item_count, django_assert_num_queries):
    populate(edition, item_count)

    # Session, user, the user's offices (navigation), edition, then check-ins by day,
    # attendees by kind, merchants, units.
    with django_assert_num_queries(8):
        response = organizer_client.get(URL)

    assert response.status_code == 200


@pytest.mark.parametrize("item_count", [1, 30])
def test_check_in_scan_queries_are_constant(organizer_client, edition, item_count, django_assert_num_queries):
    populate(edition, item_count)
    newcomer = AttendeeFactory(edition=edition, code="NEW2345678")

    # Session, user, the user's offices, edition, and the badge's holder, a savepoint, the
    # edition's status (a closed edition takes no check-in), the check-in and its release: no
    # figures on a scan.
    with django_assert_num_queries(9):
        response = organizer_client.post(URL, {"code": "NEW2345678"})

    assert response.status_code == 200
    assert CheckIn.objects.filter(attendee=newcomer).count() == 1


@pytest.mark.parametrize("item_count", [1, 30])
def test_check_in_figures_are_counted_once_per_refresh_period(
    organizer_client, edition, item_count, settings, django_assert_num_queries
):
    """The four queries over the whole edition run for the first viewer of each period only;
    the others read the figures every process shares (expo.figures_cache): 4 queries whatever
    the size of the edition."""
    settings.FIGURES_REFRESH_SECONDS = 30
    populate(edition, item_count)
    first = organizer_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    check_in_on(AttendeeFactory(edition=edition), timezone.localdate())

    # Session, user, the user's offices (navigation); the edition is kept by the process
    # (expo.edition_memo): no figure counted again.
    with django_assert_num_queries(3):
        again = organizer_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    figures = re.compile(r"<dt>Check-ins, all days</dt><dd>(\d+)</dd>")
    assert figures.search(again).group(1) == figures.search(first).group(1) == str(item_count)
    assert re.search(r"Counted at \d\d:\d\d:\d\d; counted again at most every 30 seconds\.", again)


def test_check_in_figures_are_live_without_a_refresh_period(organizer_client, edition, settings):
    settings.FIGURES_REFRESH_SECONDS = 0
    populate(edition, 3)
    organizer_client.get(URL)
    check_in_on(AttendeeFactory(edition=edition), timezone.localdate())

    html = organizer_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "<dt>Check-ins, all days</dt><dd>4</dd>" in html
    assert "Counted at" not in html

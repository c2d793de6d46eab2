"""A visitor in the browser: filters the programme (the results change in place, the page is
not reloaded, the address follows), stars two sessions after logging in, opens My agenda with
the clash marked, and downloads the agenda's iCalendar feed. The programme and the agenda fit
390 and 1366 px with no serious axe-core violation; screenshots in var/screenshots/."""

import datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from events.models import AgendaEntry
from tests.conftest import DEMO_PASSWORD
from tests.e2e.ui import assert_fits_and_accessible
from tests.factories import EditionFactory, EventFactory, RoomFactory, UserFactory, VenueFactory
from tests.helpers import finish_login

pytestmark = pytest.mark.e2e
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def programme(transactional_db):
    start = datetime.date.today() + datetime.timedelta(days=30)
    edition = EditionFactory(
        number=14, year=start.year, is_current=True, start_date=start, end_date=start + datetime.timedelta(days=2)
    )
    center = VenueFactory(name_en="Changchun International Exhibition Center", name_zh="长春国际会展中心")
    hotel = VenueFactory(name_en="Shangri-La Hotel", name_zh="香格里拉大酒店")

    def at(day, hour, minute=0):
        return datetime.datetime.combine(start + datetime.timedelta(days=day), datetime.time(hour, minute), SHANGHAI)

    events = [
        (
            "main_forum",
            "High-level Forum on Northeast Asia Cooperation",
            "东北亚合作高层论坛",
            center,
            at(0, 9),
            at(0, 11),
        ),
        (
            "supporting_conference",
            "Northeast Asia Business Cooperation Forum",
            "东北亚工商合作论坛",
            center,
            at(0, 10),
            at(0, 12),
        ),
        ("supporting_conference", "Digital Trade Conference", "数字贸易大会", hotel, at(0, 14), at(0, 16)),
        ("theme_activity", "Changchun Auto Industry Day", "长春汽车产业日", hotel, at(1, 9, 30), at(1, 11)),
        (
            "signing_ceremony",
            "Signing Ceremony of Cooperation Projects",
            "合作项目签约仪式",
            center,
            at(2, 15),
            at(2, 16),
        ),
    ]
    for kind, title_en, title_zh, venue, starts, ends in events:
        EventFactory(
            edition=edition,
            kind=kind,
            title_en=title_en,
            title_zh=title_zh,
            room=RoomFactory(venue=venue, name_en=f"Room {title_en[:6]}"),
            starts_at=starts,
            ends_at=ends,
        )
    return edition


def test_visitor_filters_stars_opens_the_agenda_and_downloads_the_feed(live_server, programme, page, screenshots):
    visitor = UserFactory(username="park", password=DEMO_PASSWORD)
    base = live_server.url
    page.goto(f"{base}/programme/")
    expect(page.locator("#programme-results")).to_contain_text("Digital Trade Conference")

    # Filtering updates the results in place: a mark left on the window survives.
    page.evaluate("() => { window.__agendaMarker = 'still here'; }")
    page.select_option("#f-kind", "supporting_conference")
    expect(page).to_have_url(f"{base}/programme/?q=&day=&kind=supporting_conference&venue=")
    results = page.locator("#programme-results")
    expect(results).not_to_contain_text("High-level Forum on Northeast Asia Cooperation")
    expect(results).to_contain_text("Northeast Asia Business Cooperation Forum")
    page.fill("#f-q", "digital")
    expect(results).not_to_contain_text("Northeast Asia Business Cooperation Forum")
    expect(results).to_contain_text("Digital Trade Conference")
    assert page.evaluate("() => window.__agendaMarker") == "still here"
    page.fill("#f-q", "")
    expect(results).to_contain_text("Northeast Asia Business Cooperation Forum")

    # Anonymous: the star leads to logging in (or registering), then back to the same filters.
    page.locator("a.star").first.click()
    expect(page.get_by_role("link", name="Register as a visitor")).to_be_visible()
    page.locator("main").get_by_role("link", name="Log in", exact=True).click()
    page.fill("#id_username", "park")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    finish_login(page, "park")
    expect(page).to_have_url(f"{base}/programme/?q=&day=&kind=supporting_conference&venue=")

    # Two sessions starred in place: only the buttons change.
    page.evaluate("() => { window.__agendaMarker = 'after login'; }")
    page.select_option("#f-kind", "")
    expect(results).to_contain_text("High-level Forum on Northeast Asia Cooperation")
    for title in ("High-level Forum on Northeast Asia Cooperation", "Northeast Asia Business Cooperation Forum"):
        session = page.locator("li.session", has=page.get_by_role("link", name=title, exact=True))
        session.get_by_role("button", name="Add to my agenda").click()
        expect(session.get_by_role("button", name="In my agenda: remove")).to_be_visible()
    assert page.evaluate("() => window.__agendaMarker") == "after login"
    assert AgendaEntry.objects.filter(user=visitor).count() == 2
    screenshots(page, "agenda-programme-1280")

    # My agenda: time order, the overlap marked; the calendar link made and downloaded.
    page.get_by_role("link", name="My agenda").first.click()
    expect(page.locator("h1")).to_have_text("My agenda")
    sessions = page.locator("li.session")
    expect(sessions).to_have_count(2)
    expect(sessions.first).to_contain_text("High-level Forum on Northeast Asia Cooperation")
    expect(page.locator(".session--clash")).to_have_count(2)
    page.get_by_role("button", name="Make my calendar link").click()
    expect(page.locator(".message--success")).to_contain_text("Your calendar link is ready")
    feed_url = page.locator("#agenda-feed-url").input_value()
    assert feed_url.startswith(f"{base}/programme/agenda/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my agenda (iCalendar)").click()
    body = Path(download_info.value.path()).read_bytes()
    calendar = Calendar.from_ical(body)
    assert sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT")) == [
        "High-level Forum on Northeast Asia Cooperation",
        "Northeast Asia Business Cooperation Forum",
    ]
    # The feed answers a calendar application without any login.
    fetched = page.context.browser.new_context().request.get(feed_url)
    assert fetched.status == 200
    assert fetched.headers["content-type"] == "text/calendar; charset=utf-8"

    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path, name in (("/programme/", "programme"), ("/programme/agenda/", "agenda")):
            page.goto(f"{base}{path}")
            assert_fits_and_accessible(page, f"{path} at {width} px")
            screenshots(page, f"agenda-{name}-{width}")

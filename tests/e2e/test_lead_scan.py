"""An exhibitor's staff read a visitor's badge QR code on the leads page, in the browser:
the picture goes through the page's file input (the phone's "take a photo" fallback, and
the one way a headless browser can show the page a QR code reliably), jsQR decodes it, and
the code lands in the form."""

import pytest
from playwright.sync_api import expect

from events.badges import badge_qr_png
from matchmaking.models import Lead
from tests.factories import TEST_PASSWORD, AttendeeFactory, EditionFactory, ExhibitorFactory, exhibitor_user

pytestmark = pytest.mark.e2e


def test_scanning_a_badge_picture_fills_the_code_and_saves_the_lead(live_server, page, transactional_db, tmp_path):
    edition = EditionFactory(number=13, is_current=True)
    visitor = AttendeeFactory(edition=edition, name="Sato Haruki", organization="Niigata Machinery")
    exhibitor = ExhibitorFactory(name_en="Guanghua Equipment")
    user = exhibitor_user(exhibitor=exhibitor)
    picture = tmp_path / "badge.png"
    picture.write_bytes(badge_qr_png(attendee=visitor))

    page.goto(f"{live_server.url}/accounts/login/?next=/exhibitor/leads/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_have_text("Leads")

    expect(page.locator("[data-scanner-file-label]")).to_be_visible()
    expect(page.locator("form[data-scanner-ready]")).to_have_count(1)  # the script's listeners are in place
    page.locator("[data-scanner-file]").set_input_files(str(picture))
    # The status first: when the picture is not decoded, it says why.
    expect(page.locator("[data-scanner-status]")).to_contain_text(visitor.code, timeout=30_000)  # decoded in the page
    expect(page.locator("#id_code")).to_have_value(visitor.code)
    page.select_option("#id_rating", "4")
    page.fill("#id_note", "Wants the robot welding line")
    page.get_by_role("button", name="Save the lead").click()

    expect(page.locator(".message--success")).to_contain_text("Lead saved: Sato Haruki.")
    expect(page.locator("table")).to_contain_text("Niigata Machinery")
    lead = Lead.objects.get()
    assert (lead.exhibitor, lead.attendee, lead.rating, lead.note) == (
        exhibitor,
        visitor,
        4,
        "Wants the robot welding line",
    )


def test_a_picture_without_a_qr_code_says_so(live_server, page, transactional_db, tmp_path):
    from tests.security.test_access_matrix import PNG

    EditionFactory(number=13, is_current=True)
    user = exhibitor_user()
    picture = tmp_path / "blank.png"
    picture.write_bytes(PNG)

    page.goto(f"{live_server.url}/accounts/login/?next=/exhibitor/leads/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("[data-scanner-file-label]")).to_be_visible()
    expect(page.locator("form[data-scanner-ready]")).to_have_count(1)  # the script's listeners are in place
    page.locator("[data-scanner-file]").set_input_files(str(picture))

    # The picture is read and decoded in the page: give a loaded machine time.
    expect(page.locator("[data-scanner-status]")).to_contain_text("No QR code found in this picture", timeout=30_000)
    expect(page.locator("#id_code")).to_have_value("")

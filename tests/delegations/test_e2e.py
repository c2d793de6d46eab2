import pytest
from playwright.sync_api import expect

from expo.enums import Office
from tests.delegations.factories import DelegateFactory, DelegationFactory, EventAttendanceFactory, TravelFactory, at
from tests.factories import TEST_PASSWORD, EventFactory, OrganizerFactory
from tests.helpers import finish_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_protocol_officer_reads_the_days_arrivals_and_a_warning(live_server, page, screenshots, edition13):
    OrganizerFactory(username="li.na", offices=[Office.PROTOCOL])
    mongolia = DelegationFactory(edition=edition13, country="MN", liaison_name="王磊")
    head = DelegateFactory(delegation=mongolia, name_latin="Dorj Batbayar", name_original="Дорж Батбаяр", is_head=True)
    TravelFactory(delegate=head, at=at(22, 17, 5), number="OM 2107")
    TravelFactory(
        delegate__delegation=mongolia, delegate__name_latin="Bold Enkhtuya", at=at(22, 9, 40), number="CA 1615"
    )
    roundtable = EventFactory(
        edition=edition13,
        title_en="The 2nd Northeast Asia Cooperation Roundtable",
        starts_at=at(22, 15),
        ends_at=at(22, 17, 30),
    )
    EventAttendanceFactory(delegate=head, event=roundtable)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "li.na")
    page.fill("#id_password", TEST_PASSWORD)
    page.click("form.form button[type=submit]")
    finish_login(page, "li.na")
    page.goto(f"{live_server.url}/staff/protocol/?day=2021-09-22")

    expect(page.locator("h1")).to_have_text("Protocol desk")
    rows = page.locator("#arrivals tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("09:40")
    expect(rows.nth(0)).to_contain_text("Bold Enkhtuya")
    expect(rows.nth(1)).to_contain_text("Dorj Batbayar")
    expect(rows.nth(1)).to_contain_text("+86 138 0000 0012")
    expect(page.locator(".warning--late_arrival")).to_contain_text(
        "arrives at 09-22 17:05 (OM 2107), after The 2nd Northeast Asia Cooperation Roundtable starts at 09-22 15:00"
    )
    screenshots(page, "delegations-protocol-desk")

import pytest

from events.selectors import municipalities_without_theme_activity
from expo.enums import Office
from tests.factories import EditionFactory, EventFactory, MemberUnitFactory, OrganizerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    edition = EditionFactory(number=13, is_current=True)
    changchun = MemberUnitFactory(kind="municipality", name_en="Changchun", sort_order=1)
    siping = MemberUnitFactory(kind="municipality", name_en="Siping", sort_order=2)
    baicheng = MemberUnitFactory(kind="municipality", name_en="Baicheng", sort_order=3)
    commerce = MemberUnitFactory(kind="provincial_department", name_en="Department of Commerce")
    EventFactory(edition=edition, kind="theme_activity", organizer=changchun)
    EventFactory(edition=edition, kind="supporting_conference", organizer=siping)
    EventFactory(edition=EditionFactory(number=12), kind="theme_activity", organizer=baicheng)
    EventFactory(edition=edition, kind="theme_activity", organizer=commerce)
    return edition, [changchun, siping, baicheng]


def test_municipalities_without_a_theme_activity_in_the_edition(setup):
    edition, (_changchun, siping, baicheng) = setup

    assert list(municipalities_without_theme_activity(edition=edition)) == [siping, baicheng]


def test_the_staff_dashboard_lists_them(client, setup):
    # The secretariat's work: an organizer of another office does not get it on the dashboard.
    client.force_login(OrganizerFactory(offices=[Office.PROTOCOL]))
    assert "have none yet" not in client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.force_login(OrganizerFactory(offices=[Office.SECRETARIAT]))

    html = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "2 have none yet:" in html
    assert "<strong>Siping</strong>" in html
    assert "<strong>Baicheng</strong>" in html
    assert "<strong>Changchun</strong>" not in html

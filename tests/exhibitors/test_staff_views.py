import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from exhibitors.models import BoothApplication
from tests.factories import (
    BoothFactory,
    ExhibitFactory,
    ExhibitorFactory,
    MemberUnitUserFactory,
    OrganizerFactory,
    ParticipationFactory,
    PavilionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def confirmed(booth, exhibitor):
    return BoothApplication.objects.create(booth=booth, exhibitor=exhibitor, status="confirmed")


def held(booth, exhibitor):
    return BoothApplication.objects.create(
        booth=booth, exhibitor=exhibitor, status="held", held_until=timezone.now() + datetime.timedelta(hours=1)
    )


@pytest.fixture
def organizer_client(client):
    client.force_login(OrganizerFactory(offices=["exhibition"]))
    return client


# Access -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/staff/exhibition/", "/staff/exhibition/13/"])
def test_exhibition_sends_anonymous_users_to_login(client, edition, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("make_user", [MemberUnitUserFactory, UserFactory])
@pytest.mark.parametrize("url", ["/staff/exhibition/", "/staff/exhibition/13/"])
def test_exhibition_refuses_non_organizers(client, edition, make_user, url):
    client.force_login(make_user())

    assert client.get(url).status_code == 403


def test_exhibition_redirects_to_the_current_edition(organizer_client, edition):
    response = organizer_client.get("/staff/exhibition/")

    assert response.status_code == 302
    assert response["Location"] == "/staff/exhibition/13/"


def test_exhibition_without_any_edition_is_not_found(organizer_client):
    assert organizer_client.get("/staff/exhibition/").status_code == 404


def test_exhibition_of_an_unknown_edition_is_not_found(organizer_client, edition):
    response = organizer_client.get("/staff/exhibition/99/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_exhibition_refuses_post(organizer_client, edition):
    assert organizer_client.post("/staff/exhibition/13/").status_code == 405


# Content ------------------------------------------------------------------------------


def test_exhibition_shows_the_editions_figures(organizer_client, edition):
    tech = PavilionFactory(
        edition=edition, name_en="Technological Innovation", mode="offline", gross_area_m2=Decimal("12000.00")
    )
    PavilionFactory(edition=edition, name_en="New Media Live Broadcast", mode="online", gross_area_m2=Decimal("0.00"))
    jilin = ExhibitorFactory(country="CN", province="Jilin")
    mongolia = ExhibitorFactory(country="MN", province="")
    ParticipationFactory(edition=edition, exhibitor=jilin, mode="offline", pavilion=tech)
    ParticipationFactory(edition=edition, exhibitor=mongolia, mode="both", pavilion=tech)
    confirmed(BoothFactory(pavilion=tech, area_m2=Decimal("2400.00")), jilin)
    held(BoothFactory(pavilion=tech, area_m2=Decimal("600.00")), mongolia)
    ExhibitFactory.create_batch(2, exhibitor=mongolia, pavilion=tech)

    response = organizer_client.get("/staff/exhibition/13/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Exhibition of the 13th China-Northeast Asia Expo" in html
    assert "<dt>Pavilions</dt><dd>2</dd>" in html
    assert "<dt>Offline exhibition area</dt><dd>12,000 <small>m²</small></dd>" in html
    assert "<dt>Offline exhibitors</dt><dd>2</dd>" in html
    assert "<dt>Online exhibitors</dt><dd>1</dd>" in html
    assert "<dt>Online exhibits</dt><dd>2</dd>" in html
    assert '<td class="num">12,000</td>\n        <td class="num">3,000</td>' in html
    assert '<rect class="share-bar__fill" width="25.00" height="10"/>' in html
    assert "25.0%" in html
    assert '<tr><td>Mongolia</td><td class="num">1</td></tr>' in html
    assert '<li><span>Jilin</span><span class="num">1</span></li>' in html
    assert '<a href="/staff/exhibition/12/">' in html
    assert 'href="/staff/exhibition/13/" class="is-active" aria-current="page"' in html
    assert "style=" not in html


def test_exhibition_speaks_chinese_by_default(organizer_client, edition):
    ParticipationFactory(edition=edition, exhibitor=ExhibitorFactory(country="RU", province=""), mode="online")

    html = organizer_client.get("/staff/exhibition/13/").content.decode()

    assert "俄罗斯" in html


def test_exhibition_of_a_previous_edition_shows_its_own_figures(organizer_client, edition):
    PavilionFactory(edition=edition, name_en="Automobile")
    PavilionFactory(edition=edition.previous, name_en="Import Commodity")

    html = organizer_client.get("/staff/exhibition/12/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Import Commodity" in html
    assert "Automobile" not in html
    assert 'href="/staff/exhibition/12/" class="is-active"' in html


def test_staff_dashboard_links_to_the_current_editions_exhibition(organizer_client, edition):
    html = organizer_client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<a href="/staff/exhibition/13/">Exhibition of the current edition</a>' in html


@pytest.mark.parametrize("exhibitor_count", [1, 30])
def test_exhibition_runs_constant_queries(organizer_client, edition, exhibitor_count, django_assert_num_queries):
    pavilions = [PavilionFactory(edition=edition, mode=mode) for mode in ("offline", "both", "online")]
    for i in range(exhibitor_count):
        exhibitor = ExhibitorFactory(country=("CN", "KR", "JP")[i % 3], province="Jilin" if i % 3 == 0 else "")
        pavilion = pavilions[i % 2]
        ParticipationFactory(edition=edition, exhibitor=exhibitor, mode=("offline", "both")[i % 2], pavilion=pavilion)
        (held, confirmed)[i % 2](BoothFactory(pavilion=pavilion), exhibitor)
        ExhibitFactory(exhibitor=exhibitor, pavilion=pavilions[1 + i % 2])

    # 11, and the user's offices that the navigation asks
    with django_assert_num_queries(12):
        response = organizer_client.get("/staff/exhibition/13/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert f"<dt>Offline exhibitors</dt><dd>{exhibitor_count}</dd>" in response.content.decode()

"""The organizers' pages of editions: who reads, who changes the status, who reopens; each
change through a confirmation page and a POST, recorded in the activity log."""

import html

import pytest
from django.test import Client

from events.models import Attendee
from expo.enums import EditionStatus, Office
from expo.lifecycle import edition_close
from expo.models import ActivityLog, AuditAction, Edition
from tests.factories import AttendeeFactory, EditionFactory, MemberUnitUserFactory, OrganizerFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def secretariat(db):
    return OrganizerFactory(offices=[Office.SECRETARIAT])


@pytest.fixture
def superuser(db):
    return OrganizerFactory(offices=[Office.SECRETARIAT], is_superuser=True)


@pytest.fixture
def protocol(db):
    return OrganizerFactory(offices=[Office.PROTOCOL])


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("item_count", [1, 30])
def test_the_list_runs_a_constant_number_of_queries(client, secretariat, item_count, django_assert_num_queries):
    for number in range(1, item_count + 1):
        EditionFactory(number=200 + number)
    as_user(client, secretariat)

    with django_assert_num_queries(4):
        response = client.get("/staff/editions/", **EN)

    assert response.status_code == 200
    assert text(response).count('class="edition-status edition-status--preparation"') == item_count


def test_the_list_shows_each_status_and_the_secretariats_actions(client, secretariat, edition):
    edition_close(edition=edition.previous)

    response = as_user(client, secretariat).get("/staff/editions/", **EN)

    page = text(response)
    assert "13th China-Northeast Asia Expo" in page
    assert f'href="/staff/editions/{edition.number}/close/"' in page
    assert f'href="/staff/editions/{edition.number}/open/"' in page
    assert f'href="/staff/editions/{edition.previous.number}/reopen/"' not in page  # not a superuser
    assert ">Closed<" in page or ">closed<" in page


def test_the_list_in_chinese(client, secretariat, edition):
    response = as_user(client, secretariat).get("/staff/editions/", **ZH)

    page = text(response)
    assert "届次及其状态" in page
    assert "筹备中" in page


def test_other_offices_read_but_are_offered_no_change(client, protocol, edition):
    as_user(client, protocol)

    listing = client.get("/staff/editions/", **EN)
    detail = client.get(f"/staff/editions/{edition.number}/", **EN)

    assert (listing.status_code, detail.status_code) == (200, 200)
    assert "/close/" not in text(listing) + text(detail)
    assert "The secretariat changes an edition's status." in text(listing)


@pytest.mark.parametrize("action", ["open", "prepare", "close", "reopen"])
def test_other_offices_cannot_change_the_status(client, protocol, edition, action):
    as_user(client, protocol)

    got = client.get(f"/staff/editions/{edition.number}/{action}/")
    posted = client.post(f"/staff/editions/{edition.number}/{action}/", {"reason": "x"})

    assert (got.status_code, posted.status_code) == (403, 403)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PREPARATION
    assert not ActivityLog.objects.filter(action=AuditAction.EDITION_STATUS).exists()


@pytest.mark.parametrize("url", ["/staff/editions/", "/staff/editions/13/", "/staff/editions/13/close/"])
def test_member_units_and_anonymous_visitors_are_kept_out(client, edition, url):
    anonymous = client.get(url)
    unit = as_user(Client(), MemberUnitUserFactory()).get(url)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    assert unit.status_code == 403


@pytest.mark.parametrize(
    ("headers", "words"),
    [
        (EN, "Freezes the published results as they stand now"),
        (ZH, "按当前状态锁定公布的成果数据"),
    ],
)
def test_closing_asks_for_confirmation_saying_what_it_does(client, secretariat, edition, headers, words):
    response = as_user(client, secretariat).get(f"/staff/editions/{edition.number}/close/", **headers)

    assert response.status_code == 200
    assert words in text(response)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PREPARATION


def test_closing_by_post_freezes_the_results_and_is_in_the_activity_log(client, secretariat, edition):
    AttendeeFactory(edition=edition)

    response = as_user(client, secretariat).post(f"/staff/editions/{edition.number}/close/", **EN)

    assert response.status_code == 302
    assert response["Location"] == f"/staff/editions/{edition.number}/"
    edition.refresh_from_db()
    assert edition.status == EditionStatus.CLOSED
    assert edition.results_snapshot["merchants"]["count"] == 1
    row = ActivityLog.objects.get(action=AuditAction.EDITION_STATUS)
    assert (row.actor, row.changes) == (secretariat, {"status": ["preparation", "closed"]})
    page = text(client.get(response["Location"], **EN))
    assert "13th China-Northeast Asia Expo is now closed." in page
    assert "The live figures equal the frozen ones." in page


def test_opening_and_back_to_preparation(client, secretariat, edition):
    as_user(client, secretariat)

    client.post(f"/staff/editions/{edition.number}/open/")
    edition.refresh_from_db()
    opened = edition.status
    client.post(f"/staff/editions/{edition.number}/prepare/")
    edition.refresh_from_db()

    assert (opened, edition.status) == (EditionStatus.OPEN, EditionStatus.PREPARATION)
    assert [
        r.changes["status"] for r in ActivityLog.objects.filter(action=AuditAction.EDITION_STATUS).order_by("pk")
    ] == [
        ["preparation", "open"],
        ["open", "preparation"],
    ]


def test_a_change_not_possible_from_the_status_is_refused_with_a_message(client, secretariat, edition):
    edition_close(edition=edition)

    response = as_user(client, secretariat).post(f"/staff/editions/{edition.number}/open/", follow=True, **EN)

    assert "“Open the edition” is not possible now." in text(response)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.CLOSED


def test_a_post_without_the_csrf_token_is_refused(secretariat, edition):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)

    response = client.post(f"/staff/editions/{edition.number}/close/")

    assert response.status_code == 403
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PREPARATION


def test_only_a_superuser_reopens(client, secretariat, edition):
    edition_close(edition=edition)

    response = as_user(client, secretariat).post(f"/staff/editions/{edition.number}/reopen/", {"reason": "typo"})

    assert response.status_code == 403
    edition.refresh_from_db()
    assert edition.status == EditionStatus.CLOSED


@pytest.mark.parametrize(("headers", "words"), [(EN, "This field is required."), (ZH, "这个字段是必填项。")])
def test_reopening_needs_a_reason(client, superuser, edition, headers, words):
    edition_close(edition=edition)

    response = as_user(client, superuser).post(f"/staff/editions/{edition.number}/reopen/", {"reason": "  "}, **headers)

    assert response.status_code == 200
    assert words in text(response)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.CLOSED


def test_a_superuser_reopens_with_a_reason_kept_in_the_activity_log(client, superuser, edition):
    edition_close(edition=edition)
    as_user(client, superuser)

    form = client.get(f"/staff/editions/{edition.number}/reopen/", **EN)
    response = client.post(f"/staff/editions/{edition.number}/reopen/", {"reason": "a project amount was mistyped"})

    assert "Reopens the edition" in text(form)
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.status == EditionStatus.OPEN
    row = ActivityLog.objects.filter(action=AuditAction.EDITION_STATUS).latest("pk")
    assert (row.actor, row.changes, row.details["reason"]) == (
        superuser,
        {"status": ["closed", "open"]},
        "a project amount was mistyped",
    )


def test_the_edition_page_marks_a_live_figure_that_left_the_snapshot(client, secretariat, edition):
    edition_close(edition=edition)
    # A write behind the services' back (a repair in the database) shows up in the comparison.
    Attendee.objects.create(edition=edition, kind="merchant", name="Behind the back", country="KR")

    response = as_user(client, secretariat).get(f"/staff/editions/{edition.number}/", **EN)

    page = text(response)
    assert "Some live figures differ from the frozen ones (marked below)." in page
    assert (
        '<code>merchants.count</code></td><td class="num" data-label="Frozen at closing">0</td><td class="num bad" data-label="Live">1</td>'
        in page
    )
    assert Edition.objects.get(pk=edition.pk).results_snapshot["merchants"]["count"] == 0

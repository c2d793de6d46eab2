"""The matchmaking pages through their real views: merchants, exhibitors, the calendar feeds."""

import io
import re

import pytest
from django.core import mail
from django.test import Client
from openpyxl import load_workbook

from events.models import Attendee
from matchmaking import services
from matchmaking.models import Lead, Meeting, MerchantInterest
from tests.factories import AttendeeFactory, ExhibitorFactory, ParticipationFactory, UserFactory, exhibitor_user
from tests.matchmaking.factories import LeadFactory, MeetingFactory, MerchantFactory, soon

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def merchant_client(merchant):
    return client_of(merchant.user)


@pytest.fixture
def staff_client(exhibitor_staff):
    return client_of(exhibitor_staff)


def local(dt) -> str:
    from django.utils import timezone

    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


# Sign-up ----------------------------------------------------------------------------------


def test_merchant_signs_up_gets_a_verification_mail_and_lands_on_the_agenda(
    client, edition, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/matchmaking/signup/",
            {
                "name": "Ivan Petrov",
                "organization": "Vladivostok Supply",
                "country": "RU",
                "industries": ["equipment", "new_energy"],
                "email": "ivan@supply.example.org",
                "username": "ivan",
                "password1": "A-long-password-2026",
                "password2": "A-long-password-2026",
            },
            **EN,
        )

    assert response.status_code == 302
    assert response["Location"] == "/matchmaking/"
    attendee = Attendee.objects.get(user__username="ivan")
    assert (attendee.edition, attendee.kind, attendee.email) == (edition, "merchant", "ivan@supply.example.org")
    assert sorted(MerchantInterest.objects.values_list("industry", flat=True)) == ["equipment", "new_energy"]
    assert len(mail.outbox) == 1
    assert "/accounts/verify/" in mail.outbox[0].body
    page = client.get("/matchmaking/", **EN).content.decode()
    assert "Confirm your email address first" in page


def test_signup_with_bad_input_says_why_and_creates_nothing(client, edition):
    response = client.post(
        "/matchmaking/signup/",
        {
            "name": "X",
            "organization": "Y",
            "country": "ZZ",
            "email": "bad",
            "username": "x",
            "password1": "a",
            "password2": "b",
        },
        **EN,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "Enter a valid email address" in page
    assert "The two passwords differ" in page
    assert Attendee.objects.count() == 0


# The merchant's pages ---------------------------------------------------------------------


def test_request_a_meeting_then_see_it_in_the_agenda(merchant_client, merchant, exhibitor, exhibitor_staff):
    response = merchant_client.post(
        f"/matchmaking/request/{exhibitor.pk}/",
        {"mode": "online", "message": "Robots for Busan", "time1": local(soon(3, 10)), "time2": ""},
        **EN,
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/matchmaking/meetings/{meeting.pk}/"
    assert (meeting.merchant, meeting.exhibitor, meeting.status, meeting.requested_by) == (
        merchant,
        exhibitor,
        "requested",
        merchant.user,
    )
    agenda = merchant_client.get("/matchmaking/", **EN).content.decode()
    assert "Guanghua Equipment" in agenda
    assert "requested by the merchant" in agenda


def test_an_unverified_merchant_cannot_send_a_request(edition, exhibitor):
    merchant = MerchantFactory(edition=edition, user=UserFactory(email_verified_at=None))
    response = client_of(merchant.user).post(
        f"/matchmaking/request/{exhibitor.pk}/", {"mode": "online", "time1": local(soon(3, 10))}
    )
    assert response.status_code == 403
    assert Meeting.objects.count() == 0


def test_request_with_a_past_time_is_refused_with_a_message(merchant_client, exhibitor):
    response = merchant_client.post(
        f"/matchmaking/request/{exhibitor.pk}/", {"mode": "online", "time1": local(soon(-2, 10))}, **EN
    )
    assert response.status_code == 200
    assert "Propose times in the future." in response.content.decode()
    assert Meeting.objects.count() == 0


def test_the_navigation_offers_matchmaking_to_merchants_only(merchant_client, edition):
    assert "Matchmaking" in merchant_client.get("/", **EN).content.decode()
    assert "Matchmaking" not in client_of(UserFactory()).get("/", **EN).content.decode()


def test_merchant_pages_refuse_users_who_are_not_merchants(edition, exhibitor_staff):
    client = client_of(exhibitor_staff)
    for url in ("/matchmaking/", "/matchmaking/exhibitors/", f"/matchmaking/request/{exhibitor_staff.pk}/"):
        assert client.get(url).status_code == 403


def test_a_merchant_sees_only_their_meetings(merchant_client, merchant, edition):
    own = MeetingFactory(merchant=merchant, message="OWN-MESSAGE")
    other = MeetingFactory(merchant=MerchantFactory(edition=edition), message="OTHER-MESSAGE")

    assert merchant_client.get(f"/matchmaking/meetings/{own.pk}/").status_code == 200
    assert merchant_client.get(f"/matchmaking/meetings/{other.pk}/").status_code == 404
    response = merchant_client.post(f"/matchmaking/meetings/{other.pk}/", {"step": "cancel"})
    assert response.status_code == 404
    assert Meeting.objects.get(pk=other.pk).status == "requested"
    agenda = merchant_client.get("/matchmaking/").content.decode()
    assert other.exhibitor.name not in agenda
    assert own.exhibitor.name in agenda


@pytest.mark.parametrize("count", [1, 30])
def test_merchant_agenda_runs_constant_queries(merchant_client, merchant, count, django_assert_num_queries):
    for _ in range(count):
        MeetingFactory(merchant=merchant)
    merchant_client.get("/matchmaking/")  # the calendar feed's row is made once

    with django_assert_num_queries(6):
        response = merchant_client.get("/matchmaking/")

    assert response.content.decode().count('href="/matchmaking/meetings/') == count


def test_merchant_accepts_an_invitation_on_the_meeting_page(merchant_client, merchant, exhibitor, session):
    meeting = MeetingFactory(merchant=merchant, exhibitor=exhibitor, status="invited", initiated_by="exhibitor")

    response = merchant_client.post(
        f"/matchmaking/meetings/{meeting.pk}/", {"step": "accept", "accept-starts_at": soon(3, 9).isoformat()}, **EN
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.table, meeting.starts_at) == ("accepted", 1, soon(3, 9))


def test_merchant_cancels_on_the_meeting_page(merchant_client, merchant):
    meeting = MeetingFactory(merchant=merchant)
    response = merchant_client.post(f"/matchmaking/meetings/{meeting.pk}/", {"step": "cancel"}, **EN)
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == "cancelled"


def test_a_step_the_state_does_not_allow_changes_nothing(merchant_client, merchant):
    meeting = MeetingFactory(merchant=merchant)  # waiting for the exhibitor
    response = merchant_client.post(
        f"/matchmaking/meetings/{meeting.pk}/", {"step": "accept", "accept-starts_at": soon(3, 9).isoformat()}, **EN
    )
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == "requested"


def test_recommended_exhibitors_say_why(merchant_client, merchant, edition):
    MerchantInterest.objects.create(attendee=merchant, industry="new_energy")
    energy = ExhibitorFactory(industry="new_energy", name_en="Energy Co")
    korean = ExhibitorFactory(industry="green_food", country="KR", province="", name_en="Seoul Foods")
    elsewhere = ExhibitorFactory(industry="green_food", name_en="Harbin Foods")
    for e in (energy, korean, elsewhere):
        ParticipationFactory(exhibitor=e, edition=edition)

    page = merchant_client.get("/matchmaking/exhibitors/", **EN).content.decode()

    assert page.index("Energy Co") < page.index("Seoul Foods")
    assert "same industry: new energy and clean energy" in page
    assert "from South Korea" in page
    assert "Harbin Foods" not in page


# The exhibitor's pages --------------------------------------------------------------------


def test_exhibitor_accepts_a_request_and_both_get_mail(
    staff_client, merchant, exhibitor, session, eager_tasks, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(merchant=merchant, exhibitor=exhibitor)
    page = staff_client.get(f"/exhibitor/meetings/{meeting.pk}/", **EN).content.decode()
    assert merchant.email not in page
    assert "contact details appear once the meeting is accepted" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/exhibitor/meetings/{meeting.pk}/", {"step": "accept", "accept-starts_at": soon(3, 9).isoformat()}, **EN
        )

    assert len(mail.outbox) == 1
    assert merchant.email in mail.outbox[0].to
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.table) == ("accepted", 1)
    page = staff_client.get(f"/exhibitor/meetings/{meeting.pk}/", **EN).content.decode()
    assert merchant.email in page
    assert "Hall A, table 1" in page


def test_an_exhibitor_sees_only_its_meetings(staff_client, exhibitor, merchant):
    own = MeetingFactory(merchant=merchant, exhibitor=exhibitor)
    other = MeetingFactory(merchant=merchant, exhibitor=ExhibitorFactory(), message="OTHER")
    assert staff_client.get(f"/exhibitor/meetings/{own.pk}/").status_code == 200
    assert staff_client.get(f"/exhibitor/meetings/{other.pk}/").status_code == 404
    staff_client.post(f"/exhibitor/meetings/{other.pk}/", {"step": "decline"})
    assert Meeting.objects.get(pk=other.pk).status == "requested"


@pytest.mark.parametrize("count", [1, 30])
def test_exhibitor_meetings_run_constant_queries(staff_client, exhibitor, edition, count, django_assert_num_queries):
    for _ in range(count):
        MeetingFactory(merchant=MerchantFactory(edition=edition), exhibitor=exhibitor)
    staff_client.get("/exhibitor/meetings/")

    with django_assert_num_queries(4):
        response = staff_client.get("/exhibitor/meetings/")

    assert len(re.findall(r'href="/exhibitor/meetings/\d+/"', response.content.decode())) == count


def test_exhibitor_invites_an_interested_merchant(staff_client, exhibitor, merchant, edition):
    MerchantInterest.objects.create(attendee=merchant, industry="equipment")
    uninterested = MerchantFactory(edition=edition, organization="NOT-INTERESTED")
    MerchantInterest.objects.create(attendee=uninterested, industry="green_food")

    page = staff_client.get("/exhibitor/meetings/merchants/", **EN).content.decode()
    assert "Busan Energy" in page
    assert "same industry: equipment manufacturing; from South Korea" in page
    assert "NOT-INTERESTED" not in page
    assert merchant.name not in page  # no personal data before a meeting
    assert staff_client.get(f"/exhibitor/meetings/invite/{uninterested.pk}/").status_code == 404

    response = staff_client.post(
        f"/exhibitor/meetings/invite/{merchant.pk}/", {"mode": "onsite", "time1": local(soon(3, 9))}, **EN
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert (meeting.status, meeting.initiated_by, meeting.merchant) == ("invited", "exhibitor", merchant)


# Leads ------------------------------------------------------------------------------------


def test_typing_a_badge_code_saves_a_lead(staff_client, exhibitor, edition):
    visitor = AttendeeFactory(edition=edition, name="Sato Haruki")
    response = staff_client.post(
        "/exhibitor/leads/", {"code": visitor.code.lower(), "rating": "5", "note": "Wants a quote"}, **EN
    )
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert (lead.exhibitor, lead.attendee, lead.rating, lead.note) == (exhibitor, visitor, 5, "Wants a quote")
    page = staff_client.get("/exhibitor/leads/", **EN).content.decode()
    assert "Sato Haruki" in page
    assert "Lead saved: Sato Haruki." in page


def test_an_unknown_badge_code_gets_a_message_and_no_lead(staff_client, edition):
    response = staff_client.post("/exhibitor/leads/", {"code": "NOPE", "rating": ""}, **EN)
    assert response.status_code == 200
    assert "No visitor of this edition has the badge code NOPE." in response.content.decode()
    assert Lead.objects.count() == 0


def test_an_exhibitor_sees_only_its_leads(staff_client, exhibitor, edition):
    own = LeadFactory(exhibitor=exhibitor, attendee=AttendeeFactory(edition=edition, name="OWN-LEAD"))
    other = LeadFactory(attendee=AttendeeFactory(edition=edition, name="OTHER-LEAD"))
    page = staff_client.get("/exhibitor/leads/").content.decode()
    assert "OWN-LEAD" in page
    assert "OTHER-LEAD" not in page
    assert staff_client.get(f"/exhibitor/leads/{own.pk}/").status_code == 200
    assert staff_client.get(f"/exhibitor/leads/{other.pk}/").status_code == 404
    staff_client.post(f"/exhibitor/leads/{other.pk}/", {"rating": "1", "note": "hijack"})
    assert Lead.objects.get(pk=other.pk).note == "Met at the booth"
    book = load_workbook(io.BytesIO(staff_client.get("/exhibitor/leads/export.xlsx").content))
    names = [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert names == ["OWN-LEAD"]


@pytest.mark.parametrize("count", [1, 30])
def test_lead_list_runs_constant_queries(staff_client, exhibitor, edition, count, django_assert_num_queries):
    for _ in range(count):
        LeadFactory(exhibitor=exhibitor, attendee=AttendeeFactory(edition=edition))

    with django_assert_num_queries(4):
        response = staff_client.get("/exhibitor/leads/")

    assert len(re.findall(r'href="/exhibitor/leads/\d+/"', response.content.decode())) == count


def test_leads_export_keeps_typed_text_as_text(staff_client, exhibitor, edition):
    visitor = AttendeeFactory(edition=edition, name='=HYPERLINK("http://evil")', organization="+1-2")
    LeadFactory(exhibitor=exhibitor, attendee=visitor, note="=1+1", rating=4)

    response = staff_client.get("/exhibitor/leads/export.xlsx")

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = list(sheet[2])
    assert (row[0].value, row[0].data_type) == ('=HYPERLINK("http://evil")', "s")
    assert (row[1].value, row[1].data_type) == ("+1-2", "s")
    assert (row[5].value, row[6].value, row[6].data_type) == (4, "=1+1", "s")


def test_pages_of_the_exhibitor_portal_refuse_merchants(merchant_client):
    for url in (
        "/exhibitor/meetings/",
        "/exhibitor/leads/",
        "/exhibitor/leads/export.xlsx",
        "/exhibitor/meetings/merchants/",
    ):
        assert merchant_client.get(url).status_code == 403


# Calendar feeds ---------------------------------------------------------------------------


def test_the_agenda_feed_lists_accepted_meetings_only(merchant_client, merchant, exhibitor, session):
    accepted = MeetingFactory(merchant=merchant, exhibitor=exhibitor)
    services.meeting_accept(meeting=accepted, side="exhibitor", user=None, starts_at=soon(3, 9))
    MeetingFactory(merchant=merchant)  # still open
    page = merchant_client.get("/matchmaking/").content.decode()
    url = re.search(r'href="http://testserver(/matchmaking/calendar/[^"]+\.ics)"', page).group(1)

    response = Client().get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    assert f"UID:meeting-{accepted.pk}@expo-matchmaking" in body
    assert Client().get("/matchmaking/calendar/not-a-token.ics").status_code == 404


def test_the_exhibitor_feed_is_the_exhibitors(staff_client, exhibitor, merchant, session):
    meeting = MeetingFactory(merchant=merchant, exhibitor=exhibitor)
    services.meeting_accept(meeting=meeting, side="exhibitor", user=None, starts_at=soon(3, 9, 30))
    page = staff_client.get("/exhibitor/meetings/").content.decode()
    url = re.search(r'href="http://testserver(/matchmaking/calendar/[^"]+\.ics)"', page).group(1)
    body = Client().get(url).content.decode()
    assert "SUMMARY:Busan Energy" in body


def test_another_exhibitors_user_is_refused(merchant, exhibitor, edition):
    intruder = client_of(exhibitor_user())
    lead = LeadFactory(exhibitor=exhibitor, attendee=AttendeeFactory(edition=edition))
    meeting = MeetingFactory(merchant=merchant, exhibitor=exhibitor)
    assert intruder.get(f"/exhibitor/leads/{lead.pk}/").status_code == 404
    assert intruder.get(f"/exhibitor/meetings/{meeting.pk}/").status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_recommendation_pages_run_constant_queries(
    merchant_client, staff_client, merchant, exhibitor, edition, count, django_assert_num_queries
):
    MerchantInterest.objects.create(attendee=merchant, industry="equipment")
    for _ in range(count):
        ParticipationFactory(exhibitor=ExhibitorFactory(industry="equipment"), edition=edition)
        other = MerchantFactory(edition=edition)
        MerchantInterest.objects.create(attendee=other, industry="equipment")

    with django_assert_num_queries(7):
        assert merchant_client.get("/matchmaking/exhibitors/").status_code == 200
    with django_assert_num_queries(3):  # the edition read by the request above is kept
        assert staff_client.get("/exhibitor/meetings/merchants/").status_code == 200


def test_the_badge_says_who_gets_its_holders_data(client, edition):
    visitor = AttendeeFactory(edition=edition)
    page = client.get(f"/programme/badge/{visitor.code}/", **EN).content.decode()
    assert "reach an exhibitor only when its staff scan this badge at their booth" in page

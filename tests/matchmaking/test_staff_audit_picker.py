"""The investment office's matchmaking sessions page, the activity log of meetings and leads,
and the project picker of the portals (a meeting's outcome, a lead)."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from expo.models import ActivityLog
from matchmaking import services
from matchmaking.enums import MatchmakingAction
from matchmaking.models import Lead, MatchmakingSession, Meeting
from tests.factories import AttendeeFactory, OrganizerFactory, UserFactory, exhibitor_user
from tests.matchmaking.factories import MeetingFactory, MerchantFactory, SessionFactory, soon
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
E, M = services.EXHIBITOR, services.MERCHANT


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def session_data(**changes):
    start = soon(5, 9)
    data = {
        "name_zh": "上午洽谈会",
        "name_en": "Morning matchmaking",
        "location": "Hall B",
        "tables": 4,
        "starts_at": local(start),
        "ends_at": local(start + datetime.timedelta(hours=3)),
        "slot_minutes": 30,
    }
    return {**data, **changes}


def log_rows(action, obj):
    return list(ActivityLog.objects.filter(action=action, object_id=str(obj.pk)).order_by("pk"))


# Access -----------------------------------------------------------------------------------


@pytest.fixture
def investment(db):
    return OrganizerFactory(offices=["investment"])


@pytest.mark.parametrize("who", ["anonymous", "merchant", "exhibitor", "secretariat", "exhibition", "inactive"])
def test_only_the_investment_office_reaches_the_sessions(edition, merchant, exhibitor_staff, who):
    session = SessionFactory(edition=edition)
    users = {
        "merchant": merchant.user,
        "exhibitor": exhibitor_staff,
        "secretariat": OrganizerFactory(offices=["secretariat"]),
        "exhibition": OrganizerFactory(offices=["exhibition"]),
        "inactive": OrganizerFactory(offices=["investment"], is_active=False),
    }
    client = Client() if who == "anonymous" else client_of(users[who])
    for url in (
        "/staff/matchmaking/",
        "/staff/matchmaking/sessions/new/",
        f"/staff/matchmaking/sessions/{session.pk}/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), (who, url)
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]
    response = client.post("/staff/matchmaking/sessions/new/", session_data())
    assert response.status_code in (302, 403)
    assert MatchmakingSession.objects.count() == 1


@pytest.mark.parametrize("offices", [["investment"], None])
def test_investment_office_and_superusers_see_sessions_with_their_counts(edition, merchant, exhibitor, offices):
    user = OrganizerFactory(offices=offices) if offices else OrganizerFactory(is_superuser=True)
    session = SessionFactory(edition=edition, tables=2)
    Meeting.objects.create(
        edition=edition,
        merchant=merchant,
        exhibitor=exhibitor,
        initiated_by="merchant",
        mode="onsite",
        status="accepted",
        session=session,
        table=1,
        starts_at=session.starts_at,
        ends_at=session.starts_at + session.slot_length,
    )
    MeetingFactory(merchant=MerchantFactory(edition=edition), exhibitor=exhibitor)
    response = client_of(user).get("/staff/matchmaking/", **EN)
    assert response.status_code == 200
    row = response.context["sessions"][0]
    assert (row.booked, row.held, row.slot_count, row.capacity) == (1, 0, 6, 12)
    assert response.context["counts"]["open"] == 1
    assert response.context["counts"]["total"] == 2
    body = response.content.decode()
    assert session.name_en in body
    assert "1 / 12" in body


@pytest.mark.parametrize("count", [1, 12])
def test_sessions_page_query_count_is_constant(edition, investment, count):
    for n in range(count):
        SessionFactory(edition=edition, starts_at=soon(3 + n, 9))
    client = client_of(investment)
    client.get("/staff/matchmaking/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/staff/matchmaking/").status_code == 200
    # session, user, the user's offices, the sessions with their counts, the meetings by
    # status (the edition is kept by the process: expo.edition_memo): the same for 1 and 12
    assert len(queries) == 5, [q["sql"][:80] for q in queries]


def test_office_creates_and_edits_a_session_and_each_change_is_logged(edition, investment):
    client = client_of(investment)
    response = client.post("/staff/matchmaking/sessions/new/", session_data(), **EN)
    assert response.status_code == 302
    session = MatchmakingSession.objects.get()
    assert (session.edition, session.tables, session.location, len(session.slot_starts())) == (edition, 4, "Hall B", 6)
    response = client.post(f"/staff/matchmaking/sessions/{session.pk}/", session_data(tables=6), **EN)
    assert response.status_code == 302
    assert MatchmakingSession.objects.get().tables == 6
    rows = log_rows(MatchmakingAction.MATCHMAKING_SESSION, session)
    assert [r.details["created"] for r in rows] == [True, False]
    assert rows[1].changes == {"tables": [4, 6]}
    assert rows[1].actor == investment


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_at": local(soon(5, 8))}, "A session must end after it starts."),
        ({"ends_at": local(soon(5, 9, 10))}, "A session holds at least one slot."),
        ({"tables": 0}, "Ensure this value is greater than or equal to 1."),
        ({"slot_minutes": 2}, "Ensure this value is greater than or equal to 5."),
        ({"starts_at": "tomorrow"}, "Enter a valid date/time."),
    ],
)
def test_bad_session_is_refused_with_a_reason(edition, investment, changes, message):
    response = client_of(investment).post("/staff/matchmaking/sessions/new/", session_data(**changes), **EN)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert MatchmakingSession.objects.count() == 0


def test_a_change_that_would_strand_a_booked_meeting_is_refused(edition, investment, merchant, exhibitor):
    session = SessionFactory(edition=edition, tables=3)
    Meeting.objects.create(
        edition=edition,
        merchant=merchant,
        exhibitor=exhibitor,
        initiated_by="merchant",
        mode="onsite",
        status="accepted",
        session=session,
        table=3,
        starts_at=session.starts_at + session.slot_length,
        ends_at=session.starts_at + 2 * session.slot_length,
    )
    client = client_of(investment)
    url = f"/staff/matchmaking/sessions/{session.pk}/"
    start = session.starts_at
    base = session_data(
        starts_at=local(start),
        ends_at=local(session.ends_at),
        tables=3,
        name_en=session.name_en,
        name_zh=session.name_zh,
    )
    response = client.post(url, {**base, "tables": 2}, **EN)
    assert "keep at least as many tables as the highest one used" in response.content.decode()
    response = client.post(url, {**base, "starts_at": local(start + datetime.timedelta(minutes=10))}, **EN)
    assert "would no longer start at one of its slots" in response.content.decode()
    session.refresh_from_db()
    assert (session.tables, session.starts_at) == (3, start)
    assert not log_rows(MatchmakingAction.MATCHMAKING_SESSION, session)


# Activity log of meetings and leads -------------------------------------------------------


def test_every_step_of_a_meeting_writes_a_log_row(merchant, exhibitor, exhibitor_staff, session):
    meeting = services.meeting_request(
        merchant=merchant,
        exhibitor=exhibitor,
        mode="onsite",
        message="Hello",
        proposed_times=[session.starts_at],
        user=merchant.user,
    )
    services.meeting_accept(meeting=meeting, side=E, user=exhibitor_staff, starts_at=session.starts_at)
    services.meeting_cancel(meeting=meeting, side=M, user=merchant.user)
    rows = log_rows(MatchmakingAction.MEETING_CHANGE, meeting)
    assert [(r.details["step"], r.details["side"], r.actor) for r in rows] == [
        ("request", "merchant", merchant.user),
        ("accept", "exhibitor", exhibitor_staff),
        ("cancel", "merchant", merchant.user),
    ]
    assert rows[0].changes["status"] == [None, "requested"]
    assert rows[1].changes["status"] == ["requested", "accepted"]
    assert rows[1].changes["table"] == [None, 1]
    assert rows[2].changes == {"status": ["accepted", "cancelled"]}


def test_a_refused_step_writes_no_log_row(merchant, exhibitor, exhibitor_staff, session):
    meeting = MeetingFactory(merchant=merchant, exhibitor=exhibitor, status="declined")
    with pytest.raises(services.MeetingError):
        services.meeting_accept(meeting=meeting, side=E, user=exhibitor_staff, starts_at=session.starts_at)
    assert not log_rows(MatchmakingAction.MEETING_CHANGE, meeting)


def test_lead_scan_and_change_are_logged(edition, exhibitor, exhibitor_staff):
    visitor = AttendeeFactory(edition=edition, name="Kim Soo-ah")
    lead, created = services.lead_capture(
        exhibitor=exhibitor, code=visitor.code, user=exhibitor_staff, edition=edition, rating=4
    )
    assert created
    services.lead_capture(exhibitor=exhibitor, code=visitor.code, user=exhibitor_staff, edition=edition, note="Call")
    services.lead_capture(exhibitor=exhibitor, code=visitor.code, user=exhibitor_staff, edition=edition)
    rows = log_rows(MatchmakingAction.LEAD_CHANGE, lead)
    assert [r.details["step"] for r in rows] == ["scan", "update"]
    assert rows[0].details["attendee"] == visitor.pk
    assert rows[1].changes == {"note": ["", "Call"]}
    assert all(r.actor == exhibitor_staff for r in rows)


# The project picker -----------------------------------------------------------------------


@pytest.fixture
def held(edition, merchant, exhibitor):
    """An online meeting that took place an hour ago."""
    now = timezone.now()
    return Meeting.objects.create(
        edition=edition,
        merchant=merchant,
        exhibitor=exhibitor,
        initiated_by="merchant",
        mode="online",
        status="accepted",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now - datetime.timedelta(minutes=30),
    )


@pytest.fixture
def projects(edition, merchant, exhibitor):
    return {
        "ours": ProjectFactory(edition=edition, title="Busan wind farm parts", partner_name="Busan Energy Co."),
        "theirs": ProjectFactory(edition=edition, title="Harbin steel mill", partner_name="Ural Steel"),
        "withdrawn": ProjectFactory(edition=edition, title="Old idea", partner_name="Busan Energy", stage="withdrawn"),
    }


def test_outcome_form_offers_only_the_parties_projects(held, projects, exhibitor_staff):
    response = client_of(exhibitor_staff).get(f"/exhibitor/meetings/{held.pk}/", **EN)
    choices = [label for value, label in response.context["forms"]["outcome"].fields["project"].choices if value]
    assert choices == ["Busan wind farm parts · Busan Energy Co."]
    assert "Harbin steel mill" not in response.content.decode()


@pytest.mark.parametrize("side", ["exhibitor", "merchant"])
def test_either_side_links_the_project_that_came_of_the_meeting(held, projects, exhibitor_staff, merchant, side):
    client, url = (
        (client_of(exhibitor_staff), f"/exhibitor/meetings/{held.pk}/")
        if side == "exhibitor"
        else (client_of(merchant.user), f"/matchmaking/meetings/{held.pk}/")
    )
    response = client.post(
        url, {"step": "outcome", "outcome-outcome": "project", "outcome-project": projects["ours"].pk}, **EN
    )
    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.status, held.outcome, held.project) == ("held", "project", projects["ours"])
    row = log_rows(MatchmakingAction.MEETING_CHANGE, held)[-1]
    assert row.details == {"step": "outcome", "side": side}
    assert row.changes["project"] == [None, projects["ours"].pk]
    assert "Busan wind farm parts" in client.get(url, **EN).content.decode()


@pytest.mark.parametrize("project", ["theirs", "withdrawn", "other_edition", "missing"])
def test_a_project_outside_the_picker_is_refused(held, projects, exhibitor_staff, project):
    from tests.factories import EditionFactory

    pk = {
        **{k: v.pk for k, v in projects.items()},
        "other_edition": ProjectFactory(edition=EditionFactory(number=30), partner_name="Busan Energy").pk,
        "missing": 999999,
    }[project]
    response = client_of(exhibitor_staff).post(
        f"/exhibitor/meetings/{held.pk}/",
        {"step": "outcome", "outcome-outcome": "project", "outcome-project": pk},
        **EN,
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    held.refresh_from_db()
    assert (held.status, held.project) == ("accepted", None)


def test_outcome_project_needs_a_project(held, projects, exhibitor_staff):
    response = client_of(exhibitor_staff).post(
        f"/exhibitor/meetings/{held.pk}/", {"step": "outcome", "outcome-outcome": "project"}, **EN
    )
    assert "Choose the cooperation project that came of this meeting." in response.content.decode()
    assert Meeting.objects.get(pk=held.pk).status == "accepted"


def test_lead_is_linked_to_a_project_of_its_parties_only(edition, exhibitor, exhibitor_staff, projects):
    visitor = AttendeeFactory(edition=edition, name="Park", organization="Busan Energy")
    lead = Lead.objects.create(exhibitor=exhibitor, attendee=visitor, scanned_by=exhibitor_staff)
    client = client_of(exhibitor_staff)
    url = f"/exhibitor/leads/{lead.pk}/"
    response = client.post(url, {"rating": "5", "note": "Signed", "project": projects["theirs"].pk}, **EN)
    assert response.status_code == 200
    assert Lead.objects.get().project is None
    response = client.post(url, {"rating": "5", "note": "Signed", "project": projects["ours"].pk}, **EN)
    assert response.status_code == 302
    assert Lead.objects.get().project == projects["ours"]
    row = log_rows(MatchmakingAction.LEAD_CHANGE, lead)[-1]
    assert row.changes["project"] == [None, projects["ours"].pk]
    assert row.actor == exhibitor_staff


def test_another_exhibitors_staff_cannot_link_or_see_the_lead(edition, exhibitor, projects):
    visitor = AttendeeFactory(edition=edition, organization="Busan Energy")
    lead = Lead.objects.create(exhibitor=exhibitor, attendee=visitor)
    intruder = client_of(exhibitor_user())
    assert intruder.get(f"/exhibitor/leads/{lead.pk}/").status_code == 404
    response = intruder.post(
        f"/exhibitor/leads/{lead.pk}/", {"rating": "1", "note": "", "project": projects["ours"].pk}
    )
    assert response.status_code == 404
    assert Lead.objects.get().project is None


def test_a_user_without_a_role_cannot_record_an_outcome(held, projects):
    response = client_of(UserFactory()).post(
        f"/exhibitor/meetings/{held.pk}/", {"step": "outcome", "outcome-outcome": "follow_up"}
    )
    assert response.status_code == 403
    assert Meeting.objects.get(pk=held.pk).status == "accepted"

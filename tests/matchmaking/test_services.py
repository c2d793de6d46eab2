"""The life of a meeting request, the tables of a session, and leads (services)."""

import datetime

import pytest
from django.core import mail
from django.utils import translation

from expo.enums import EditionStatus
from expo.errors import EditionClosed
from matchmaking import services
from matchmaking.enums import MeetingStatus
from matchmaking.models import Lead, Meeting, MerchantInterest
from tests.factories import AttendeeFactory, ExhibitorFactory
from tests.matchmaking.factories import MeetingFactory, MerchantFactory, soon

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


M, E = services.MERCHANT, services.EXHIBITOR


def _request(merchant, exhibitor, mode="onsite", times=None):
    return services.meeting_request(
        merchant=merchant,
        exhibitor=exhibitor,
        mode=mode,
        message="Hello",
        proposed_times=times or [soon(3, 9)],
        user=merchant.user,
    )


def test_request_then_exhibitor_accepts_takes_the_first_free_table(
    merchant, exhibitor, exhibitor_staff, session, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _request(merchant, exhibitor)
    assert meeting.status == MeetingStatus.REQUESTED
    assert meeting.proposed_times == [soon(3, 9).isoformat()]

    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_accept(meeting=meeting, side=E, user=exhibitor_staff, starts_at=soon(3, 9))

    meeting.refresh_from_db()
    assert (meeting.status, meeting.session, meeting.table) == (MeetingStatus.ACCEPTED, session, 1)
    assert (meeting.starts_at, meeting.ends_at) == (soon(3, 9), soon(3, 9, 30))
    assert meeting.answered_by == exhibitor_staff
    assert len(mail.outbox) == 2
    assert sorted(mail.outbox[1].to) == sorted(
        {merchant.email, merchant.user.email, exhibitor.contact_email, exhibitor_staff.email}
    )
    assert "Meeting confirmed" in mail.outbox[1].subject
    assert "洽谈已确认" in mail.outbox[1].subject


@pytest.mark.parametrize(
    ("step", "side", "start", "end"),
    [
        ("accept", M, MeetingStatus.REQUESTED, None),
        ("decline", M, MeetingStatus.REQUESTED, None),
        ("propose", E, MeetingStatus.REQUESTED, MeetingStatus.PROPOSED),
        ("propose", M, MeetingStatus.PROPOSED, MeetingStatus.REQUESTED),
        ("propose", M, MeetingStatus.INVITED, MeetingStatus.REQUESTED),
        ("propose", E, MeetingStatus.PROPOSED, None),
        ("decline", E, MeetingStatus.REQUESTED, MeetingStatus.DECLINED),
        ("decline", M, MeetingStatus.PROPOSED, MeetingStatus.DECLINED),
        ("decline", E, MeetingStatus.INVITED, None),
        ("cancel", M, MeetingStatus.REQUESTED, MeetingStatus.CANCELLED),
        ("cancel", E, MeetingStatus.INVITED, MeetingStatus.CANCELLED),
        ("cancel", M, MeetingStatus.DECLINED, None),
        ("cancel", M, MeetingStatus.CANCELLED, None),
    ],
)
def test_state_machine_steps(step, side, start, end, merchant, exhibitor_staff):
    meeting = MeetingFactory(merchant=merchant, exhibitor=exhibitor_staff.exhibitor_member.exhibitor, status=start)
    call = {
        "accept": lambda: services.meeting_accept(meeting=meeting, side=side, user=None, starts_at=soon(3, 9)),
        "propose": lambda: services.meeting_propose(meeting=meeting, side=side, user=None, starts_at=soon(4, 15)),
        "decline": lambda: services.meeting_decline(meeting=meeting, side=side, user=None, answer="No"),
        "cancel": lambda: services.meeting_cancel(meeting=meeting, side=side, user=None),
    }[step]
    if end is None:
        with pytest.raises(services.MeetingError):
            call()
        assert Meeting.objects.get(pk=meeting.pk).status == start
    else:
        call()
        assert Meeting.objects.get(pk=meeting.pk).status == end


def test_propose_replaces_the_proposed_times(merchant, exhibitor):
    meeting = MeetingFactory(merchant=merchant, exhibitor=exhibitor)
    services.meeting_propose(meeting=meeting, side=E, user=None, starts_at=soon(4, 15), answer="Later?")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.proposed_times, meeting.answer) == (
        MeetingStatus.PROPOSED,
        [soon(4, 15).isoformat()],
        "Later?",
    )


def test_merchant_accepts_an_invitation_at_a_proposed_time(merchant, exhibitor, session):
    MerchantInterest.objects.create(attendee=merchant, industry="equipment")
    meeting = services.meeting_invite(
        exhibitor=exhibitor, merchant=merchant, mode="onsite", message="Come", proposed_times=[soon(3, 10)], user=None
    )
    assert meeting.status == MeetingStatus.INVITED
    services.meeting_accept(meeting=meeting, side=M, user=merchant.user, starts_at=soon(3, 10))
    meeting.refresh_from_db()
    assert (meeting.status, meeting.table) == (MeetingStatus.ACCEPTED, 1)


def test_invite_only_merchants_interested_in_the_industry(merchant, exhibitor):
    MerchantInterest.objects.create(attendee=merchant, industry="green_food")
    with pytest.raises(services.MeetingError, match="registered interest in your industry"):
        services.meeting_invite(
            exhibitor=exhibitor, merchant=merchant, mode="online", message="", proposed_times=[soon()], user=None
        )
    assert Meeting.objects.count() == 0


def test_a_second_open_request_between_the_same_pair_is_refused(merchant, exhibitor):
    _request(merchant, exhibitor)
    with pytest.raises(services.MeetingError, match="already an open request"):
        _request(merchant, exhibitor)
    assert Meeting.objects.count() == 1


def test_request_refuses_past_times_and_merchants_without_an_account(merchant, exhibitor, edition):
    with pytest.raises(services.MeetingError, match="future"):
        _request(merchant, exhibitor, times=[soon(-1)])
    with pytest.raises(services.MeetingError, match="account"):
        _request(AttendeeFactory(edition=edition), exhibitor)
    assert Meeting.objects.count() == 0


def test_onsite_accept_needs_a_slot_start(merchant, exhibitor, session):
    meeting = MeetingFactory(merchant=merchant, exhibitor=exhibitor)
    with pytest.raises(services.MeetingError, match="slot"):
        services.meeting_accept(meeting=meeting, side=E, user=None, starts_at=soon(3, 9, 10))
    with pytest.raises(services.MeetingError, match="slot"):
        services.meeting_accept(meeting=meeting, side=E, user=None, starts_at=soon(3, 12))  # the session has ended
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.REQUESTED


def test_tables_run_out_then_the_next_accept_is_refused(edition, session, exhibitor):
    meetings = [MeetingFactory(merchant=MerchantFactory(edition=edition)) for _ in range(4)]
    for meeting in meetings[:3]:
        services.meeting_accept(meeting=meeting, side=E, user=None, starts_at=soon(3, 9))
    with pytest.raises(services.MeetingUnavailable, match="All 3 tables"):
        services.meeting_accept(meeting=meetings[3], side=E, user=None, starts_at=soon(3, 9))
    assert sorted(Meeting.objects.filter(status="accepted").values_list("table", flat=True)) == [1, 2, 3]


def test_neither_party_is_double_booked_even_online(merchant, edition, session):
    first, second = ExhibitorFactory(), ExhibitorFactory()
    a = MeetingFactory(merchant=merchant, exhibitor=first)
    b = MeetingFactory(merchant=merchant, exhibitor=second, mode="online")
    services.meeting_accept(meeting=a, side=E, user=None, starts_at=soon(3, 9))
    with pytest.raises(services.MeetingUnavailable, match="merchant already has a meeting"):
        services.meeting_accept(meeting=b, side=E, user=None, starts_at=soon(3, 9, 15))  # overlaps 9:00-9:30
    other = MeetingFactory(merchant=MerchantFactory(edition=edition), exhibitor=first, mode="online")
    with pytest.raises(services.MeetingUnavailable, match="exhibitor already has a meeting"):
        services.meeting_accept(meeting=other, side=E, user=None, starts_at=soon(3, 9))
    services.meeting_accept(meeting=b, side=E, user=None, starts_at=soon(3, 9, 30))
    assert Meeting.objects.get(pk=b.pk).status == MeetingStatus.ACCEPTED


def test_cancelling_frees_the_table(edition, session, exhibitor):
    a = MeetingFactory(merchant=MerchantFactory(edition=edition), exhibitor=exhibitor)
    services.meeting_accept(meeting=a, side=E, user=None, starts_at=soon(3, 9))
    services.meeting_cancel(meeting=a, side=M, user=None)
    b = MeetingFactory(merchant=MerchantFactory(edition=edition), exhibitor=exhibitor)
    services.meeting_accept(meeting=b, side=E, user=None, starts_at=soon(3, 9))
    assert Meeting.objects.get(pk=b.pk).table == 1


def test_outcome_only_after_the_start(merchant, exhibitor, session):
    meeting = MeetingFactory(merchant=merchant, exhibitor=exhibitor)
    services.meeting_accept(meeting=meeting, side=E, user=None, starts_at=soon(3, 9))
    with pytest.raises(services.MeetingError, match="once it has started"):
        services.meeting_record_outcome(meeting=meeting, side=M, user=None, outcome="follow_up")
    services.meeting_record_outcome(
        meeting=meeting, side=E, user=None, outcome="intention", note="Draft agreement", now=soon(3, 10)
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.outcome, meeting.outcome_note) == ("held", "intention", "Draft agreement")


def test_outcome_links_only_a_project_of_the_same_edition(merchant, exhibitor, session):
    from tests.projects.factories import ProjectFactory

    meeting = MeetingFactory(merchant=merchant, exhibitor=exhibitor)
    services.meeting_accept(meeting=meeting, side=E, user=None, starts_at=soon(3, 9))
    other = ProjectFactory()
    with pytest.raises(services.MeetingError, match="same edition"):
        services.meeting_record_outcome(
            meeting=meeting, side=E, user=None, outcome="project", project=other, now=soon(4)
        )
    project = ProjectFactory(edition=merchant.edition)
    services.meeting_record_outcome(meeting=meeting, side=E, user=None, outcome="project", project=project, now=soon(4))
    assert Meeting.objects.get(pk=meeting.pk).project == project


def test_a_closed_edition_takes_no_request(merchant, exhibitor, edition):
    edition.status = EditionStatus.CLOSED
    edition.save()
    with pytest.raises(EditionClosed):
        _request(merchant, exhibitor)


def test_reminders_are_sent_once_per_meeting(merchant, exhibitor, session):
    meeting = MeetingFactory(merchant=merchant, exhibitor=exhibitor)
    services.meeting_accept(meeting=meeting, side=E, user=None, starts_at=soon(3, 9))
    MeetingFactory(merchant=MerchantFactory(edition=merchant.edition), exhibitor=exhibitor)  # not accepted
    mail.outbox.clear()
    too_early = soon(3, 9) - datetime.timedelta(hours=30)
    assert services.send_due_reminders(now=too_early) == 0
    day_before = soon(3, 9) - datetime.timedelta(hours=20)
    assert services.send_due_reminders(now=day_before) == 1
    assert services.send_due_reminders(now=day_before + datetime.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1
    assert "Reminder" in mail.outbox[0].subject
    assert "Hall A, table 1" in mail.outbox[0].body


def test_merchant_sign_up_creates_an_unverified_account_and_registration(edition):
    user = services.merchant_sign_up(
        edition=edition,
        username="newmerchant",
        email="new@trade.example.org",
        password="A-long-password-2026",
        name="Ivan Petrov",
        country="RU",
        organization="Vladivostok Supply",
        industries=["equipment", "new_energy"],
    )
    attendee = user.attendances.get()
    assert (user.email_verified_at, user.check_password("A-long-password-2026")) == (None, True)
    assert (attendee.kind, attendee.edition, attendee.country.code, attendee.industry) == (
        "merchant",
        edition,
        "RU",
        "equipment",
    )
    assert sorted(attendee.interests.values_list("industry", flat=True)) == ["equipment", "new_energy"]


def test_lead_capture_by_code_then_a_second_scan_updates(edition, exhibitor, exhibitor_staff):
    visitor = AttendeeFactory(edition=edition)
    lead, created = services.lead_capture(
        exhibitor=exhibitor,
        code=f" {visitor.code.lower()[:5]} {visitor.code[5:]} ",
        user=exhibitor_staff,
        edition=edition,
        rating=4,
        note="Robots",
    )
    assert (created, lead.attendee, lead.rating, lead.note, lead.scanned_by) == (
        True,
        visitor,
        4,
        "Robots",
        exhibitor_staff,
    )
    lead, created = services.lead_capture(
        exhibitor=exhibitor, code=visitor.code, user=exhibitor_staff, edition=edition, rating=5
    )
    assert (created, lead.rating, lead.note) == (False, 5, "Robots")
    assert Lead.objects.count() == 1


def test_lead_capture_refuses_an_unknown_code_or_another_edition(edition, exhibitor):
    from tests.factories import EditionFactory

    other = AttendeeFactory(edition=EditionFactory(number=12, year=2019))
    for code in ("NOSUCHCODE", other.code):
        with pytest.raises(services.LeadError, match="No visitor of this edition"):
            services.lead_capture(exhibitor=exhibitor, code=code, user=None, edition=edition)
    assert Lead.objects.count() == 0

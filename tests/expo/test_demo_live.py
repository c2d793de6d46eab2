"""The demo lives (shared/DESIGN.md): the 12th and 13th editions closed, the 14th current and
in preparation, dated from the day the demo is first loaded, so that every demo account's
main job works that day; a second run keeps the dates."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from delegations.models import Delegation
from events.models import Attendee, Event, Registration
from events.selectors import notable_events
from events.services import attendee_register, register_for_event
from exhibitors.models import Booth, BoothApplication, Exhibitor, Pavilion
from exhibitors.services import hold_booth
from expo.models import Edition, Meeting, ProgressReport, WorkItem
from projects.models import Project
from projects.services import registration_is_open
from tests.conftest import DEMO_PASSWORD
from tests.factories import AttendeeFactory, EditionFactory, EventFactory

pytestmark = pytest.mark.django_db


def shift_clock(monkeypatch, days: int) -> None:
    """The machine's clock ``days`` later (or earlier), as every timezone.now() reads it."""
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(days=days))


def current():
    return Edition.objects.get(is_current=True)


def test_the_current_edition_opens_four_months_after_the_demos_first_day(demo):
    today = timezone.localdate()
    edition = current()

    assert (edition.number, edition.status, edition.previous.number) == (14, "preparation", 13)
    assert edition.start_date == today + datetime.timedelta(days=120)
    assert edition.end_date == edition.start_date + datetime.timedelta(days=4)
    assert registration_is_open(edition=edition, today=today)
    assert Meeting.objects.get(edition=edition, number=1).date == today - datetime.timedelta(days=21)
    assert set(Edition.objects.filter(number__in=(12, 13)).values_list("status", flat=True)) == {"closed"}


def test_the_current_committee_has_work_due_before_around_and_after_today(demo):
    today = timezone.localdate()
    items = WorkItem.objects.filter(edition=current())
    tasks = items.exclude(parent=None)

    assert items.count() == 20
    assert tasks.filter(deadline__lt=today).exclude(status="done").exists()  # overdue
    assert tasks.filter(
        deadline__range=(today - datetime.timedelta(days=10), today + datetime.timedelta(days=10))
    ).exists()
    assert tasks.filter(deadline__gt=today + datetime.timedelta(days=30)).exists()
    assert set(items.values_list("status", flat=True)) == {"in_progress", "at_risk", "done"}
    for unit in ("commerce", "changchun"):
        reports = ProgressReport.objects.filter(work_item__edition=current(), unit__code=unit)
        assert {"draft", "returned"} <= set(reports.values_list("status", flat=True)), unit
    assert set(ProgressReport.objects.filter(work_item__edition=current()).values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "accepted",
        "returned",
    }


def test_every_offline_pavilion_has_free_booths_and_some_are_held_and_confirmed(demo):
    edition = current()
    pavilions = Pavilion.objects.filter(edition=edition)
    applications = BoothApplication.objects.filter(booth__pavilion__edition=edition)

    assert pavilions.count() == 7
    for pavilion in pavilions:
        taken = applications.filter(booth__pavilion=pavilion).count()
        assert Booth.objects.filter(pavilion=pavilion).count() > taken + 10, pavilion.code
    assert sorted(applications.values_list("exhibitor__name_en", "booth__pavilion__code", "status")) == [
        ("Changchun Guanghua Intelligent Equipment Co., Ltd.", "auto", "held"),
        ("Changchun Guanghua Intelligent Equipment Co., Ltd.", "tech", "confirmed"),
        ("Hanbit Trading Co., Ltd.", "import", "held"),
        ("Hanbit Trading Co., Ltd.", "northeast-asia", "confirmed"),
    ]
    exhibitor = Exhibitor.objects.get(name_en="Changchun Guanghua Intelligent Equipment Co., Ltd.")
    free = Booth.objects.filter(pavilion__edition=edition, pavilion__code="jilin").exclude(applications__isnull=False)
    assert hold_booth(exhibitor=exhibitor, booth=free.first()).status == "held"


def test_the_current_programme_is_open_for_registration(demo):
    edition = current()
    public = Event.objects.filter(edition=edition, is_public=True)

    assert public.count() == 6
    assert not public.filter(starts_at__lte=timezone.now()).exists()
    assert Registration.objects.filter(event__edition=edition).count() == 10
    visitor = attendee_register(
        edition=edition, kind="merchant", name="Park Min-ji", email="minji@hanbit.example", country="KR"
    ).attendee
    assert register_for_event(event=public.first(), attendee=visitor).status == "confirmed"


def test_some_invitations_are_sent_and_answered(demo):
    statuses = sorted(Delegation.objects.filter(edition=current()).values_list("status", flat=True))

    assert statuses == ["accepted", "accepted", "confirmed", "declined", "draft", "sent", "sent"]


def test_the_demo_units_pipeline_is_in_the_current_edition(demo):
    projects = Project.objects.filter(edition=current())

    assert sorted(projects.values_list("reporting_unit__code", "stage")) == [
        ("changchun", "negotiating"),
        ("changchun", "ready_to_sign"),
        ("commerce", "negotiating"),
        ("commerce", "ready_to_sign"),
        ("commerce", "withdrawn"),
    ]


def counts(edition):
    return {
        "editions": Edition.objects.count(),
        "applications": BoothApplication.objects.count(),
        "reports": ProgressReport.objects.count(),
        "registrations": Registration.objects.count(),
        "attendees": Attendee.objects.count(),
        "delegations": Delegation.objects.count(),
        "projects": Project.objects.count(),
        "work_items": WorkItem.objects.filter(edition=edition).count(),
        "events": Event.objects.count(),
    }


def test_a_second_run_weeks_later_keeps_the_dates_and_changes_nothing(demo, monkeypatch):
    edition = current()
    before = (edition.start_date, edition.end_date, edition.pipeline_opens_on, edition.pipeline_closes_on)
    deadlines = list(WorkItem.objects.filter(edition=edition).order_by("code").values_list("deadline", flat=True))
    meeting = Meeting.objects.get(edition=edition).date
    snapshot = Edition.objects.get(number=13).results_snapshot
    first = counts(edition)
    shift_clock(monkeypatch, 45)

    call_command("seed_demo", light=True, stdout=io.StringIO())

    edition.refresh_from_db()
    assert (edition.start_date, edition.end_date, edition.pipeline_opens_on, edition.pipeline_closes_on) == before
    assert (
        list(WorkItem.objects.filter(edition=edition).order_by("code").values_list("deadline", flat=True)) == deadlines
    )
    assert Meeting.objects.get(edition=edition).date == meeting
    assert Edition.objects.get(number=13).results_snapshot == snapshot
    assert counts(edition) == first


def test_seed_demo_dates_the_current_edition_from_the_day_it_is_given(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)

    call_command("seed_demo", light=True, today=datetime.date(2028, 3, 15), stdout=io.StringIO())

    edition = current()
    assert (edition.start_date, edition.end_date) == (datetime.date(2028, 7, 13), datetime.date(2028, 7, 17))
    assert (edition.year, edition.pipeline_opens_on, edition.pipeline_closes_on) == (
        2028,
        datetime.date(2028, 1, 15),
        datetime.date(2028, 7, 12),
    )
    assert Meeting.objects.get(edition=edition).date == datetime.date(2028, 2, 23)


# Notable events -----------------------------------------------------------------------------

# The factories' events start on 2021-09-23: registrations are made while they are open.
BEFORE = datetime.datetime(2021, 9, 1, tzinfo=datetime.UTC)


def test_notable_events_count_confirmed_registrations_only(db, django_assert_num_queries):
    edition = EditionFactory()
    summit = EventFactory(edition=edition, is_notable=True, title_en="Summit", title_zh="峰会", capacity=2)
    EventFactory(edition=edition, is_notable=False)
    for _ in range(3):
        register_for_event(event=summit, attendee=AttendeeFactory(edition=edition), now=BEFORE)
    register_for_event(event=EventFactory(edition=edition), attendee=AttendeeFactory(edition=edition), now=BEFORE)

    with django_assert_num_queries(1):
        rows = notable_events(edition=edition)

    assert rows == [
        {
            "title_zh": "峰会",
            "title_en": "Summit",
            "date": timezone.localdate(summit.starts_at).isoformat(),
            "attendance": 2,  # the third is on the waiting list
        }
    ]


def test_a_run_that_loads_more_of_a_closed_editions_records_freezes_its_results_again(demo):
    """A full run after a light one loads the 13th's crowds into the closed edition: its
    snapshot is taken again, through a reopening by the demo's superuser, in the activity log."""
    from expo.models import ActivityLog, AuditAction

    thirteenth = Edition.objects.get(number=13)
    assert thirteenth.results_snapshot["merchants"]["count"] == 0
    AttendeeFactory(edition=thirteenth, country="JP")  # as the full demo's crowds would be

    call_command("seed_demo", light=True, stdout=io.StringIO())

    thirteenth.refresh_from_db()
    assert (thirteenth.status, thirteenth.results_snapshot["merchants"]["count"]) == ("closed", 1)
    changes = ActivityLog.objects.filter(action=AuditAction.EDITION_STATUS, object_id=str(thirteenth.pk))
    assert list(changes.order_by("pk").values_list("changes__status", "actor__username")) == [
        (["preparation", "closed"], None),
        (["closed", "open"], "organizer"),
        (["open", "closed"], "organizer"),
    ]

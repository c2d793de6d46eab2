"""Organizers' pages kept per session while the tables they show have not changed
(expo.kept_pages): served again without the view, read again after any write to what they
show (a save, a bulk update, a COPY), never shared between readers, never with a message."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from delegations.models import ProtectedDataAccess
from events.models import Attendee
from expo import bulk, kept_pages
from expo.models import ProgressReport, ReportStatus, WorkItem
from tests.committee.factories import ProgressReportFactory, WorkItemFactory
from tests.delegations.factories import DelegateFactory, DelegationFactory, TravelFactory, at
from tests.factories import AttendeeFactory, MemberUnitFactory, OrganizerFactory

# Real commits: a page is read again after the commit of a write, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

MATRIX = "/staff/committee/"


@pytest.fixture(autouse=True)
def _kept(settings, monkeypatch):
    settings.KEPT_PAGES_SECONDS = 60
    # Versions of this test alone (other processes of the run share the cache).
    monkeypatch.setattr(kept_pages, "VERSION_PREFIX", f"test-kept-{uuid.uuid4().hex}:v:")


@pytest.fixture
def secretary_client(client, edition):
    client.force_login(OrganizerFactory(username="secretary", offices=["secretariat"]))
    client.get(MATRIX)  # the CSRF cookie: a page is kept for a reader that has one
    return client


@pytest.fixture
def item(edition):
    return WorkItemFactory(edition=edition, lead_unit=MemberUnitFactory(code="commerce"), title_en="Theme pavilion")


@pytest.fixture
def rendered(monkeypatch):
    """How many times the matrix's view itself ran."""
    from expo.committee import views

    calls = []
    real = views.committee_selectors.committee_matrix

    def counting(**kwargs):
        calls.append(1)
        return real(**kwargs)

    monkeypatch.setattr(views.committee_selectors, "committee_matrix", counting)
    return calls


def test_a_page_seen_again_unchanged_is_served_without_its_view(secretary_client, item, rendered):
    first = secretary_client.get(MATRIX, HTTP_ACCEPT_LANGUAGE="en")
    again = secretary_client.get(MATRIX, HTTP_ACCEPT_LANGUAGE="en")

    assert len(rendered) == 1
    assert again.status_code == 200
    assert again.content == first.content
    assert "Theme pavilion" in again.content.decode()
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Cache-Control"] == first["Cache-Control"]  # no-store: the browser keeps nothing


def test_a_saved_row_of_a_table_the_page_shows_is_seen_at_once(secretary_client, item, rendered):
    secretary_client.get(MATRIX, HTTP_ACCEPT_LANGUAGE="en")
    item.title_en = "Renamed pavilion"
    item.save()

    html = secretary_client.get(MATRIX, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Renamed pavilion" in html
    assert len(rendered) == 2


def test_a_bulk_update_is_seen_at_once(secretary_client, item):
    """update() sends no signal: the statement itself is noticed."""
    secretary_client.get(MATRIX, HTTP_ACCEPT_LANGUAGE="en")
    WorkItem.objects.filter(pk=item.pk).update(title_en="Bulk renamed")

    assert "Bulk renamed" in secretary_client.get(MATRIX, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_write_changes_the_version_once_after_its_commit(item):
    """Until the commit, the other readers see the old rows: the version changes after it,
    in one cache write for the transaction whatever it wrote."""
    tables = ["expo_progressreport", "expo_workitem"]
    before = kept_pages._versions(tables)
    with transaction.atomic():
        ProgressReportFactory(work_item=item, unit=item.lead_unit, status=ReportStatus.SUBMITTED)
        ProgressReport.objects.filter(work_item=item).update(percent=50)
        WorkItem.objects.filter(pk=item.pk).update(title_en="Changed")
        pending = [callback for _sids, callback, _robust in connection.run_on_commit]
        assert len(pending) == 1
        assert pending[0].tables == set(tables)
        assert kept_pages._versions(tables) == before
    after = kept_pages._versions(tables)
    assert after[0] is not None
    assert after[0] == after[1] != before[0]


def test_a_rolled_back_write_changes_nothing(item):
    before = kept_pages._versions(["expo_workitem"])

    def write_then_fail():
        with transaction.atomic():
            WorkItem.objects.filter(pk=item.pk).update(title_en="Never")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert kept_pages._versions(["expo_workitem"]) == before


def test_a_write_to_a_table_the_page_does_not_show_keeps_it(secretary_client, item, edition, rendered):
    secretary_client.get(MATRIX)
    AttendeeFactory(edition=edition)

    secretary_client.get(MATRIX)

    assert len(rendered) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_rows_copied_in_bulk_are_seen_at_once(client, edition):
    client.force_login(OrganizerFactory(is_superuser=True))
    client.get("/admin/events/attendee/")
    client.get("/admin/events/attendee/")
    copied = AttendeeFactory.build(edition=edition, name="Copied Visitor", code="COPY0001")
    copied.created_at = copied.updated_at = timezone.now()
    fields = [f.attname for f in Attendee._meta.concrete_fields if f.attname != "id"]
    with transaction.atomic():
        row = [Attendee._meta.get_field(name).get_db_prep_value(getattr(copied, name), connection) for name in fields]
        bulk.insert_rows(Attendee, fields, [row])

    assert "Copied Visitor" in client.get("/admin/events/attendee/").content.decode()


def test_each_reader_has_a_page_of_their_own(client, item, rendered):
    other = OrganizerFactory(username="other-secretary", offices=["secretariat"])
    for user in (OrganizerFactory(username="secretary", offices=["secretariat"]), other):
        client.force_login(user)
        client.get(MATRIX)
        client.get(MATRIX)

    # each reader's first page has no CSRF cookie yet, their second is their own
    assert len(rendered) == 3


def test_a_reader_whose_office_was_taken_is_refused_at_once(secretary_client, item):
    assert secretary_client.get(MATRIX).status_code == 200
    user = get_user_model().objects.get(username="secretary")
    user.groups.remove(Group.objects.get(name="secretariat"))

    assert secretary_client.get(MATRIX).status_code == 403


def test_a_page_with_a_message_is_neither_served_nor_kept(secretary_client, item, rendered):
    secretary_client.get(MATRIX)
    storage = CookieStorage(HttpRequest())
    secretary_client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Report accepted.")])

    html = secretary_client.get(MATRIX, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Report accepted." in html
    again = secretary_client.get(MATRIX, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Report accepted." not in again
    assert len(rendered) == 3


def test_each_language_and_address_is_a_page_of_its_own(secretary_client, item, rendered):
    secretary_client.get(MATRIX, HTTP_ACCEPT_LANGUAGE="en")
    chinese = secretary_client.get(MATRIX, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    secretary_client.get(MATRIX + "?page=1", HTTP_ACCEPT_LANGUAGE="en")

    assert "执行委员会" in chinese or "工作" in chinese
    assert len(rendered) == 3


def test_nothing_is_kept_when_switched_off(secretary_client, item, rendered, settings):
    settings.KEPT_PAGES_SECONDS = 0
    secretary_client.get(MATRIX)
    secretary_client.get(MATRIX)
    assert len(rendered) == 2


def test_the_protocol_desk_records_every_view_of_phones_even_when_kept(client, edition):
    delegation = DelegationFactory(edition=edition)
    delegate = DelegateFactory(delegation=delegation, phone="+86 138 0000 0012", name_latin="Ivan Petrov")
    TravelFactory(delegate=delegate, at=at(22, 15))
    client.force_login(OrganizerFactory(username="protocol-staff", offices=["protocol"]))
    path = "/staff/protocol/?day=2021-09-22"

    pages = [client.get(path).content for _ in range(3)]

    assert pages[1] == pages[2]  # the third was kept
    entries = list(ProtectedDataAccess.objects.order_by("pk"))
    assert len(entries) == 3
    assert {(e.where, tuple(e.delegate_ids)) for e in entries} == {("protocol desk 2021-09-22", (delegate.pk,))}


def test_an_admin_list_is_kept_and_read_again_after_a_change(client, edition):
    client.force_login(OrganizerFactory(is_superuser=True))
    attendee = AttendeeFactory(edition=edition, name="Kept Visitor")
    client.get("/admin/events/attendee/")
    first = client.get("/admin/events/attendee/").content
    assert b"Kept Visitor" in first
    assert client.get("/admin/events/attendee/").content == first
    attendee.name = "Renamed Visitor"
    attendee.save()

    assert "Renamed Visitor" in client.get("/admin/events/attendee/").content.decode()


def test_the_admin_attendee_list_is_kept_through_the_check_ins_of_the_day(client, edition):
    """The list shows attendees, not their check-ins: the desks' scans leave it kept."""
    from django.test.utils import CaptureQueriesContext

    from events.services import check_in

    organizer = OrganizerFactory(is_superuser=True)
    client.force_login(organizer)
    attendee = AttendeeFactory(edition=edition, name="Arriving Visitor")
    client.get("/admin/events/attendee/")
    client.get("/admin/events/attendee/")
    check_in(code=attendee.code, edition=edition, by=organizer)

    with CaptureQueriesContext(connection) as queries:
        assert b"Arriving Visitor" in client.get("/admin/events/attendee/").content
    assert not [q for q in queries if "events_attendee" in q["sql"]]


def test_a_cache_that_fails_after_the_commit_never_fails_the_write(item, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(kept_pages.cache, "set_many", down)
    with transaction.atomic():
        WorkItem.objects.filter(pk=item.pk).update(title_en="Written anyway")

    assert WorkItem.objects.get(pk=item.pk).title_en == "Written anyway"

"""A closed edition refuses, through every service, each write that would change its figures,
with a message in the user's language, and nothing is written."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from delegations import services as delegations
from events import services as events
from exhibitors import services as exhibitors
from exhibitors.enums import ApplicationStatus
from expo.errors import EditionClosed
from expo.lifecycle import edition_close
from expo.reports.figures import results_json
from expo.reports.render import render_report
from projects import services as projects
from tests.expo.conftest import row_counts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MESSAGES = {
    "en": "40th China-Northeast Asia Expo is closed: its results are final and can no longer be changed.",
    "zh-hans": "第40届中国—东北亚博览会已闭幕：成果数据已确定，不能再更改。",
}


def _refusals(p):
    """Each refused write, by name: a callable that attempts it."""
    edition = p.edition
    return {
        "attendee_register": lambda: events.attendee_register(
            edition=edition, kind="merchant", name="Late Merchant", email="late@example.org", country="KR"
        ),
        "register_for_event": lambda: events.register_for_event(
            event=p.event, attendee=p.newcomer, now=p.event.starts_at - datetime.timedelta(days=7)
        ),
        "cancel_registration": lambda: events.cancel_registration(registration=p.registration),
        "check_in": lambda: events.check_in(code=p.attendee.code, edition=edition),
        "event_save": lambda: events.event_save(event=p.event),
        "hold_booth": lambda: exhibitors.hold_booth(exhibitor=p.exhibitor, booth=p.free_booth),
        "confirm_application": lambda: exhibitors.confirm_application(application=p.application),
        "reject_application": lambda: exhibitors.reject_application(application=p.application, reason="late"),
        "cancel_application": lambda: exhibitors.cancel_application(application=p.application),
        "exhibit_create": lambda: exhibitors.exhibit_create(
            exhibitor=p.exhibitor, pavilion=p.pavilion, name="Late exhibit", category="Machinery"
        ),
        "exhibit_update": lambda: exhibitors.exhibit_update(exhibit=p.exhibit, name="Renamed"),
        "exhibit_delete": lambda: exhibitors.exhibit_delete(exhibit=p.exhibit),
        "booths_create_grid": lambda: exhibitors.booths_create_grid(
            pavilion=p.pavilion,
            prefix="Z",
            rows=1,
            columns=2,
            width=Decimal(3),
            depth=Decimal(3),
            aisle=Decimal(2),
            start_x=Decimal(0),
            start_y=Decimal(50),
            kind="standard",
            price=Decimal(1),
        ),
        "project_create": lambda: projects.project_create(
            edition=edition,
            reporting_unit=p.project.reporting_unit,
            title="Late project",
            investment_yuan=Decimal("1.00"),
            industry="new_energy",
            municipality=p.project.municipality,
            partner_name="Partner",
            partner_country="KR",
        ),
        "project_update": lambda: projects.project_update(project=p.project, investment_yuan=Decimal("9.00")),
        "delegation_create": lambda: delegations.delegation_create(
            edition=edition, origin_kind="foreign", country="JP"
        ),
        "invitation_transition": lambda: delegations.invitation_cancel(delegation=p.delegate.delegation),
        "delegates_set_attended": lambda: delegations.delegates_set_attended(
            delegate_ids=[p.delegate.pk], attended=False
        ),
    }


def _names():
    class Stub:
        def __getattr__(self, name):
            return None

    return list(_refusals(Stub()).keys())


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("write", _names())
def test_a_closed_edition_refuses_the_write_and_writes_nothing(populated, write, language):
    edition_close(edition=populated.edition)
    before, figures = row_counts(), results_json(edition=populated.edition)
    attempt = _refusals(populated)[write]

    with translation.override(language), pytest.raises(EditionClosed) as refused:
        attempt()

    assert refused.value.message == MESSAGES[language]
    assert row_counts() == before
    assert results_json(edition=populated.edition) == figures
    populated.application.refresh_from_db()
    assert populated.application.status == ApplicationStatus.HELD


@pytest.mark.parametrize("write", _names())
def test_the_same_writes_go_through_while_the_edition_is_open(populated, write):
    """The control: each refusal above is the closing's doing, not a broken attempt."""
    _refusals(populated)[write]()


def test_an_expired_hold_of_a_closed_edition_stays_as_it_was_frozen(populated):
    edition_close(edition=populated.edition)

    released = exhibitors.release_expired_holds(now=timezone.now() + timezone.timedelta(days=30))

    assert released == 0
    populated.application.refresh_from_db()
    assert populated.application.status == ApplicationStatus.HELD


def test_the_snapshot_equals_the_live_figures_at_closing_and_after_refused_writes(populated):
    live = results_json(edition=populated.edition)

    closed = edition_close(edition=populated.edition, by=UserFactory(is_staff=True))
    for attempt in _refusals(populated).values():
        with pytest.raises(EditionClosed):
            attempt()

    assert closed.results_snapshot == live
    assert results_json(edition=populated.edition) == live
    report = json.loads(render_report(kind="results", edition=closed, fmt="json", language="en"))
    assert report == {**live, "frozen": True, "frozen_at": closed.results_snapshot_at.isoformat()}
    assert json.loads(render_report(kind="results", edition=closed, fmt="json", language="en", live=True)) == live


def _write_csv(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


IMPORTS = {
    "import_projects": (
        "projects.csv",
        "title,type,investment_yuan,industry,municipality,partner_name,partner_country,partner_province,stage,signed_on\n"
        "Late project,contract,100.00,new energy and clean energy,Changchun,Partner,KR,,negotiating,\n",
    ),
    "import_attendees": ("merchants.csv", "name,email,country,organization\nLate,late@example.org,KR,Co\n"),
    "import_exhibitors": ("exhibitors.csv", "name,country\nLate Co,KR\n"),
    "import_delegates": ("delegates.csv", "origin_kind,country,name_latin\nforeign,JP,Late Delegate\n"),
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("command", list(IMPORTS))
def test_an_import_into_a_closed_edition_exits_non_zero_and_imports_nothing(populated, tmp_path, command, language):
    edition_close(edition=populated.edition)
    before = row_counts()
    name, text = IMPORTS[command]
    extra = {"kind": "merchant"} if command == "import_attendees" else {}

    with translation.override(language), pytest.raises(CommandError) as failed:
        call_command(
            command,
            str(_write_csv(tmp_path, name, text)),
            edition=40,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
            **extra,
        )

    assert str(failed.value) == MESSAGES[language]
    assert row_counts() == before


def test_the_import_itself_refuses_a_closed_edition_inside_its_transaction(populated):
    """The command refuses before reading the file; the import refuses again in its
    transaction, for an edition closed while the file was being read."""
    from events.imports import import_attendees

    edition_close(edition=populated.edition)
    before = row_counts()

    with pytest.raises(EditionClosed):
        import_attendees(
            rows_source=io.BytesIO(b"name,organization,country,industry,email,phone,invited_by\nLate,,KR,,,,\n"),
            file_format="csv",
            edition=populated.edition,
            kind="merchant",
        )

    assert row_counts() == before

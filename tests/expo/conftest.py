import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from delegations.models import Delegate, Delegation
from events.models import Attendee, CheckIn, Event, Registration
from events.services import check_in, register_for_event
from exhibitors.models import Booth, BoothApplication, Exhibit, Participation, Pavilion
from exhibitors.services import hold_booth
from expo.models import Edition
from projects.models import Project
from tests.delegations.factories import DelegateFactory
from tests.factories import (
    AttendeeFactory,
    BoothFactory,
    EditionFactory,
    EventFactory,
    ExhibitFactory,
    ExhibitorFactory,
    PavilionFactory,
    UserFactory,
)
from tests.projects.factories import SignedProjectFactory

# The rows whose number a refused write must leave as it was.
COUNTED = (
    Attendee,
    Registration,
    CheckIn,
    Event,
    BoothApplication,
    Booth,
    Pavilion,
    Participation,
    Exhibit,
    Project,
    Delegation,
    Delegate,
)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@dataclass
class Populated:
    edition: Edition
    pavilion: Pavilion
    booth: Booth
    free_booth: Booth
    application: BoothApplication
    exhibitor: object
    exhibit: Exhibit
    event: Event
    attendee: Attendee
    newcomer: Attendee
    registration: Registration
    project: Project
    delegate: Delegate


@pytest.fixture
def populated(db) -> Populated:
    """An edition of this year (dates around today) with one of everything that counts in its
    results, still writable."""
    today = timezone.localdate()
    edition = EditionFactory(
        number=40, year=today.year, start_date=today, end_date=today + datetime.timedelta(days=4), is_current=True
    )
    pavilion = PavilionFactory(edition=edition, mode="both")
    booth, free_booth = BoothFactory(pavilion=pavilion), BoothFactory(pavilion=pavilion)
    exhibitor = ExhibitorFactory()
    application = hold_booth(exhibitor=exhibitor, booth=booth, user=UserFactory())
    event = EventFactory(
        edition=edition, starts_at=timezone.now(), ends_at=timezone.now() + datetime.timedelta(hours=2)
    )
    attendee = AttendeeFactory(edition=edition)
    # Registered a week before the event began, while registration was open.
    registration = register_for_event(event=event, attendee=attendee, now=event.starts_at - datetime.timedelta(days=7))
    check_in(code=attendee.code, edition=edition, now=timezone.now() - datetime.timedelta(days=1))
    return Populated(
        edition=edition,
        pavilion=pavilion,
        booth=booth,
        free_booth=free_booth,
        application=application,
        exhibitor=exhibitor,
        exhibit=ExhibitFactory(exhibitor=exhibitor, pavilion=pavilion),
        event=event,
        attendee=attendee,
        newcomer=AttendeeFactory(edition=edition),
        registration=registration,
        project=SignedProjectFactory(edition=edition, signed_on=today),
        delegate=DelegateFactory(delegation__edition=edition, attended=True),
    )

import datetime
from decimal import Decimal

import pytest

from events.models import Attendee, Registration
from tests.delegations.factories import DelegateFactory, DelegationFactory
from tests.factories import (
    AttendeeFactory,
    EventFactory,
    ExhibitFactory,
    ExhibitorFactory,
    OrganizerFactory,
    ParticipationFactory,
    PavilionFactory,
)
from tests.projects.factories import MunicipalityFactory, ProjectFactory, SignedProjectFactory


@pytest.fixture
def results_data(edition):
    """A small edition whose every results figure is computed by hand in the comments."""
    previous = edition.previous
    # Leaders: KR 2 leaders (+1 absent, +1 bureau level), JP 1 leader -> foreign 3 from 2 countries.
    kr = DelegationFactory(edition=edition, country="KR")
    DelegateFactory.create_batch(2, delegation=kr)
    DelegateFactory(delegation=kr, attended=False)
    DelegateFactory(delegation=kr, rank=5)
    DelegateFactory(delegation=DelegationFactory(edition=edition, country="JP"), rank=1)
    # An absent delegation counts for nothing.
    DelegateFactory(delegation=DelegationFactory(edition=edition, country="MN"), attended=False)
    # Central: one institution with 1 leader, one with bureau level only -> 1 leader, 2 institutions.
    for name, rank in (("Ministry of Commerce", 3), ("National Development and Reform Commission", 5)):
        DelegateFactory(
            delegation=DelegationFactory(
                edition=edition, origin_kind="central", country="", institution_en=name, institution_zh=name
            ),
            rank=rank,
        )
    # Provincial: Zhejiang 2 leaders -> 2 leaders, 1 province.
    zhejiang = DelegationFactory(edition=edition, origin_kind="provincial", country="", province="Zhejiang")
    DelegateFactory.create_batch(2, delegation=zhejiang, rank=4)
    # Another edition's leader does not count.
    DelegateFactory(delegation=DelegationFactory(edition=previous, country="RU"))

    # Merchants 3 KR + 2 JP + 1 RU = 6 from 3 countries; 4 online visitors; media not counted.
    for country, n in (("KR", 3), ("JP", 2), ("RU", 1)):
        AttendeeFactory.create_batch(n, edition=edition, country=country)
    AttendeeFactory.create_batch(4, edition=edition, kind="online_visitor", country="CN")
    AttendeeFactory(edition=edition, kind="media", country="US")
    AttendeeFactory(edition=previous, country="DE")

    # Projects: contract 1.5 bn (new energy) + 2.5 bn (automobile), agreement 3 bn (new energy);
    # previous edition contract 2 bn -> growth 100.00 %. Pipeline and withdrawn not counted.
    changchun = MunicipalityFactory()
    signed = {"edition": edition, "municipality": changchun}
    SignedProjectFactory(**signed, investment_yuan=Decimal("1500000000.00"), industry="new_energy")
    SignedProjectFactory(**signed, investment_yuan=Decimal("2500000000.00"), industry="automobile")
    SignedProjectFactory(**signed, type="agreement", investment_yuan=Decimal("3000000000.00"), industry="new_energy")
    ProjectFactory(edition=edition, municipality=changchun, investment_yuan=Decimal("9000000000.00"))
    ProjectFactory(edition=edition, municipality=changchun, stage="withdrawn")
    SignedProjectFactory(edition=previous, municipality=changchun, investment_yuan=Decimal("2000000000.00"))

    # Exhibition: 3 pavilions (2 with offline area 1,000.50 + 2,000.00), offline exhibitors
    # 2 offline + 1 both = 3, online 1 both + 2 online = 3, published exhibits 3 of 4.
    hall_a = PavilionFactory(edition=edition, mode="offline", gross_area_m2=Decimal("1000.50"))
    PavilionFactory(edition=edition, mode="both", gross_area_m2=Decimal("2000.00"))
    online = PavilionFactory(edition=edition, mode="online", gross_area_m2=Decimal("0"))
    for mode, n in (("offline", 2), ("both", 1), ("online", 2)):
        for _ in range(n):
            ParticipationFactory(edition=edition, mode=mode, pavilion=hall_a if mode != "online" else online)
    exhibitor = ExhibitorFactory()
    ExhibitFactory.create_batch(3, exhibitor=exhibitor, pavilion=online)
    ExhibitFactory(exhibitor=exhibitor, pavilion=online, is_published=False)

    # Programme: the main forum with 2 events, 1 supporting conference, 1 theme activity.
    forum = EventFactory(edition=edition, kind="main_forum")
    EventFactory.create_batch(2, edition=edition, kind="forum_event", parent=forum)
    EventFactory(edition=edition, kind="supporting_conference")
    EventFactory(edition=edition, kind="theme_activity")
    # Notable: a summit held alongside with 2 confirmed registrations (a cancelled one does not count).
    summit = EventFactory(
        edition=edition,
        kind="concurrent",
        is_notable=True,
        title_en="Top 500 Enterprises Summit",
        title_zh="500强企业高峰论坛",
        starts_at=datetime.datetime(2021, 9, 22, 14, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))),
    )
    merchants = list(Attendee.objects.filter(edition=edition, kind="merchant").order_by("pk"))
    for attendee, status in zip(merchants, ("confirmed", "confirmed", "cancelled"), strict=False):
        Registration.objects.create(event=summit, attendee=attendee, status=status)
    return edition


@pytest.fixture
def organizer(db):
    return OrganizerFactory(username="secretary", is_superuser=True)


@pytest.fixture
def today():
    return datetime.date(2021, 9, 10)

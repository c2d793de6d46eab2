import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import (
    BoothFactory,
    EditionFactory,
    EventFactory,
    EventRoleFactory,
    ExhibitFactory,
    ExhibitorFactory,
    ParticipationFactory,
    PavilionFactory,
    RoomFactory,
    exhibitor_user,
)
from tests.matchmaking.factories import LeadFactory, MeetingFactory, MerchantFactory


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def live_world(transactional_db):
    return build_world()


def build_world():
    """An edition as a foreign visitor meets it: the programme, the online exhibition, an
    exhibitor with a booth, an exhibit and a meeting, a merchant with a badge."""
    today = timezone.localdate()
    edition = EditionFactory(
        number=14,
        year=today.year,
        is_current=True,
        status="open",
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=34),
        theme_zh="共享新机遇",
        theme_en="Sharing new opportunities",
        venue_zh="长春东北亚国际博览中心",
        venue_en="Changchun Northeast Asia International Expo Center",
    )
    pavilion = PavilionFactory(edition=edition, code="auto", name_zh="汽车馆", name_en="Automobile Pavilion")
    booth = BoothFactory(pavilion=pavilion, code="A001", price=Decimal("12000.00"))
    exhibitor = ExhibitorFactory(
        name="长春光华智能装备有限公司",
        name_en="Changchun Guanghua Intelligent Equipment",
        industry="equipment",
        description="智能装备",
        translations={"ru": {"name": "Чанчунь Гуанхуа"}},
    )
    ParticipationFactory(exhibitor=exhibitor, edition=edition, mode="both", pavilion=pavilion)
    exhibit = ExhibitFactory(
        exhibitor=exhibitor,
        pavilion=pavilion,
        name="智能传感器",
        name_en="Smart sensor",
        category="传感器",
        description="高精度",
        description_en="High precision",
    )
    user = exhibitor_user(exhibitor=exhibitor)
    start = timezone.now() + datetime.timedelta(days=30)
    event = EventFactory(
        edition=edition,
        title_zh="东北亚合作圆桌会",
        title_en="Northeast Asia Cooperation Roundtable",
        description_en="Leaders meet.",
        room=RoomFactory(),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        is_public=True,
    )
    EventRoleFactory(event=event)
    merchant = MerchantFactory(edition=edition, name="Park Ji-ho", organization="Busan Energy")
    meeting = MeetingFactory(merchant=merchant, exhibitor=exhibitor)
    LeadFactory(exhibitor=exhibitor, attendee=merchant)
    return {
        "edition": edition,
        "pavilion": pavilion,
        "booth": booth,
        "exhibitor": exhibitor,
        "exhibit": exhibit,
        "exhibitor_user": user,
        "event": event,
        "merchant": merchant,
        "meeting": meeting,
    }

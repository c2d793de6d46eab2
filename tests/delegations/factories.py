import datetime

import factory
from django_countries import countries

from delegations.enums import Direction, InvitationStatus, OriginKind, Rank, TravelMode
from tests.factories import EditionFactory

# Codes the tests never name themselves, so that a delegation made by the factory never
# clashes with one a test makes for a named country in the same edition.
FACTORY_COUNTRIES = [
    c for c in countries.countries if len(c) == 2 and c not in {"CN", "RU", "JP", "KR", "MN", "FR", "VN"}
]
CST = datetime.timezone(datetime.timedelta(hours=8))


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A time in September 2021 in Changchun."""
    return datetime.datetime(2021, 9, day, hour, minute, tzinfo=CST)


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "delegations.Delegation"

    edition = factory.SubFactory(EditionFactory)
    origin_kind = OriginKind.FOREIGN
    country = factory.Iterator(FACTORY_COUNTRIES)
    status = InvitationStatus.CONFIRMED
    liaison_name = "王磊"
    liaison_phone = "+86 139 4310 1000"


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "delegations.Delegate"

    delegation = factory.SubFactory(DelegationFactory)
    name_original = factory.Sequence(lambda n: f"Иван Петров {n}")
    name_latin = factory.Sequence(lambda n: f"Ivan Petrov {n}")
    title = "Deputy Minister of Foreign Trade"
    rank = Rank.VICE_MINISTERIAL
    attended = True
    passport_number = "E12345689"
    date_of_birth = datetime.date(1965, 3, 12)
    phone = "+86 138 0000 0012"


class TravelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "delegations.Travel"

    delegate = factory.SubFactory(DelegateFactory)
    direction = Direction.ARRIVAL
    mode = TravelMode.FLIGHT
    number = factory.Sequence(lambda n: f"SU {200 + n}")
    place = "Changchun Longjia International Airport"
    at = factory.LazyFunction(lambda: at(22, 15))
    pickup_needed = True


class HotelStayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "delegations.HotelStay"

    delegate = factory.SubFactory(DelegateFactory)
    hotel = "Nanhu Hotel"
    room = factory.Sequence(lambda n: f"{1100 + n}")
    check_in = datetime.date(2021, 9, 22)
    check_out = datetime.date(2021, 9, 25)


class EventAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "delegations.EventAttendance"

    delegate = factory.SubFactory(DelegateFactory)
    event = factory.SubFactory("tests.factories.EventFactory")

import datetime

import factory
from django.utils import timezone

from tests.factories import AttendeeFactory, EditionFactory, UserFactory


def soon(days: int = 3, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A time ``days`` days from today, in the site's time zone: always in the future."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class MerchantFactory(AttendeeFactory):
    """A merchant with a verified account."""

    user = factory.SubFactory(UserFactory, email_verified_at=factory.LazyFunction(timezone.now))
    country = "KR"
    industry = "equipment"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "matchmaking.MatchmakingSession"

    edition = factory.SubFactory(EditionFactory)
    name_zh = factory.Sequence(lambda n: f"洽谈会{n}")
    name_en = factory.Sequence(lambda n: f"Matchmaking {n}")
    location = "Hall A"
    tables = 3
    starts_at = factory.LazyFunction(lambda: soon(3, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    slot_minutes = 30


class MeetingFactory(factory.django.DjangoModelFactory):
    """An open request by the merchant (status requested)."""

    class Meta:
        model = "matchmaking.Meeting"

    merchant = factory.SubFactory(MerchantFactory)
    edition = factory.LazyAttribute(lambda o: o.merchant.edition)
    exhibitor = factory.SubFactory("tests.factories.ExhibitorFactory")
    initiated_by = "merchant"
    mode = "onsite"
    status = "requested"
    message = "Let us meet."
    proposed_times = factory.LazyFunction(lambda: [soon(3, 9).isoformat()])


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "matchmaking.Lead"

    exhibitor = factory.SubFactory("tests.factories.ExhibitorFactory")
    attendee = factory.SubFactory(AttendeeFactory)
    rating = 3
    note = "Met at the booth"

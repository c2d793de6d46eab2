import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from expo.enums import MemberUnitKind
from expo.models import Edition, MemberUnit

TEST_PASSWORD = "correct-horse-battery-staple-42"


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: 100 + n)
    year = factory.LazyAttribute(lambda o: 2000 + o.number)
    name_zh = factory.LazyAttribute(lambda o: f"第{o.number}届中国—东北亚博览会")
    name_en = factory.LazyAttribute(lambda o: f"{o.number}th China-Northeast Asia Expo")
    city_zh = "长春"
    city_en = "Changchun"
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 8, 23))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=4))


class MemberUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberUnit

    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = MemberUnitKind.PROVINCIAL_DEPARTMENT
    name_zh = factory.Sequence(lambda n: f"测试厅{n}")
    name_en = factory.Sequence(lambda n: f"Test Department {n}")
    short_name_zh = factory.Sequence(lambda n: f"测试{n}")
    short_name_en = factory.Sequence(lambda n: f"Test {n}")
    email = factory.LazyAttribute(lambda o: f"{o.code}@example.org")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.django.Password(TEST_PASSWORD)


class OrganizerFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def offices(self, create, extracted, **kwargs):
        from expo.roles import sync_office_groups

        if create and extracted:
            groups = sync_office_groups()
            self.groups.set([groups[o] for o in extracted])


class MemberUnitUserFactory(UserFactory):
    member_unit = factory.SubFactory(MemberUnitFactory)


# Exhibition ---------------------------------------------------------------------------


class PavilionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exhibitors.Pavilion"

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"pavilion-{n}")
    name_zh = factory.Sequence(lambda n: f"测试馆{n}")
    name_en = factory.Sequence(lambda n: f"Test Pavilion {n}")
    mode = "both"
    hall = "1"
    gross_area_m2 = Decimal("10000.00")
    plan_width = Decimal("100.00")
    plan_depth = Decimal("60.00")


class BoothFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exhibitors.Booth"

    pavilion = factory.SubFactory(PavilionFactory)
    code = factory.Sequence(lambda n: f"A{n:03d}")
    kind = "standard"
    area_m2 = Decimal("9.00")
    x = factory.Sequence(lambda n: Decimal((n % 30) * 3))
    y = factory.Sequence(lambda n: Decimal((n // 30 % 20) * 3))
    width = Decimal("3.00")
    depth = Decimal("3.00")
    price = Decimal("12000.00")


class ExhibitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exhibitors.Exhibitor"

    name = factory.Sequence(lambda n: f"吉林测试科技有限公司{n}")
    name_en = factory.Sequence(lambda n: f"Jilin Test Technology Co., Ltd. {n}")
    country = "CN"
    province = "Jilin"
    city = "Changchun"
    industry = "electronics"
    contact_name = "张伟"
    contact_email = factory.Sequence(lambda n: f"contact{n}@exhibitor.example.org")


class ExhibitorMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exhibitors.ExhibitorMember"

    # Organizer-made and existing exhibitor accounts count as verified; a sign-up is not.
    user = factory.SubFactory(UserFactory, email_verified_at=factory.LazyFunction(timezone.now))
    exhibitor = factory.SubFactory(ExhibitorFactory)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exhibitors.Participation"

    exhibitor = factory.SubFactory(ExhibitorFactory)
    edition = factory.SubFactory(EditionFactory)
    mode = "both"


class ExhibitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exhibitors.Exhibit"

    exhibitor = factory.SubFactory(ExhibitorFactory)
    pavilion = factory.SubFactory(PavilionFactory)
    name = factory.Sequence(lambda n: f"Exhibit {n}")
    category = "Machinery"


def exhibitor_user(**kwargs):
    """A user acting for a new exhibitor (or for ``exhibitor=``)."""
    return ExhibitorMemberFactory(**kwargs).user


# Programme and attendance ----------------------------------------------------------------


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Venue"

    name_zh = factory.Sequence(lambda n: f"会场{n}")
    name_en = factory.Sequence(lambda n: f"Venue {n}")


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Room"

    venue = factory.SubFactory(VenueFactory)
    name_zh = factory.Sequence(lambda n: f"会议室{n}")
    name_en = factory.Sequence(lambda n: f"Room {n}")
    capacity = 100


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Event"

    edition = factory.SubFactory(EditionFactory)
    kind = "supporting_conference"
    title_zh = factory.Sequence(lambda n: f"测试会议{n}")
    title_en = factory.Sequence(lambda n: f"Test Conference {n}")
    room = factory.SubFactory(RoomFactory)
    starts_at = factory.LazyFunction(
        lambda: datetime.datetime(2021, 9, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Person"

    name_zh = factory.Sequence(lambda n: f"嘉宾{n}")
    name_en = factory.Sequence(lambda n: f"Speaker {n}")


class AttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Attendee"

    edition = factory.SubFactory(EditionFactory)
    kind = "merchant"
    name = factory.Sequence(lambda n: f"Merchant {n}")
    organization = "Test Trading Co."
    country = "KR"
    email = factory.Sequence(lambda n: f"merchant{n}@trade.example.org")


class EventRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.EventRole"

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    role = "speaker"


class ActivityProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.ActivityProposal"

    edition = factory.SubFactory(EditionFactory)
    unit = factory.SubFactory(MemberUnitFactory)
    kind = "theme_activity"
    title_zh = factory.Sequence(lambda n: f"主题活动{n}")
    title_en = factory.Sequence(lambda n: f"Theme activity {n}")
    wished_start = factory.LazyAttribute(
        lambda o: datetime.datetime.combine(o.edition.start_date, datetime.time(9, 0), tzinfo=datetime.UTC)
    )
    wished_end = factory.LazyAttribute(lambda o: o.wished_start + datetime.timedelta(hours=2))
    expected_participants = 200
    contact_name = "王磊"
    contact_phone = "0431-12345678"

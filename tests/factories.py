import datetime

import factory
from django.contrib.auth import get_user_model

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

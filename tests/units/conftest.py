import datetime

import pytest

from expo.enums import MemberUnitKind
from tests.factories import MemberUnitFactory, MemberUnitUserFactory, OrganizerFactory, RoomFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
CST = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def changchun(db):
    return MemberUnitFactory(
        code="changchun", name_en="Changchun", short_name_en="Changchun", kind=MemberUnitKind.MUNICIPALITY
    )


@pytest.fixture
def jilin(db):
    return MemberUnitFactory(
        code="jilin", name_en="Jilin City", short_name_en="Jilin", kind=MemberUnitKind.MUNICIPALITY
    )


@pytest.fixture
def changchun_user(changchun):
    return MemberUnitUserFactory(member_unit=changchun, username="cc-user")


@pytest.fixture
def jilin_user(jilin):
    return MemberUnitUserFactory(member_unit=jilin, username="jl-user")


@pytest.fixture
def secretary(db):
    return OrganizerFactory(username="secretary", offices=["secretariat"])


@pytest.fixture
def protocol_officer(db):
    return OrganizerFactory(username="protocol-officer", offices=["protocol"])


@pytest.fixture
def room(db):
    return RoomFactory(name_en="Hall A", capacity=300)


def at(edition, day: int, hour: int) -> datetime.datetime:
    """A time during ``edition``: its ``day``-th day (0 is the first) at ``hour`` in Changchun."""
    date = edition.start_date + datetime.timedelta(days=day)
    return datetime.datetime(date.year, date.month, date.day, hour, 0, tzinfo=CST)


def proposal_form(edition, **overrides) -> dict:
    data = {
        "kind": "theme_activity",
        "title_zh": "长春汽车文化周",
        "title_en": "Changchun Automobile Culture Week",
        "description_zh": "展示红旗等品牌。",
        "description_en": "Hongqi and other brands.",
        "wished_start": at(edition, 1, 9).strftime("%Y-%m-%dT%H:%M"),
        "wished_end": at(edition, 1, 11).strftime("%Y-%m-%dT%H:%M"),
        "wished_room": "",
        "own_venue": "",
        "expected_participants": "300",
        "partners": "一汽集团",
        "contact_name": "王磊",
        "contact_phone": "0431-88888888",
        "contact_email": "wanglei@changchun.example.org",
    }
    data.update(overrides)
    return data

import datetime

import pytest

from tests.factories import EditionFactory, MemberUnitUserFactory
from tests.projects.factories import MunicipalityFactory


@pytest.fixture
def editions(db):
    """The 12th and 13th editions, the 13th current and compared with the 12th."""
    twelfth = EditionFactory(
        number=12, year=2019, start_date=datetime.date(2019, 8, 23), end_date=datetime.date(2019, 8, 27)
    )
    thirteenth = EditionFactory(
        number=13,
        year=2021,
        start_date=datetime.date(2021, 9, 23),
        end_date=datetime.date(2021, 9, 27),
        previous=twelfth,
        is_current=True,
    )
    return twelfth, thirteenth


@pytest.fixture
def edition13(editions):
    return editions[1]


@pytest.fixture
def changchun(db):
    return MunicipalityFactory(code="changchun", name_en="Changchun", short_name_en="Changchun", name_zh="长春市")


@pytest.fixture
def yanbian(db):
    return MunicipalityFactory(
        code="yanbian",
        name_en="Yanbian Korean Autonomous Prefecture",
        short_name_en="Yanbian",
        name_zh="延边朝鲜族自治州",
        short_name_zh="延边州",
    )


@pytest.fixture
def open_window(settings):
    """Registration open all year, so that today is inside the window of an edition of this year."""
    settings.PROJECTS_REGISTRATION_WINDOW = ((1, 1), (12, 31))


@pytest.fixture
def unit_user(changchun):
    return MemberUnitUserFactory(member_unit=changchun)

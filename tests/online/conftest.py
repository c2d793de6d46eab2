"""An online exhibition with known answers: two-character Chinese words (汽车, 人参),
mixed Chinese and Latin names, English, and what must never appear."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from exhibitors.enums import ApplicationStatus
from exhibitors.models import BoothApplication
from tests.factories import (
    BoothFactory,
    EditionFactory,
    ExhibitFactory,
    ExhibitorFactory,
    ParticipationFactory,
    PavilionFactory,
)

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture(autouse=True)
def _cold_cache(settings):
    """A cache of this process only, cleared around each test. With REDIS_URL (CI) the site's
    cache shares its Redis database with the Celery broker and the other test processes: a
    clear there would flush their cached pages and the queued messages of real workers."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "online"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hall(db):
    edition = EditionFactory(number=40, year=2040, is_current=True)
    auto = PavilionFactory(edition=edition, code="auto", name_zh="汽车馆", name_en="Automobile Pavilion", sort_order=1)
    food = PavilionFactory(edition=edition, code="food", name_zh="食品馆", name_en="Food Pavilion", sort_order=2)
    faw = ExhibitorFactory(
        name="长春一汽汽车制造有限公司",
        name_en="FAW Changchun Automobile Co., Ltd.",
        industry="automobile",
        description="红旗品牌的整车制造。",
    )
    ginseng = ExhibitorFactory(
        name="长白山人参饮品有限公司",
        name_en="Changbai Mountain Ginseng Drinks Co., Ltd.",
        industry="agriculture_food",
        description="",
    )
    hyundai = ExhibitorFactory(
        name="Hyundai汽车(中国)",
        name_en="Hyundai Motor (China)",
        country="KR",
        province="",
        city="",
        industry="automobile",
        description="Korean cars.",
    )
    offline_only = ExhibitorFactory(name="只在线下的汽车公司", name_en="Offline Only Cars", industry="automobile")
    other_edition = ExhibitorFactory(name="往届汽车公司", name_en="Former Cars", industry="automobile")
    ParticipationFactory(exhibitor=faw, edition=edition, pavilion=auto, mode="both")
    ParticipationFactory(exhibitor=ginseng, edition=edition, pavilion=food, mode="online")
    ParticipationFactory(exhibitor=hyundai, edition=edition, pavilion=auto, mode="online")
    ParticipationFactory(exhibitor=offline_only, edition=edition, pavilion=auto, mode="offline")
    former = EditionFactory(number=39, year=2039)
    former_pavilion = PavilionFactory(edition=former, code="auto", name_zh="汽车馆", name_en="Automobile Pavilion")
    ParticipationFactory(exhibitor=other_edition, edition=former, pavilion=former_pavilion, mode="online")
    exhibits = SimpleNamespace(
        hongqi=ExhibitFactory(
            exhibitor=faw,
            pavilion=auto,
            name="红旗新能源汽车",
            name_en="Hongqi electric car",
            category="整车",
            description="纯电动轿车，续航六百公里。",
        ),
        tea=ExhibitFactory(
            exhibitor=ginseng,
            pavilion=food,
            name="人参茶",
            name_en="Ginseng tea",
            category="饮品",
            description="用长白山的原料制成。",
        ),
        wild=ExhibitFactory(
            exhibitor=ginseng,
            pavilion=food,
            name="野山参礼盒",
            name_en="Wild mountain root gift box",
            category="礼品",
            description="五年生的人参，产自长白山。",
        ),
        secret=ExhibitFactory(
            exhibitor=ginseng, pavilion=food, name="秘密人参酒", category="酒", description="", is_published=False
        ),
        sonata=ExhibitFactory(
            exhibitor=hyundai, pavilion=auto, name="Sonata 索纳塔", category="Cars", description="A sedan."
        ),
        offline=ExhibitFactory(exhibitor=offline_only, pavilion=auto, name="线下汽车", category="整车"),
        former=ExhibitFactory(exhibitor=other_edition, pavilion=former_pavilion, name="往届汽车", category="整车"),
    )
    booth = BoothFactory(pavilion=auto, code="A001")
    BoothApplication.objects.create(booth=booth, exhibitor=faw, status=ApplicationStatus.CONFIRMED)
    return SimpleNamespace(
        edition=edition,
        former=former,
        auto=auto,
        food=food,
        faw=faw,
        ginseng=ginseng,
        hyundai=hyundai,
        offline_only=offline_only,
        other_edition=other_edition,
        exhibits=exhibits,
        booth=booth,
    )

"""The exhibitor's floor plan is kept for its reader (expo.kept_pages) while nothing it shows
changes: served again without building the plan, built again after any hold, confirmation
or cancellation (whoever made it), never shared between two exhibitors."""

import uuid
from decimal import Decimal

import pytest

from exhibitors import selectors
from exhibitors.services import cancel_application, hold_booth
from expo import kept_pages
from tests.factories import (
    BoothFactory,
    EditionFactory,
    ExhibitorFactory,
    PavilionFactory,
    exhibitor_user,
)

# Real commits: a page is built again after the commit of a write, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _kept(settings, monkeypatch):
    settings.KEPT_PAGES_SECONDS = 60
    # Versions of this test alone (other processes of the run share the cache).
    monkeypatch.setattr(kept_pages, "VERSION_PREFIX", f"test-kept-{uuid.uuid4().hex}:v:")


@pytest.fixture
def pavilion():
    edition = EditionFactory(number=13, is_current=True)
    return PavilionFactory(edition=edition, mode="offline", gross_area_m2=Decimal("1000"))


@pytest.fixture
def built(monkeypatch):
    """How many times the plan itself was built."""
    calls = []
    real = selectors.floor_plan_booths

    def counting(**kwargs):
        calls.append(1)
        return real(**kwargs)

    monkeypatch.setattr(selectors, "floor_plan_booths", counting)
    return calls


def _reader(client, exhibitor=None):
    user = exhibitor_user(**({"exhibitor": exhibitor} if exhibitor else {}))
    client.force_login(user)
    return client


def _state(html: str, code: str) -> str:
    marker = f'data-code="{code}" data-state="'
    return html.split(marker, 1)[1].split('"', 1)[0]


def test_the_plan_seen_again_unchanged_is_not_built_again(client, pavilion, built):
    BoothFactory(pavilion=pavilion, code="A001")
    reader = _reader(client)
    url = f"/exhibitor/pavilions/{pavilion.pk}/"
    reader.get(url, **EN)  # the first visit sets the CSRF cookie the page's form needs
    first = reader.get(url, **EN)
    again = reader.get(url, **EN)

    assert len(built) == 2
    assert again.content == first.content
    assert _state(again.content.decode(), "A001") == "free"


def test_a_hold_by_another_exhibitor_shows_at_the_next_request(client, pavilion, built):
    booth = BoothFactory(pavilion=pavilion, code="A001")
    reader = _reader(client)
    url = f"/exhibitor/pavilions/{pavilion.pk}/"
    reader.get(url, **EN)
    reader.get(url, **EN)

    application = hold_booth(exhibitor=ExhibitorFactory(), booth=booth)
    assert _state(reader.get(url, **EN).content.decode(), "A001") == "held"

    cancel_application(application=application)
    assert _state(reader.get(url, **EN).content.decode(), "A001") == "free"
    assert len(built) == 4  # the first visit (no CSRF cookie yet), the second, and after each write


def test_the_readers_own_hold_shows_as_theirs(client, pavilion):
    booth = BoothFactory(pavilion=pavilion, code="A001")
    reader = _reader(client)
    url = f"/exhibitor/pavilions/{pavilion.pk}/"
    reader.get(url, **EN)
    reader.get(url, **EN)

    response = reader.post(f"/exhibitor/booths/{booth.pk}/hold/", follow=True, **EN)
    assert "is held for you" in response.content.decode()

    assert _state(reader.get(url, **EN).content.decode(), "A001") == "mine"


def test_two_exhibitors_never_share_a_kept_plan(client, pavilion, django_user_model):
    from django.test import Client

    booth = BoothFactory(pavilion=pavilion, code="A001")
    holder = ExhibitorFactory()
    hold_booth(exhibitor=holder, booth=booth)
    url = f"/exhibitor/pavilions/{pavilion.pk}/"
    theirs, other = _reader(client, holder), _reader(Client())
    for reader in (theirs, other, theirs, other):
        reader.get(url, **EN)

    assert _state(theirs.get(url, **EN).content.decode(), "A001") == "mine"
    assert _state(other.get(url, **EN).content.decode(), "A001") == "held"


def test_the_plan_is_kept_in_the_process_only_never_in_the_shared_cache(client, pavilion, built, monkeypatch):
    """During a rush every hold would leave a copy of each reader's plan (up to a megabyte) in
    the shared cache until it expired."""
    BoothFactory(pavilion=pavilion, code="A001")
    written = []
    real_set = kept_pages.cache.set
    monkeypatch.setattr(kept_pages.cache, "set", lambda key, *a, **k: written.append(key) or real_set(key, *a, **k))
    reader = _reader(client)
    url = f"/exhibitor/pavilions/{pavilion.pk}/"
    for _ in range(3):
        reader.get(url, **EN)

    assert len(built) == 2  # kept all the same
    assert not [key for key in written if key.startswith(kept_pages.PAGE_PREFIX)]

"""Which writes change the online exhibition's version (and so empty the cache of every online
page): a booth hold of the morning rush is not shown online, a confirmed booth is."""

import pytest
from django.core.cache import cache

from exhibitors import services
from exhibitors.enums import ApplicationStatus
from exhibitors.models import BoothApplication, Participation
from exhibitors.signals import ONLINE_VERSION_KEY, online_version, online_version_forget
from tests.factories import BoothFactory, EditionFactory, ExhibitorFactory, ParticipationFactory, PavilionFactory

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A cache of this process only: another test process would bump the shared version."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ver"}}
    cache.clear()
    online_version_forget()
    yield
    online_version_forget()


@pytest.fixture
def booth():
    edition = EditionFactory(number=40, is_current=True)
    return BoothFactory(pavilion=PavilionFactory(edition=edition, mode="offline", booking_open=True))


def version() -> int:
    online_version_forget()
    return cache.get(ONLINE_VERSION_KEY) or online_version()


def test_a_hold_and_its_offline_participation_leave_the_online_pages_alone(booth, django_capture_on_commit_callbacks):
    exhibitor = ExhibitorFactory()
    before = version()
    with django_capture_on_commit_callbacks(execute=True):
        application = services.hold_booth(exhibitor=exhibitor, booth=booth)
    assert application.status == ApplicationStatus.HELD
    assert Participation.objects.get(exhibitor=exhibitor).mode == "offline"
    assert version() == before
    # Given back: still never shown.
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_application(application=application)
    assert version() == before


def test_a_confirmed_booth_is_shown_online_and_so_is_its_cancellation(booth, django_capture_on_commit_callbacks):
    application = services.hold_booth(exhibitor=ExhibitorFactory(), booth=booth)
    before = version()
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_application(application=application)
    confirmed = version()
    assert confirmed != before

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_application(application=BoothApplication.objects.get(pk=application.pk))
    assert version() != confirmed


def test_an_online_participation_changes_the_version_and_so_does_going_offline(django_capture_on_commit_callbacks):
    before = version()
    participation = ParticipationFactory(mode="online")
    created = version()
    assert created != before

    participation = Participation.objects.get(pk=participation.pk)
    participation.mode = "offline"
    participation.save()
    assert version() != created  # it was shown: leaving the online exhibition shows too


def test_a_row_read_without_its_field_counts_as_shown(booth):
    application = services.hold_booth(exhibitor=ExhibitorFactory(), booth=booth)
    before = version()
    deferred = BoothApplication.objects.only("pk", "held_until").get(pk=application.pk)
    deferred.save(update_fields=["held_until"])
    assert version() != before

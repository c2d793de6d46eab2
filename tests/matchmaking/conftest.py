import pytest

from tests.factories import ExhibitorFactory, exhibitor_user
from tests.matchmaking.factories import MerchantFactory, SessionFactory


@pytest.fixture
def session(edition):
    return SessionFactory(edition=edition)


@pytest.fixture
def merchant(edition):
    return MerchantFactory(edition=edition, name="Park Ji-ho", organization="Busan Energy")


@pytest.fixture
def exhibitor(db):
    return ExhibitorFactory(industry="equipment", name_en="Guanghua Equipment")


@pytest.fixture
def exhibitor_staff(exhibitor):
    return exhibitor_user(exhibitor=exhibitor)


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in the test's own process, as a worker would."""
    from expo.celery import app as celery_app

    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False

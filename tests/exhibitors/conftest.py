import pytest

from expo.celery import app as celery_app
from tests.factories import BoothFactory, EditionFactory, ExhibitorFactory, PavilionFactory


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in the test's own process, as a worker would."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def edition13(db):
    return EditionFactory(number=13, year=2021, is_current=True)


@pytest.fixture
def pavilion(edition13):
    return PavilionFactory(
        edition=edition13, code="tech", name_en="Technological Innovation Pavilion", name_zh="科技创新馆"
    )


@pytest.fixture
def booth(pavilion):
    return BoothFactory(pavilion=pavilion, code="S001")


@pytest.fixture
def exhibitor(db):
    return ExhibitorFactory()

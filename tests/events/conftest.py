import pytest

from expo.celery import app as celery_app


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in the test's own process, as a worker would (the registration mail
    is sent by the worker: events/tasks.py)."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False

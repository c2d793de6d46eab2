import os
import uuid

import pytest
from django.conf import settings
from django_celery_results.models import TaskResult

from expo.tasks import ping
from tests.helpers import start_worker


@pytest.fixture
def worker(transactional_db, tmp_path):
    """A real Celery worker process on a queue of its own, storing results in the test database."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with open(tmp_path / "worker.log", "w+") as log:
        process = start_worker(queue, log)
        yield queue
        process.terminate()
        process.wait(timeout=30)
        log.seek(0)
        print(log.read())


@pytest.mark.slow
def test_worker_process_consumes_a_task_and_stores_its_result(worker):
    result = ping.apply_async(queue=worker)

    answer = result.get(timeout=60)

    assert answer["pong"] is True
    stored = TaskResult.objects.get(task_id=result.id)
    assert (stored.status, stored.task_name) == ("SUCCESS", "expo.ping")


@pytest.mark.skipif(os.environ.get("CI") != "true", reason="CI must run the worker round trip through Redis")
def test_ci_runs_the_worker_through_redis():
    assert settings.CELERY_BROKER_URL.startswith("redis://")

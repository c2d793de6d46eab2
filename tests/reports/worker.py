"""A real Celery worker process for report tests, on a queue of its own."""

import os
import subprocess
import sys

from tests.helpers import ROOT, database_url_of_tests


def start_worker(queue: str, log, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "expo",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],  # fmt: skip
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url_of_tests(), "REPORTS_QUEUE": queue, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

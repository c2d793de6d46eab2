"""Checks of the services the product depends on, for /healthz and the staff dashboard."""

import datetime
import logging
import os

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from kombu import Connection
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from expo.celery import app as celery_app
from expo.models import ServiceHeartbeat

logger = logging.getLogger(__name__)

# What sending a task raises when the broker is down or refuses the message (kombu wraps
# most transport errors in its OperationalError; a socket error may come through as is).
BROKER_ERRORS = (KombuError, RedisError, OSError)


# Anyone may read /healthz: it answers status words only; what went wrong goes to the log.
OK = "ok"
ERROR = "error"


def _error(service: str, exc: Exception) -> str:
    logger.warning("%s check failed: %s: %s", service, exc.__class__.__name__, str(exc)[:500])
    return ERROR


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure is the answer, not a crash
        return _error("database", exc)
    return OK


def check_broker() -> str:
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            connect_timeout=2,
        ) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=3)
            conn.default_channel  # noqa: B018 - opening a channel is what publishing needs
        if settings.CELERY_BROKER_URL.startswith("filesystem://"):
            # The filesystem transport "connects" to anything; its folders are the broker.
            for key in ("data_folder_in", "processed_folder"):
                folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS[key]
                if not os.access(folder, os.W_OK):
                    raise OSError(f"broker folder {folder} is not writable")
    except Exception as exc:
        return _error("broker", exc)
    return OK


def service_status() -> dict[str, str]:
    return {"database": check_database(), "broker": check_broker()}


# Background services, for the staff dashboard -------------------------------------------

WORKERS_CACHE_KEY = "expo:health:workers"


def worker_names() -> list[str] | None:
    """The workers that answer a control ping within WORKER_PING_TIMEOUT_SECONDS (an empty
    list: none), or None when the broker cannot be asked. Cached for
    WORKER_PING_CACHE_SECONDS, so the dashboard waits for the answer at most that often."""
    cached = cache.get(WORKERS_CACHE_KEY)
    if cached is not None:
        return cached.get("names")
    try:
        options = dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS)
        if settings.CELERY_BROKER_URL.startswith("filesystem://"):
            options["polling_interval"] = 0.05  # read the answers at once, not once a second
        with Connection(settings.CELERY_BROKER_URL, transport_options=options, connect_timeout=1) as conn:
            replies = celery_app.control.ping(timeout=settings.WORKER_PING_TIMEOUT_SECONDS, connection=conn) or []
        names: list[str] | None = sorted(name for reply in replies for name in reply)
    except Exception as exc:  # an unreachable broker is an answer too
        logger.warning("worker ping failed: %s: %s", exc.__class__.__name__, str(exc)[:500])
        names = None
    cache.set(WORKERS_CACHE_KEY, {"names": names}, settings.WORKER_PING_CACHE_SECONDS)
    return names


def beat_last_seen() -> datetime.datetime | None:
    return ServiceHeartbeat.objects.filter(name="beat").values_list("at", flat=True).first()


def background_status() -> dict:
    """Whether workers answer and beat sends its tasks: ``workers`` is ok, missing or
    unknown (broker unreachable); ``beat`` is ok, missing or unknown (no worker to run
    beat's heartbeat task, so its silence says nothing)."""
    names = worker_names()
    workers = "unknown" if names is None else (OK if names else "missing")
    seen = beat_last_seen()
    fresh = seen is not None and seen >= timezone.now() - datetime.timedelta(
        seconds=settings.BEAT_MISSING_AFTER_SECONDS
    )
    beat = OK if fresh else ("missing" if workers == OK else "unknown")
    return {"workers": workers, "worker_names": names or [], "beat": beat, "beat_seen": seen}

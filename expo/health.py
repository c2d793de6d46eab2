"""Checks of the services the product depends on, for /healthz and the staff dashboard."""

import logging
import os

from django.conf import settings
from django.db import connection
from kombu import Connection

logger = logging.getLogger(__name__)


def _error(exc: Exception) -> str:
    return f"error: {exc.__class__.__name__}: {str(exc)[:200]}".rstrip(": ")


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure is the answer, not a crash
        logger.warning("database check failed: %s", exc)
        return _error(exc)
    return "ok"


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
        logger.warning("broker check failed: %s", exc)
        return _error(exc)
    return "ok"


def service_status() -> dict[str, str]:
    return {"database": check_database(), "broker": check_broker()}

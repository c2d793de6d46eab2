"""The Celery application: configured from Django's settings (CELERY_*), tasks autodiscovered
(``<app>.tasks``) and imported from the modules ``imports`` names."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo.settings")

app = Celery("expo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Task modules that are not an app's ``tasks``: the worker imports them all at start-up.
app.conf.imports = (
    "expo.import_runs",
    "expo.verification",
    "expo.reports.runs",
    "expo.reports.tasks",
    "expo.committee.tasks",
)

"""The expo-day locustfile runs: a few users for a few seconds against the live test server,
each kind without an error, and the invariants hold afterwards. The load test itself is
``make bench`` (tests/bench/run.py), too slow for ``make test``."""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db.models import Count

from events.models import CheckIn
from exhibitors.models import BoothApplication
from expo.models import ReportFormat, ReportKind, ReportLanguage, ReportRun
from tests.bench.run import session_for
from tests.factories import (
    AttendeeFactory,
    BoothFactory,
    ExhibitFactory,
    ExhibitorMemberFactory,
    OrganizerFactory,
    ParticipationFactory,
    PavilionFactory,
)

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.mark.timeout(600)  # a live server and a locust process: slow on a loaded machine
def test_the_expo_day_locustfile_runs_every_kind_without_an_error(live_server, edition, settings, tmp_path):
    settings.EVENTS_REGISTRATION_PER_ADDRESS = (100_000, 600)
    pavilion = PavilionFactory(edition=edition)
    booths = [BoothFactory(pavilion=pavilion).pk for _ in range(12)]
    online = ParticipationFactory(edition=edition, pavilion=pavilion)
    ExhibitFactory(exhibitor=online.exhibitor, pavilion=pavilion, is_published=True)
    codes = [AttendeeFactory(edition=edition, code=f"SMOKE{n:05d}").code for n in range(60)]
    desk = OrganizerFactory(offices=["exhibition"])
    organizer = OrganizerFactory(is_superuser=True)
    exhibitors = [ExhibitorMemberFactory().user for _ in range(3)]
    config = {
        "run": "smoke",
        "mail_domain": "smoke.example",
        "sessions": {
            "desk": [session_for(desk, otp=True)],
            "exhibitor": [session_for(user) for user in exhibitors],
            "organizer": [session_for(organizer, otp=True)],
        },
        "badge_codes": codes,
        "booths": booths,
        "pavilions": [pavilion.pk],
        "online": {"number": edition.number, "pavilion": pavilion.code, "exhibitors": [online.exhibitor_id]},
        # Several values of one field (the formats): the form must be encoded as a browser does.
        "report_form": {
            "kind": ReportKind.RESULTS.value,
            "edition": edition.pk,
            "language": ReportLanguage.CHINESE.value,
            "formats": [ReportFormat.JSON.value, ReportFormat.XLSX.value],
        },
        "reports": 1,
        "weights": {"reader": 1, "merchant": 1, "desk": 1, "exhibitor": 1, "organizer": 1},
        "desk_wait": 0.2,
        "max_requests": 300,
    }
    (tmp_path / "config.json").write_text(json.dumps(config), encoding="utf-8")

    done = subprocess.run(
        [
            sys.executable, "-m", "locust", "-f", str(ROOT / "tests" / "bench" / "locustfile.py"), "--headless",
            "--only-summary", "-u", "5", "-r", "5", "-t", "20s", "--stop-timeout", "20", "--host", live_server.url,
            "--csv", str(tmp_path / "smoke"), "--loglevel", "WARNING",
        ],
        cwd=ROOT,
        env={**os.environ, "EXPO_DAY_CONFIG": str(tmp_path / "config.json")},
        capture_output=True,
        text=True,
        timeout=180,
    )  # fmt: skip

    rows = {row["Name"]: row for row in csv.DictReader((tmp_path / "smoke_stats.csv").open(encoding="utf-8"))}
    assert done.returncode in (0, 1), done.stderr[-2000:]
    failures = {name: row["Failure Count"] for name, row in rows.items() if row["Failure Count"] != "0"}
    assert not failures, (failures, (tmp_path / "smoke_failures.csv").read_text(encoding="utf-8"))
    for kind in ("reader:", "check-in: scan", "booth: hold", "merchant: register", "organizer:"):
        assert sum(int(row["Request Count"]) for name, row in rows.items() if name.startswith(kind)) > 0, kind
    assert CheckIn.objects.filter(by=desk).exists()
    assert not CheckIn.objects.values("attendee", "day").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert sum(int(row["Request Count"]) for name, row in rows.items() if name == "organizer: request a report") in (
        0,
        1,
    )
    assert ReportRun.objects.count() == int(rows.get("organizer: request a report", {}).get("Request Count", 0))
    held = BoothApplication.objects.filter(status__in=("held", "confirmed"))
    assert held.exists()
    assert not held.values("booth").annotate(n=Count("pk")).filter(n__gt=1).exists()


def test_the_locustfile_refuses_a_host_other_than_the_loopback(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"badge_codes": [], "booths": []}), encoding="utf-8")

    done = subprocess.run(
        [
            sys.executable, "-m", "locust", "-f", str(ROOT / "tests" / "bench" / "locustfile.py"), "--headless",
            "-u", "1", "-t", "1s", "--host", "http://example.org",
        ],
        cwd=ROOT,
        env={**os.environ, "EXPO_DAY_CONFIG": str(tmp_path / "config.json")},
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip

    assert done.returncode != 0
    assert "loopback only" in done.stderr

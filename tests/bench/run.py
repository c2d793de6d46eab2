"""``make bench``: the system measured against the floor of its own stack, at K=1 and K=10.

In one process tree, on PostgreSQL and Redis (it stops and says so when either is missing):

- report vs floor: ``manage.py build_report results`` as JSON, XLSX and PDF against
  tests/bench/results.sql, the same figures written by hand and run by psql;
- pages vs floor: requests per second and p50/p95 latency (wrk, bounded in time) of six pages
  served by gunicorn with the production settings, against /bench/floor (``EXPO_BENCH=1``);
- booth contention over HTTP: 200 exhibitor sessions racing for 50 booths through the portal's
  hold endpoint; booths held twice, counted in SQL, must be 0;
- the online exhibition (issue 18): its home, a pavilion, an exhibitor and an exhibit page
  against 0.5x the anonymous floor, and search (a rare word, a common one, one found in every
  exhibit) with its p95 under 150 ms at K=10;
- matchmaking over HTTP (issue 19): 200 merchants request meetings with 50 exhibitors, the
  exhibitors accept them at a slot and a table of a matchmaking session that has fewer
  tables than exhibitors; accepted meetings per second, and no table or person booked twice
  (counted in SQL);
- import vs COPY: 210,000 online visitors from CSV through ``import_attendees`` against
  psql ``\\copy`` of the same file into a table shaped like events_attendee, with its indexes
  and constraints (the floor of the same work), and into a bare scratch table;
- growth: each figure at every factor, and the peak RSS of the report builder.

Writes docs/benchmarks/<date>.md and .json. Not collected by pytest (no test_ prefix).
"""

import argparse
import contextlib
import csv
import datetime
import hashlib
import http.client
import itertools
import json
import os
import platform
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
WORK = ROOT / "var" / "bench"
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8105"))
# The expo day with a desks' pool: the rest of the site's web workers at this niceness.
WEB_NICENESS = 5
# The desks' own web workers (README: the expo day on one machine): above the usual priority.
DESK_NICENESS = -5
# The desks' threads of the bench, which measure the desks' latency (DeskThreads).
DESK_CLIENT_NICENESS = -5
EDITION_BASE = 41  # K=1 is edition 41, K=10 edition 42, ...
IMPORT_EDITION = 49
CONTENTION_SESSIONS, CONTENTION_BOOTHS = 200, 50
VISITORS = 210_000
MATCH_MERCHANTS, MATCH_EXHIBITORS, MATCH_REQUESTS_EACH, MATCH_TABLES, MATCH_TRIES = 200, 50, 3, 40, 4
ONLINE_PAGES = ("online: home", "online: pavilion", "online: exhibitor", "online: exhibit")
SECTIONS = ("report", "pages", "contention", "import", "matchmaking", "expo_day")
TARGETS = {
    "online_vs_floor": 0.5,
    "search_p95_ms": 150,
    "report_vs_floor": 3.0,
    "page_vs_floor": 0.4,
    "import_vs_copy": 4.0,
    "report_growth": 10.0,
    "rss_growth": 2.0,
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


class Unavailable(Exception):
    pass


# Preconditions -------------------------------------------------------------------------------


def check_servers() -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise Unavailable(f"make bench needs PostgreSQL: DATABASE_URL is {url or 'not set'}")
    broker = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or ""
    if not broker.startswith("redis://"):
        raise Unavailable(f"make bench needs Redis: CELERY_BROKER_URL is {broker or 'not set'}")
    redis = urlparse(broker)
    try:
        with socket.create_connection((redis.hostname or "127.0.0.1", redis.port or 6379), timeout=3) as s:
            s.sendall(b"PING\r\n")
            if not s.recv(64).startswith(b"+PONG"):
                raise Unavailable(f"Redis at {broker} does not answer PING")
    except OSError as exc:
        raise Unavailable(f"make bench needs Redis: cannot reach {broker} ({exc})") from None
    for tool, hint in (("psql", "apt-get install postgresql-client"), ("wrk", "apt-get install wrk")):
        if not shutil.which(tool):
            raise Unavailable(f"make bench needs {tool}: {hint}")
    db = urlparse(url)
    probe = subprocess.run([*psql_args(), "-c", "select 1"], capture_output=True, text=True)
    if probe.returncode and "does not exist" in probe.stderr:
        server = url.rsplit("/", 1)[0] + "/postgres"
        name = db.path.lstrip("/")
        subprocess.run(["psql", "-X", "-q", server, "-c", f'CREATE DATABASE "{name}"'], capture_output=True)
        probe = subprocess.run([*psql_args(), "-c", "select 1"], capture_output=True, text=True)
    if probe.returncode:
        raise Unavailable(f"make bench needs PostgreSQL: {db.hostname}:{db.port} says {probe.stderr.strip()}")
    return {"database": f"{db.hostname}:{db.port or 5432}{db.path}", "broker": broker}


def psql_args() -> list[str]:
    return ["psql", "-X", "-q", os.environ["DATABASE_URL"]]


def manage(*args: str, timed: bool = False, **kwargs) -> subprocess.CompletedProcess:
    command = [PYTHON, "manage.py", *args]
    if timed:
        command = ["/usr/bin/time", "-v", *command]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, **kwargs)


def peak_rss_mb(stderr: str) -> float | None:
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    return round(int(found.group(1)) / 1024, 1) if found else None


# Data ----------------------------------------------------------------------------------------


def django_setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo.settings")
    import django

    django.setup()


def ensure_edition(number: int, factor: float) -> dict:
    from exhibitors.models import Participation
    from expo.models import Edition

    offline, online = int(1001 * factor + 0.5), int(1832 * factor + 0.5)
    expected = offline + online - min(int(offline * 0.65 + 0.5), online)
    edition = Edition.objects.filter(number=number).first()
    have = Participation.objects.filter(edition=edition).exclude(pavilion__code__startswith="bench-").count()
    if edition is not None and have == expected:
        from expo.scale import analyze_after_bulk_load

        log(f"edition {number} (K={factor:g}) is there: reused (ANALYZE {analyze_after_bulk_load():.1f} s)")
        return {"seed_s": None, "reused": True}
    log(f"seed_scale --edition {number} --factor {factor:g} ...")
    started = time.monotonic()
    done = manage("seed_scale", "--edition", str(number), "--factor", str(factor), "--replace", timed=True)
    if done.returncode:
        raise RuntimeError(f"seed_scale failed: {done.stderr[-2000:]}")
    took = time.monotonic() - started
    log(f"seeded in {took:.1f} s")
    return {"seed_s": round(took, 1), "reused": False, "seed_peak_rss_mb": peak_rss_mb(done.stderr)}


def make_current(number: int) -> None:
    from expo.models import Edition
    from expo.services import edition_set_current

    edition_set_current(edition=Edition.objects.get(number=number))


def session_for(user, *, otp: bool = False) -> str:
    """A logged-in session made in the configured session store (cached_db with Redis), as
    django.contrib.auth.login would, with the second factor passed for staff (the bench does
    not type TOTP codes)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    backends = settings.AUTHENTICATION_BACKENDS
    store[BACKEND_SESSION_KEY] = next((b for b in backends if b.endswith("ModelBackend")), backends[-1])
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if otp:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="bench", confirmed=True
        )
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return store.session_key


def bench_users(edition_number: int) -> dict:
    """Session keys of the organizer (superuser), the protocol office, the secretariat and an
    exhibitor of the edition, and the pavilion with the most booths."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.utils.timezone import now

    from exhibitors.models import Exhibit, ExhibitorMember, Participation, Pavilion
    from expo.enums import Office
    from expo.roles import sync_office_groups

    User = get_user_model()
    groups = sync_office_groups()

    def staff(username, *, superuser=False, office=None):
        user, _ = User.objects.update_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": superuser, "is_active": True}
        )
        if office:
            user.groups.set([groups[office.value]])
        return user

    organizer = staff("bench-organizer", superuser=True)
    protocol = staff("bench-protocol", office=Office.PROTOCOL)
    secretariat = staff("bench-secretariat", office=Office.SECRETARIAT)
    participation = (
        Participation.objects.filter(edition__number=edition_number, mode="both")
        .order_by("pk")
        .select_related("exhibitor")
        .first()
    )
    # A verified address: an exhibitor account acts for its exhibitor only then (issue 15).
    exhibitor_user, _ = User.objects.update_or_create(
        username=f"bench-exhibitor-{edition_number}",
        defaults={"is_active": True, "email": f"exhibitor-{edition_number}@bench.example", "email_verified_at": now()},
    )
    ExhibitorMember.objects.update_or_create(user=exhibitor_user, defaults={"exhibitor": participation.exhibitor})
    pavilion = (
        Pavilion.objects.filter(edition__number=edition_number)
        .exclude(code__startswith="bench-")
        .annotate(n=Count("booths"))
        .order_by("-n")
        .first()
    )
    exhibit = (
        Exhibit.objects.filter(exhibitor=participation.exhibitor, pavilion__edition__number=edition_number)
        .order_by("pk")
        .first()
    )
    return {
        "online": {
            "number": edition_number,
            "pavilion": participation.pavilion.code,
            "exhibitor": participation.exhibitor_id,
            "exhibit": exhibit.pk,
        },
        "organizer": session_for(organizer, otp=True),
        "protocol": session_for(protocol, otp=True),
        "secretariat": session_for(secretariat, otp=True),
        "exhibitor": session_for(exhibitor_user),
        "pavilion": pavilion.pk,
        "booths": pavilion.n,
    }


# Report vs floor -----------------------------------------------------------------------------


def run_sql_floor(number: int, runs: int) -> dict:
    times = []
    for _ in range(runs):
        started = time.monotonic()
        done = subprocess.run(
            [*psql_args(), "-v", f"edition={number}", "-f", str(HERE / "results.sql")], capture_output=True, text=True
        )
        times.append(time.monotonic() - started)
        if done.returncode:
            raise RuntimeError(f"results.sql failed: {done.stderr}")
    return {"median_s": round(statistics.median(times), 3), "runs": [round(t, 3) for t in times]}


def bench_report(number: int, runs: int) -> dict:
    out = {"floor_sql": run_sql_floor(number, runs)}
    startups = []
    for _ in range(runs):
        started = time.monotonic()
        manage("help", "build_report")
        startups.append(time.monotonic() - started)
    # What every manage.py command pays before its work: Python, Django and the apps loaded.
    out["django_startup_s"] = round(statistics.median(startups), 3)
    # The same code as build_report, timed inside one process: the report's own work.
    script = (
        "import statistics, time\n"
        "from expo.models import Edition\n"
        "from expo.reports.render import render_report\n"
        f"edition = Edition.objects.get(number={number})\n"
        "for fmt in ('json', 'xlsx', 'pdf'):\n"
        "    times = []\n"
        f"    for _ in range({runs} if fmt == 'json' else 1):\n"
        "        started = time.monotonic()\n"
        "        render_report(kind='results', edition=edition, fmt=fmt, language='zh-hans')\n"
        "        times.append(time.monotonic() - started)\n"
        "    print(f'inprocess {fmt} {statistics.median(times):.4f}')\n"
    )
    done = manage("shell", "-c", script)
    in_process = dict(re.findall(r"inprocess (\w+) ([\d.]+)", done.stdout))
    for fmt in ("json", "xlsx", "pdf"):
        target = WORK / f"results-{number}.{fmt}"
        times, rss, error = [], [], None
        for _ in range(runs if fmt == "json" else 1):
            started = time.monotonic()
            done = manage(
                "build_report",
                "results",
                "--edition",
                str(number),
                "--format",
                fmt,
                "--output",
                str(target),
                timed=True,
            )
            took = time.monotonic() - started
            if done.returncode:
                error = (done.stderr.strip().splitlines() or ["failed"])[-1][:300]
                break
            times.append(took)
            rss.append(peak_rss_mb(done.stderr))
        if error or not times:
            out[fmt] = {"available": False, "error": error or "not run"}
            log(f"build_report {fmt}: not available ({error})")
            continue
        median = statistics.median(times)
        out[fmt] = {
            "available": True,
            "median_s": round(median, 3),
            "runs": [round(t, 3) for t in times],
            "peak_rss_mb": max(r for r in rss if r is not None) if any(rss) else None,
            "bytes": target.stat().st_size,
            "vs_floor": round(median / out["floor_sql"]["median_s"], 1),
        }
        if fmt in in_process:
            out[fmt]["in_process_s"] = round(float(in_process[fmt]), 3)
            out[fmt]["in_process_vs_floor"] = round(float(in_process[fmt]) / out["floor_sql"]["median_s"], 2)
        log(
            f"build_report {fmt}: {median:.2f} s, {out[fmt]['peak_rss_mb']} MB (floor {out['floor_sql']['median_s']} s)"
        )
    return out


# Pages vs floor ------------------------------------------------------------------------------


class Server:
    """gunicorn with the production settings (DEBUG off, whitenoise, manifest static files)."""

    def __init__(
        self,
        workers: int,
        extra_env: dict | None = None,
        threads: int = 1,
        *,
        port: int = PORT,
        niceness: int = 0,
        access_log: Path | None = None,
    ):
        self.workers = workers
        self.threads = threads
        self.extra_env = extra_env or {}
        self.port, self.niceness = port, niceness
        if access_log is None and os.environ.get("BENCH_ACCESS_LOG"):
            access_log = WORK / f"access-{port}.log"
        self.access_log = access_log
        self.process = None

    def __enter__(self):
        env = {**os.environ, "EXPO_BENCH": "1", **self.extra_env}
        self.process = subprocess.Popen(
            [
                *(["nice", "-n", str(self.niceness)] if self.niceness else []),
                str(Path(PYTHON).parent / "gunicorn"),
                "expo.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                # More than one thread: gthread workers, which overlap one request's waits on
                # the database and Redis with another's Python (Procfile: WEB_THREADS).
                *(["--worker-class", "gthread", "--threads", str(self.threads)] if self.threads > 1 else []),
                "--log-level",
                "warning",
                # On a machine shared with other work a request may wait longer than gunicorn's
                # 30 s: a killed worker would count as an error of the page, not of the load.
                "--timeout",
                "300",
                # Longer than the visitors' pauses between two pages (up to 3 s): a connection
                # kept alive is not closed by the server just as the browser sends on it.
                "--keep-alive",
                "5",
                # gunicorn's own time of each request, in microseconds, and its path.
                *(
                    ["--access-logfile", str(self.access_log), "--access-logformat", "%(D)s %(m)s %(U)s"]
                    if self.access_log
                    else []
                ),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(WORK / "gunicorn.log", "a"),  # noqa: SIM115 - closed with the process
        )
        for _ in range(100):
            try:
                if request("GET", "/bench/floor", port=self.port)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer /bench/floor; see var/bench/gunicorn.log")

    def __exit__(self, *exc):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                # A loaded machine: workers still finishing requests. The figures are taken.
                self.process.kill()
                self.process.wait(timeout=20)


def cookies_of(session: str) -> str:
    """A logged-in browser's cookies: the session and the CSRF cookie it got with its first page
    (a secret of 32 letters and digits, here derived from the session)."""
    return f"sessionid={session}; csrftoken={hashlib.sha256(session.encode()).hexdigest()[:32]}"


def request(method: str, path: str, *, session: str | None = None, headers: dict | None = None, port: int = PORT):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    sent = dict(headers or {})
    if session:
        sent["Cookie"] = "; ".join(filter(None, [cookies_of(session), sent.pop("Cookie", "")]))
    connection.request(method, path, headers=sent)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.getheader("Location"), body


def wrk(path: str, session: str | None, duration: int, connections: int) -> dict:
    headers = {}
    if session == "htmx":  # a partial update as the visitor types, anonymous
        session, headers = None, {"HX-Request": "true", "HX-Trigger": "online-q"}
    started = time.monotonic()
    status, location, _body = request("GET", path, session=session, headers=headers)
    single_ms = round((time.monotonic() - started) * 1000, 1)
    if status != 200:
        return {"status": status, "location": location, "error": f"answered {status}, not 200"}
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "30s",
        "-s",
        str(HERE / "wrk.lua"),
    ]
    if session:
        command += ["-H", f"Cookie: {cookies_of(session)}"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run([*command, f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True)
    text = done.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    quantiles = re.search(r"p50_us=(\d+) p95_us=(\d+) requests=(\d+) non2xx=(\d+)", text)
    if not rps or not quantiles:
        return {"status": status, "error": f"wrk output not understood: {text[-500:]}"}
    return {
        "status": status,
        "single_request_ms": single_ms,
        "rps": float(rps.group(1)),
        "p50_ms": round(int(quantiles.group(1)) / 1000, 1),
        "p95_ms": round(int(quantiles.group(2)) / 1000, 1),
        "requests": int(quantiles.group(3)),
        "non_2xx": int(quantiles.group(4)),
    }


def bench_pages(users: dict, duration: int, connections: int) -> dict:
    online = users["online"]
    pages = [
        ("floor (anonymous)", "/bench/floor", None),
        ("floor (logged in)", "/bench/floor", users["exhibitor"]),
        ("exhibitor floor plan", f"/exhibitor/pavilions/{users['pavilion']}/", users["exhibitor"]),
        ("programme", "/programme/", None),
        ("online: home", f"/online/{online['number']}/", None),
        ("online: pavilion", f"/online/{online['number']}/pavilions/{online['pavilion']}/", None),
        ("online: exhibitor", f"/online/{online['number']}/exhibitors/{online['exhibitor']}/", None),
        ("online: exhibit", f"/online/{online['number']}/exhibits/{online['exhibit']}/", None),
        ("online: exhibitors by industry", f"/online/{online['number']}/exhibitors/?industry=automobile", None),
        ("online: search 汽车", f"/online/search/?q=%E6%B1%BD%E8%BD%A6&edition={online['number']}", None),
        ("online: search ginseng", f"/online/search/?q=ginseng&edition={online['number']}", None),
        # 东北亚 is in every exhibit's description: the worst case of a search.
        (
            "online: search 东北亚 (every exhibit)",
            f"/online/search/?q=%E4%B8%9C%E5%8C%97%E4%BA%9A&edition={online['number']}&kind=exhibits",
            None,
        ),
        (
            "online: search as typed (htmx)",
            f"/online/search/?q=%E4%BA%BA%E5%8F%82&edition={online['number']}",
            "htmx",
        ),
        ("protocol desk", "/staff/protocol/", users["protocol"]),
        ("secretariat matrix", "/staff/committee/", users["secretariat"]),
        ("staff: check-in figures", "/staff/check-in/", users["organizer"]),
        ("staff: exhibition figures", f"/staff/exhibition/{online['number']}/", users["organizer"]),
        ("staff: invitations by unit", "/staff/units/invitations/", users["secretariat"]),
        ("staff: activity proposals", "/staff/units/proposals/", users["secretariat"]),
        ("staff: report runs", "/staff/reports/", users["organizer"]),
        ("admin: attendees", "/admin/events/attendee/", users["organizer"]),
        ("admin: exhibitors", "/admin/exhibitors/exhibitor/", users["organizer"]),
    ]
    out = {}
    for name, path, session in pages:
        result = wrk(path, session, duration, connections)
        result["path"] = path
        out[name] = result
        log(f"{name}: {result.get('rps', '-')} req/s, p50 {result.get('p50_ms', '-')} ms {result.get('error', '')}")
    for name, result in out.items():
        if "rps" not in result or name.startswith("floor"):
            continue
        anonymous = name == "programme" or name.startswith("online")
        floor = out["floor (anonymous)" if anonymous else "floor (logged in)"]
        if "rps" in floor:
            result["vs_floor"] = round(result["rps"] / floor["rps"], 3)
    return out


# Booth contention ----------------------------------------------------------------------------


def grid_booths(pavilion, *, prefix: str, count: int, origin: int, step: int) -> None:
    """``count`` booths of 9 m² in rows of 25 on ``pavilion``'s plan, coded prefix + number."""
    from exhibitors.models import Booth  # here, as in every step: Django is set up at run time

    Booth.objects.bulk_create(
        Booth(
            pavilion=pavilion,
            code=f"{prefix}{n:03d}",
            area_m2=Decimal(9),
            x=Decimal(origin + step * (n % 25)),
            y=Decimal(origin + 6 * (n // 25)),
            width=Decimal(3),
            depth=Decimal(3),
            price=Decimal(13500),
        )
        for n in range(count)
    )


def contention_setup(number: int) -> tuple[list[int], list[str]]:
    """A pavilion of 50 free booths in the edition and 200 exhibitor sessions (made once)."""

    from django.contrib.auth import get_user_model

    from exhibitors.models import Exhibitor, ExhibitorMember, Pavilion
    from expo.models import Edition

    edition = Edition.objects.get(number=number)
    contention_cleanup(number)
    pavilion = Pavilion.objects.create(
        edition=edition,
        code="bench-contention",
        name_zh="并发测试馆",
        name_en="Contention Pavilion",
        mode="both",
        gross_area_m2=Decimal("10000"),
        plan_width=Decimal("100"),
        plan_depth=Decimal("60"),
        sort_order=99,
    )
    grid_booths(pavilion, prefix="C", count=CONTENTION_BOOTHS, origin=5, step=3)
    User = get_user_model()
    sessions = []
    for n in range(CONTENTION_SESSIONS):
        exhibitor, _ = Exhibitor.objects.get_or_create(
            name=f"Bench Racer {n:03d} Co., Ltd.",
            defaults={"industry": "equipment", "contact_name": "Racer", "contact_email": f"racer{n}@bench.example"},
        )
        user, _ = User.objects.update_or_create(
            username=f"bench-racer-{n:03d}",
            defaults={"is_active": True, "email_verified_at": datetime.datetime.now(datetime.UTC)},
        )
        ExhibitorMember.objects.update_or_create(user=user, defaults={"exhibitor": exhibitor})
        sessions.append(session_for(user))
    return list(pavilion.booths.order_by("pk").values_list("pk", flat=True)), sessions


def contention_cleanup(number: int) -> None:
    """Remove the contention pavilion with its holds and the racers' participations."""
    from exhibitors.models import BoothApplication, Participation, Pavilion

    old = Pavilion.objects.filter(edition__number=number, code="bench-contention")
    BoothApplication.objects.filter(booth__pavilion__in=old).delete()
    Participation.objects.filter(pavilion__in=old).delete()
    old.delete()


def bench_contention(number: int, tries: int) -> dict:
    """Each session tries up to ``tries`` booths in its own random order and stops at its
    first hold. holds/s: the holds over the time until the last one."""
    booths, sessions = contention_setup(number)
    token = secrets.token_hex(16)
    barrier = threading.Barrier(len(sessions))
    results, lock = {"held": 0, "refused": 0, "errors": 0, "attempts": 0}, threading.Lock()

    held_at: list[float] = []

    def racer(session: str, seed: int) -> None:
        order = booths[:]
        random.Random(seed).shuffle(order)
        barrier.wait()
        for pk in order[:tries]:
            try:
                status, location, _ = request(
                    "POST",
                    f"/exhibitor/booths/{pk}/hold/",
                    session=session,
                    headers={"Cookie": f"csrftoken={token}", "X-CSRFToken": token, "Content-Length": "0"},
                )
            except OSError:
                status, location = 0, None
            with lock:
                results["attempts"] += 1
                if status == 302 and location and "/applications/" in location:
                    results["held"] += 1
                    held_at.append(time.monotonic())
                    return
                if status == 302:
                    results["refused"] += 1
                else:
                    results["errors"] += 1
                    return

    threads = [threading.Thread(target=racer, args=(s, n)) for n, s in enumerate(sessions)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - started
    twice = sql_value(
        "SELECT count(*) FROM (SELECT a.booth_id FROM exhibitors_boothapplication a "
        "JOIN exhibitors_booth b ON b.id = a.booth_id JOIN exhibitors_pavilion p ON p.id = b.pavilion_id "
        "JOIN expo_edition e ON e.id = p.edition_id "
        f"WHERE p.code = 'bench-contention' AND e.number = {number} AND a.status IN ('held', 'confirmed') "
        "GROUP BY a.booth_id HAVING count(*) > 1) t"
    )
    held_booths = sql_value(
        "SELECT count(DISTINCT a.booth_id) FROM exhibitors_boothapplication a "
        "JOIN exhibitors_booth b ON b.id = a.booth_id JOIN exhibitors_pavilion p ON p.id = b.pavilion_id "
        "JOIN expo_edition e ON e.id = p.edition_id "
        f"WHERE p.code = 'bench-contention' AND e.number = {number} AND a.status IN ('held', 'confirmed')"
    )
    out = {
        "sessions": len(sessions),
        "booths": len(booths),
        "seconds": round(took, 2),
        "holds": results["held"],
        "tries_per_session": tries,
        "sold_out_s": round(max(held_at) - started, 2) if held_at else None,
        "holds_per_s": round(len(held_at) / (max(held_at) - started), 1) if held_at else 0,
        "attempts": results["attempts"],
        "attempts_per_s": round(results["attempts"] / took, 1),
        "refused": results["refused"],
        "errors": results["errors"],
        "booths_held_in_sql": held_booths,
        "booths_held_twice": twice,
    }
    contention_cleanup(number)
    log(f"contention: {out}")
    return out


def sql_value(query: str) -> int:
    done = subprocess.run([*psql_args(), "-A", "-t", "-c", query], capture_output=True, text=True, check=True)
    return int(done.stdout.strip())


# Matchmaking over HTTP -----------------------------------------------------------------------


def matchmaking_setup(number: int) -> dict:
    """A matchmaking session of MATCH_TABLES tables in 30-minute slots, a month from now, 50
    exhibitors and 200 merchants of the edition with verified accounts and their sessions
    (accounts made once, meetings and the session made anew)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from events.models import Attendee
    from exhibitors.models import Exhibitor, ExhibitorMember
    from expo.models import Edition
    from matchmaking.models import MatchmakingSession, MerchantInterest

    edition = Edition.objects.get(number=number)
    matchmaking_cleanup(number)
    day = timezone.localdate() + datetime.timedelta(days=30)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    session = MatchmakingSession.objects.create(
        edition=edition,
        name_zh="压测洽谈会",
        name_en="Bench matchmaking",
        location="Bench Hall",
        tables=MATCH_TABLES,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
        slot_minutes=30,
    )
    session.refresh_from_db()
    User = get_user_model()
    now = timezone.now()
    exhibitors = []
    for n in range(MATCH_EXHIBITORS):
        exhibitor, _ = Exhibitor.objects.get_or_create(
            name=f"Bench Matchmaking Exhibitor {n:02d}",
            defaults={"industry": "equipment", "contact_name": "Bench", "contact_email": f"mm{n}@bench.example"},
        )
        user, _ = User.objects.update_or_create(
            username=f"bench-mm-exhibitor-{n:02d}",
            defaults={"email": f"mm-exhibitor{n}@bench.example", "email_verified_at": now, "is_active": True},
        )
        ExhibitorMember.objects.update_or_create(user=user, defaults={"exhibitor": exhibitor})
        exhibitors.append((exhibitor.pk, session_for(user)))
    merchants = []
    for n in range(MATCH_MERCHANTS):
        user, _ = User.objects.update_or_create(
            username=f"bench-mm-merchant-{n:03d}",
            defaults={"email": f"mm-merchant{n}@bench.example", "email_verified_at": now, "is_active": True},
        )
        attendee, _ = Attendee.objects.get_or_create(
            edition=edition,
            user=user,
            kind="merchant",
            defaults={
                "name": f"Bench Merchant {n:03d}",
                "email": user.email,
                "country": "KR",
                "organization": f"Bench Trading {n:03d}",
                "industry": "equipment",
            },
        )
        MerchantInterest.objects.get_or_create(attendee=attendee, industry="equipment")
        merchants.append(session_for(user))
    return {"session": session, "exhibitors": exhibitors, "merchants": merchants}


def matchmaking_cleanup(number: int) -> None:
    from matchmaking.models import MatchmakingSession, Meeting

    Meeting.objects.filter(edition__number=number, exhibitor__name__startswith="Bench Matchmaking").delete()
    MatchmakingSession.objects.filter(edition__number=number, location="Bench Hall").delete()


def _post(path: str, session: str, fields: dict) -> tuple[int, str | None]:
    from urllib.parse import urlencode

    token = "b" * 32
    body = urlencode(fields).encode()
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    connection.request(
        "POST",
        path,
        body=body,
        headers={
            "Cookie": f"sessionid={session}; csrftoken={token}",
            "X-CSRFToken": token,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{PORT}{path}",
        },
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, response.getheader("Location")


def bench_matchmaking(number: int) -> dict:
    """200 merchants each ask 3 of 50 exhibitors for a meeting at the expo, proposing three
    slots (all at once, through the request form); then the 50 exhibitors, all at once,
    accept each request at its first proposed slot that is still free for both and has a free
    table, trying the next ones when refused (MATCH_TRIES times). The session has 40 tables
    for 50 exhibitors: they compete for the tables of each slot."""
    from django.utils import timezone

    setup = matchmaking_setup(number)
    session = setup["session"]
    slots = session.slot_starts()
    local = [timezone.localtime(t).strftime("%Y-%m-%dT%H:%M") for t in slots]
    exhibitor_ids = [pk for pk, _ in setup["exhibitors"]]
    results, lock = {"requested": 0, "request_errors": 0, "accepted": 0, "refused": 0, "errors": 0}, threading.Lock()

    def merchant(n: int, sessionid: str, barrier: threading.Barrier) -> None:
        barrier.wait()
        for i in range(MATCH_REQUESTS_EACH):
            exhibitor = exhibitor_ids[(n * 7 + i * 17) % len(exhibitor_ids)]
            first = (n + i * 5) % len(slots)
            fields = {"mode": "onsite", "message": "Bench", "time1": local[first]}
            fields["time2"] = local[(first + 3) % len(slots)]
            fields["time3"] = local[(first + 7) % len(slots)]
            try:
                status, location = _post(f"/matchmaking/request/{exhibitor}/", sessionid, fields)
            except OSError:
                status, location = 0, None
            with lock:
                ok = status == 302 and location and "/matchmaking/meetings/" in location
                results["requested" if ok else "request_errors"] += 1

    barrier = threading.Barrier(len(setup["merchants"]))
    threads = [threading.Thread(target=merchant, args=(n, s, barrier)) for n, s in enumerate(setup["merchants"])]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    request_s = time.monotonic() - started

    from matchmaking.models import Meeting

    pending: dict[int, list[tuple[int, list[str]]]] = {}
    for pk, exhibitor_id, proposed in (
        Meeting.objects.filter(session__isnull=True, edition__number=number)
        .filter(exhibitor_id__in=exhibitor_ids, status="requested")
        .values_list("pk", "exhibitor_id", "proposed_times")
    ):
        pending.setdefault(exhibitor_id, []).append((pk, proposed))
    slot_values = [t.isoformat() for t in slots]
    accepted_at: list[float] = []

    def exhibitor(sessionid: str, meetings: list, barrier: threading.Barrier) -> None:
        barrier.wait()
        for pk, proposed in meetings:
            for value in [*proposed, *slot_values][:MATCH_TRIES]:
                try:
                    status, _location = _post(
                        f"/exhibitor/meetings/{pk}/", sessionid, {"step": "accept", "accept-starts_at": value}
                    )
                except OSError:
                    status = 0
                with lock:
                    if status == 302:
                        results["accepted"] += 1
                        accepted_at.append(time.monotonic())
                    elif status == 200:
                        results["refused"] += 1
                    else:
                        results["errors"] += 1
                if status != 200:
                    break

    workers = [(s, pending.get(pk, [])) for pk, s in setup["exhibitors"]]
    barrier = threading.Barrier(len(workers))
    threads = [threading.Thread(target=exhibitor, args=(s, m, barrier)) for s, m in workers]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    accept_s = time.monotonic() - started
    booked = (
        f"m.status IN ('accepted', 'held') AND m.edition_id = (SELECT id FROM expo_edition WHERE number = {number})"
    )
    tables_twice = sql_value(
        'SELECT count(*) FROM (SELECT session_id, starts_at, "table" FROM matchmaking_meeting m '
        f"WHERE {booked} AND m.session_id = {session.pk} GROUP BY 1, 2, 3 HAVING count(*) > 1) t"
    )
    people_twice = {
        side: sql_value(
            f"SELECT count(*) FROM matchmaking_meeting m JOIN matchmaking_meeting o ON o.{side}_id = m.{side}_id "
            f"AND o.id > m.id AND o.starts_at < m.ends_at AND o.ends_at > m.starts_at "
            f"WHERE {booked} AND o.status IN ('accepted', 'held')"
        )
        for side in ("merchant", "exhibitor")
    }
    accepted_sql = sql_value(
        f"SELECT count(*) FROM matchmaking_meeting m WHERE {booked} AND m.session_id = {session.pk}"
    )
    out = {
        "merchants": len(setup["merchants"]),
        "exhibitors": len(setup["exhibitors"]),
        "tables": MATCH_TABLES,
        "slots": len(slots),
        "requests": results["requested"],
        "request_errors": results["request_errors"],
        "request_s": round(request_s, 2),
        "requests_per_s": round(results["requested"] / request_s, 1) if request_s else 0,
        "accepted": results["accepted"],
        "accepted_in_sql": accepted_sql,
        "refused": results["refused"],
        "errors": results["errors"],
        "accept_s": round(accept_s, 2),
        "accepted_per_s": round(len(accepted_at) / (max(accepted_at) - started), 1) if accepted_at else 0,
        "attempts_per_s": round((results["accepted"] + results["refused"]) / accept_s, 1) if accept_s else 0,
        "tables_twice": tables_twice,
        "merchants_twice": people_twice["merchant"],
        "exhibitors_twice": people_twice["exhibitor"],
    }
    matchmaking_cleanup(number)
    log(f"matchmaking: {out}")
    return out


# Import vs COPY ------------------------------------------------------------------------------


def visitors_csv() -> Path:
    path = WORK / "online-visitors-210000.csv"
    if path.exists():
        return path
    rng = random.Random(210000)
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
    countries = ["CN"] * 9 + ["JP", "KR", "RU", "MN", "DE", "US"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "organization", "country", "industry", "email", "phone", "invited_by"])
        for n in range(VISITORS):
            name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
            writer.writerow([name, "", rng.choice(countries), "", f"visitor{n}@visitors.example", "", ""])
    return path


# The floor of the importer's work: the same file copied by psql into a table like
# events_attendee, with its eight indexes and its unique constraints (badge code, email per
# edition), the columns the file lacks filled by defaults (a random code, as the importer's).
# Temporary, as the issue's recipe says: it writes no WAL, so the floor is, if anything, low.
LIKE_FLOOR = (
    "CREATE TEMP TABLE bench_copy (LIKE events_attendee INCLUDING ALL); "
    "ALTER TABLE bench_copy ALTER edition_id SET DEFAULT {edition}, ALTER kind SET DEFAULT 'online_visitor', "
    "ALTER code SET DEFAULT substr(md5(random()::text), 1, 16), ALTER created_at SET DEFAULT now(), "
    "ALTER updated_at SET DEFAULT now()"
)
LIKE_COPY = (
    "\\copy bench_copy (name, organization, country, industry, email, phone, invited_by_id) FROM '{path}' "
    "WITH (FORMAT csv, HEADER true, FORCE_NOT_NULL (organization, industry, email, phone))"
)
BARE_FLOOR = (
    "CREATE TEMP TABLE bench_copy (name text, organization text, country text, industry text, email text, "
    "phone text, invited_by text)"
)
BARE_COPY = "\\copy bench_copy FROM '{path}' WITH (FORMAT csv, HEADER true)"


def copy_floor(create: str, copy: str) -> tuple[float, int]:
    """Seconds of one psql process creating the table and copying the file into it (psql's
    start-up included, as the importer's figure includes Django's), and the rows copied."""
    started = time.monotonic()
    done = subprocess.run(
        [*psql_args(), "-c", create, "-c", copy, "-A", "-t", "-c", "SELECT count(*) FROM bench_copy"],
        capture_output=True,
        text=True,
    )
    took = time.monotonic() - started
    if done.returncode:
        raise RuntimeError(done.stderr)
    return took, int(done.stdout.split()[-1])


def bench_import() -> dict:
    from events.models import Attendee
    from expo.models import Edition

    path = visitors_csv()
    edition, _ = Edition.objects.get_or_create(
        number=IMPORT_EDITION,
        defaults={
            "year": 2037,
            "name_zh": "导入测试",
            "name_en": "Import bench",
            "city_zh": "长春",
            "city_en": "Changchun",
            "start_date": datetime.date(2037, 8, 23),
            "end_date": datetime.date(2037, 8, 27),
        },
    )
    Attendee.objects.filter(edition=edition)._raw_delete("default")
    started = time.monotonic()
    done = manage(
        "import_attendees", str(path), "--edition", str(IMPORT_EDITION), "--kind", "online_visitor", timed=True
    )
    took = time.monotonic() - started
    imported = Attendee.objects.filter(edition=edition).count()
    Attendee.objects.filter(edition=edition)._raw_delete("default")
    if done.returncode:
        return {"available": False, "error": (done.stderr.strip().splitlines() or ["failed"])[-1][:300]}
    # The fastest of three runs of each floor: the machine is shared.
    like = min(copy_floor(LIKE_FLOOR.format(edition=edition.pk), LIKE_COPY.format(path=path)) for _ in range(3))
    bare = min(copy_floor(BARE_FLOOR, BARE_COPY.format(path=path)) for _ in range(3))
    out = {
        "rows": VISITORS,
        "imported": imported,
        "import_s": round(took, 2),
        "import_peak_rss_mb": peak_rss_mb(done.stderr),
        "copy_like_rows": like[1],
        "copy_like_s": round(like[0], 2),
        "vs_copy_like": round(took / like[0], 1),
        "copy_rows": bare[1],
        "copy_s": round(bare[0], 2),
        "vs_copy": round(took / bare[0], 1),
    }
    log(f"import: {out}")
    return out


# Expo day (issue 23) ---------------------------------------------------------------------------

EXPO_DAY_PAVILIONS, EXPO_DAY_BOOTHS = 4, 500  # 2,000 free booths
EXPO_DAY_DESKS, EXPO_DAY_EXHIBITORS = 8, 80
# The mix of the morning rush: how many of the locust users are of each kind, and the pace of
# the kinds that would otherwise go as fast as they are answered: each desk scans a badge a
# second as people file past, each exhibitor tries three booths a second.
DEFAULT_USERS = 120
DEFAULT_WEIGHTS = {"reader": 40, "merchant": 6, "desk": 60, "exhibitor": 10, "organizer": 4}
DEFAULT_PACES = "desk=1,exhibitor=3"
MAIL_DOMAIN = "expoday.bench.example"
TARGETS.update({"scans_per_s": 50, "scan_p95_ms": 200, "holds_per_s": 100})
# After the mix, the booth rush: exhibitors alone, each trying the next booth as soon as it is
# answered. The mix's exhibitors are paced (three tries a second each), so its holds/s is the
# load offered; the rush measures what the site can hold, the figure of the target.
BOOTH_RUSH_USERS, BOOTH_RUSH_SECONDS = 24, 30
# What the server and the worker of the expo day change: every merchant registers from the
# loopback, so the per-address limit of the public form is raised; mail goes to files.
EXPO_DAY_ENV = {
    "EVENTS_REGISTRATION_PER_ADDRESS": "10000000",
    "REPORTS_QUEUE": "reports",  # the report runs go to a worker of their own (Worker)
    "EMAIL_URL": f"filemail:///{WORK / 'mail'}",  # django-environ drops one slash of the path
}


def expo_day_cleanup(number: int) -> None:
    """Remove what an earlier expo day left: its pavilions with their holds, the check-ins of
    its desks and the merchants it registered."""
    from django.contrib.auth import get_user_model

    from events.models import Attendee, CheckIn
    from exhibitors.models import BoothApplication, Participation, Pavilion

    old = Pavilion.objects.filter(edition__number=number, code__startswith="bench-expoday-")
    BoothApplication.objects.filter(booth__pavilion__in=old).delete()
    Participation.objects.filter(pavilion__in=old).delete()
    old.delete()
    desks = get_user_model().objects.filter(username__startswith="bench-desk-")
    CheckIn.objects.filter(by__in=desks)._raw_delete("default")
    Attendee.objects.filter(edition__number=number, email__endswith="@" + MAIL_DOMAIN).delete()


def expo_day_setup(number: int, run: str) -> dict:
    """Pavilions of 2,000 free booths, the sessions of the desks, exhibitors and organizers,
    the badge codes the desks scan, and the pages the readers read."""

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from events.enums import ON_SITE_KINDS
    from events.models import Attendee
    from exhibitors.models import Booth, Exhibitor, ExhibitorMember, Pavilion
    from exhibitors.online_selectors import visible_participations
    from expo.enums import Office
    from expo.models import Edition, ReportFormat, ReportKind, ReportLanguage
    from expo.roles import sync_office_groups

    edition = Edition.objects.get(number=number)
    expo_day_cleanup(number)
    pavilions = []
    for p in range(EXPO_DAY_PAVILIONS):
        pavilion = Pavilion.objects.create(
            edition=edition,
            code=f"bench-expoday-{p + 1}",
            name_zh=f"博览日测试馆{p + 1}",
            name_en=f"Expo Day Pavilion {p + 1}",
            mode="both",
            gross_area_m2=Decimal(EXPO_DAY_BOOTHS * 9),
            plan_width=Decimal(150),
            plan_depth=Decimal(130),
            sort_order=90 + p,
        )
        grid_booths(pavilion, prefix=f"D{p + 1}", count=EXPO_DAY_BOOTHS, origin=3, step=5)
        pavilions.append(pavilion)
    booths = list(Booth.objects.filter(pavilion__in=pavilions).values_list("pk", flat=True))
    random.Random(23).shuffle(booths)
    User = get_user_model()
    groups = sync_office_groups()
    desks = []
    for n in range(EXPO_DAY_DESKS):
        user, _ = User.objects.update_or_create(
            username=f"bench-desk-{n}", defaults={"is_staff": True, "is_active": True}
        )
        user.groups.set([groups[Office.EXHIBITION.value]])
        desks.append(session_for(user, otp=True))
    exhibitors = []
    for n in range(EXPO_DAY_EXHIBITORS):
        exhibitor, _ = Exhibitor.objects.get_or_create(
            name=f"Bench Racer {n:03d} Co., Ltd.",
            defaults={"industry": "equipment", "contact_name": "Racer", "contact_email": f"racer{n}@bench.example"},
        )
        user, _ = User.objects.update_or_create(
            username=f"bench-racer-{n:03d}",
            defaults={"is_active": True, "email_verified_at": datetime.datetime.now(datetime.UTC)},
        )
        ExhibitorMember.objects.update_or_create(user=user, defaults={"exhibitor": exhibitor})
        exhibitors.append(session_for(user))
    organizer, _ = User.objects.update_or_create(
        username="bench-organizer", defaults={"is_staff": True, "is_superuser": True, "is_active": True}
    )
    today = timezone.localdate()
    codes = list(
        Attendee.objects.filter(edition=edition, kind__in=ON_SITE_KINDS)
        .exclude(check_ins__day=today)
        .order_by("?")
        .values_list("code", flat=True)[:30000]
    )
    online = list(
        visible_participations(edition=edition)
        .exclude(pavilion__isnull=True)
        .order_by("pk")
        .values_list("exhibitor_id", "pavilion__code")[:200]
    )
    return {
        "run": run,
        "mail_domain": MAIL_DOMAIN,
        "sessions": {"desk": desks, "exhibitor": exhibitors, "organizer": [session_for(organizer, otp=True)]},
        "badge_codes": codes,
        "booths": booths,
        "pavilions": [p.pk for p in pavilions],
        "online": {"number": number, "pavilion": online[0][1], "exhibitors": [e for e, _ in online]},
        "report_form": {
            "kind": ReportKind.RESULTS.value,
            "edition": edition.pk,
            "language": ReportLanguage.CHINESE.value,
            "formats": [ReportFormat.JSON.value, ReportFormat.XLSX.value],
        },
        "reports": 3,
        "weights": dict(DEFAULT_WEIGHTS),
        "desk_ids": list(User.objects.filter(username__startswith="bench-desk-").values_list("pk", flat=True)),
    }


class Worker:
    """The Celery workers of the expo day, as the README advises for one machine that serves the
    web too: one for the mail and badges (the default queue) and one for the report runs (the
    ``reports`` queue, ``REPORTS_QUEUE``), both at a lower CPU priority than the web (``nice``),
    the reports lowest, so that work done in the background waits for the requests of the
    morning rush rather than the other way round."""

    QUEUES = (("celery", 10), ("reports", 15))  # (queue, niceness): below the web's 0 and 5

    def __enter__(self):
        self.processes = [
            subprocess.Popen(
                [
                    "nice",
                    "-n",
                    str(niceness),
                    str(Path(PYTHON).parent / "celery"),
                    "-A",
                    "expo",
                    "worker",
                    "--pool",
                    "solo",
                    "-Q",
                    queue,
                    "-n",
                    f"{queue}@%h",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env={**os.environ, **EXPO_DAY_ENV},
                stdout=subprocess.DEVNULL,
                stderr=open(WORK / "worker.log", "a"),  # noqa: SIM115 - closed with the process
            )  # fmt: skip
            for queue, niceness in self.QUEUES
        ]
        return self

    @property
    def pids(self) -> list[int]:
        return [process.pid for process in self.processes]

    def __exit__(self, *exc):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _ms(value: str):
    try:
        return round(float(value), 1)
    except ValueError:
        return None


def locust_stats(path: Path) -> dict:
    """locust's figures per request name (per kind), and "all"."""
    rows = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = "all" if row["Name"] == "Aggregated" else row["Name"]
            rows[name] = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 1),
                "p50_ms": _ms(row["50%"]),
                "p95_ms": _ms(row["95%"]),
                "p99_ms": _ms(row["99%"]),
                "max_ms": _ms(row["Max Response Time"]),
            }
    return rows


class DeskThreads:
    """The check-in desks of the expo day as threads of this process (``--desk-client
    threads``, the default), beside locust's other users. Each desk scans as the locust desk
    does (htmx, one badge per ``1/pace`` s from a random point of its first period, every 50th
    scan a badge scanned before), but its latency is measured by a thread blocked on its own
    connection: locust's gevent client, on the same two cores, added 200-250 ms to every
    scan that gunicorn answered in 30 (docs/benchmarks/2026-12-02-expo-day-rush.md)."""

    def __init__(self, config: dict, *, desks: int, pace: float, duration: float, port: int = PORT):
        self.config, self.desks, self.pace, self.duration = config, desks, pace, duration
        self.port = port
        self.codes = iter(config.get("badge_codes", []))
        self.scanned: list[str] = []
        self.count = itertools.count(1)
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors = 0
        self.threads: list[threading.Thread] = []

    def _next(self) -> tuple[str | None, bool]:
        with self.lock:
            if self.scanned and next(self.count) % 50 == 0:
                return random.choice(self.scanned), True  # noqa: S311 - not for security
            return next(self.codes, None), False

    def _desk(self, n: int, deadline: float) -> None:
        import requests

        sessions = self.config["sessions"]["desk"]
        csrf = "expoday" + "0" * 25
        http = requests.Session()
        http.cookies.set("sessionid", sessions[n % len(sessions)])
        http.cookies.set("csrftoken", csrf)
        headers = {"X-CSRFToken": csrf, "Referer": "http://127.0.0.1/", "HX-Request": "true"}
        time.sleep(random.random() / self.pace)  # noqa: S311 - desks do not scan in step
        while time.monotonic() < deadline:
            started = time.monotonic()
            code, again = self._next()
            if code is None:
                return
            ok = False
            try:
                response = http.post(
                    f"http://127.0.0.1:{self.port}/staff/check-in/", data={"code": code}, headers=headers, timeout=60
                )
                checked_in = "scan-result--ok" in response.text
                ok = response.status_code == 200 and checked_in != again
            except OSError:
                pass
            took = time.monotonic() - started
            with self.lock:
                self.latencies.append(took * 1000)
                self.errors += not ok
                self.scanned.append(code)
            time.sleep(max(0.0, 1 / self.pace - took))

    def __enter__(self):
        deadline = time.monotonic() + self.duration
        self.started = time.monotonic()
        self.threads = [threading.Thread(target=self._desk, args=(n, deadline)) for n in range(self.desks)]
        # The desks are devices of their own at a real expo; here their threads share the two
        # cores with the load they measure. At DESK_CLIENT_NICENESS (when the bench may raise
        # a priority: root) a desk reads its answer when it arrives, not when the scheduler
        # gets round to it. Linux keeps a niceness per thread, and a new thread inherits it.
        before = os.getpriority(os.PRIO_PROCESS, 0)
        with contextlib.suppress(PermissionError):
            os.setpriority(os.PRIO_PROCESS, 0, DESK_CLIENT_NICENESS)
        try:
            for thread in self.threads:
                thread.start()
        finally:
            with contextlib.suppress(PermissionError):
                os.setpriority(os.PRIO_PROCESS, 0, before)
        return self

    def __exit__(self, *exc):
        for thread in self.threads:
            thread.join()
        self.wall = time.monotonic() - self.started

    def stats(self) -> dict:
        """The figures of "check-in: scan", as ``locust_stats`` gives them."""
        ordered = sorted(self.latencies)

        def at(share):
            return round(ordered[min(len(ordered) - 1, int(len(ordered) * share))], 1) if ordered else None

        return {
            "requests": len(ordered),
            "errors": self.errors,
            "rps": round(len(ordered) / self.wall, 1) if self.wall else 0.0,
            "p50_ms": at(0.5),
            "p95_ms": at(0.95),
            "p99_ms": at(0.99),
            "max_ms": round(ordered[-1], 1) if ordered else None,
            "client": "threads",
        }


def server_times(log: Path, *, method: str, path: str) -> dict:
    """gunicorn's own time (``%(D)s``: from reading the request to sending the answer, without
    the wait for a free thread or the client's own) of the requests of ``method path``."""
    times = []
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] == method and parts[2] == path:
                times.append(int(parts[0]) / 1000)
    times.sort()

    def at(share):
        return round(times[min(len(times) - 1, int(len(times) * share))], 1) if times else None

    return {"server_p50_ms": at(0.5), "server_p95_ms": at(0.95), "server_p99_ms": at(0.99)}


def mailed_addresses() -> set[str]:
    """The addresses of the expo day's merchants in the mail the file backend wrote."""
    found = set()
    folder = WORK / "mail"
    pattern = re.compile(r"^To: (\S+@" + re.escape(MAIL_DOMAIN) + r")\s*$", re.M)
    if folder.exists():
        for path in folder.iterdir():
            found |= set(pattern.findall(path.read_text(errors="replace")))
    return found


def sql_float(query: str) -> float:
    done = subprocess.run([*psql_args(), "-A", "-t", "-c", query], capture_output=True, text=True, check=True)
    return round(float(done.stdout.strip() or 0), 2)


def sql_rows(query: str) -> list[str]:
    done = subprocess.run([*psql_args(), "-A", "-t", "-c", query], capture_output=True, text=True, check=True)
    return [line for line in done.stdout.splitlines() if line.strip()]


EXPO_DAY_HOLDS = (
    "FROM exhibitors_boothapplication a JOIN exhibitors_booth b ON b.id = a.booth_id "
    "JOIN exhibitors_pavilion p ON p.id = b.pavilion_id JOIN expo_edition e ON e.id = p.edition_id "
    "WHERE p.code LIKE 'bench-expoday-%' AND e.number = {number}"
)


def expo_day_invariants(number: int, config: dict, started_at: str) -> dict:
    """What must hold after the rush, counted in SQL; the mail of each registration is
    looked for in the files the mail backend wrote (mail leaves no row in the database)."""
    from events.models import Attendee

    desks = ",".join(str(pk) for pk in config["desk_ids"])
    out = {
        "booths_held_twice": sql_value(
            "SELECT count(*) FROM (SELECT booth_id FROM exhibitors_boothapplication "
            "WHERE status IN ('held', 'confirmed') GROUP BY booth_id HAVING count(*) > 1) t"
        ),
        "tables_booked_twice": sql_value(
            'SELECT count(*) FROM (SELECT session_id, starts_at, "table" FROM matchmaking_meeting '
            "WHERE status IN ('accepted', 'held') AND session_id IS NOT NULL AND \"table\" IS NOT NULL "
            "GROUP BY 1, 2, 3 HAVING count(*) > 1) t"
        ),
        "badges_checked_in_twice": sql_value(
            "SELECT count(*) FROM (SELECT attendee_id, day FROM events_checkin GROUP BY 1, 2 HAVING count(*) > 1) t"
        ),
        "holds": sql_value(f"SELECT count(*) {EXPO_DAY_HOLDS.format(number=number)}"),
        "holds_span_s": sql_float(
            "SELECT coalesce(extract(epoch FROM max(a.requested_at) - min(a.requested_at)), 0) "
            + EXPO_DAY_HOLDS.format(number=number)
        ),
        "scans_recorded": sql_value(f"SELECT count(*) FROM events_checkin WHERE by_id IN ({desks})"),
        "scans_span_s": sql_float(
            f"SELECT coalesce(extract(epoch FROM max(at) - min(at)), 0) FROM events_checkin WHERE by_id IN ({desks})"
        ),
        "report_runs": dict(
            line.split("|")
            for line in sql_rows(
                f"SELECT status, count(*) FROM expo_reportrun WHERE created_at >= '{started_at}' GROUP BY status"
            )
        ),
    }
    registered = set(
        Attendee.objects.filter(edition__number=number, email__endswith="@" + MAIL_DOMAIN).values_list(
            "email", flat=True
        )
    )
    mailed = mailed_addresses()
    out.update(
        {
            "registrations": len(registered),
            "registrations_mailed": len(registered & mailed),
            "registrations_without_mail": len(registered - mailed),
            "holds_per_s": round(out["holds"] / out["holds_span_s"], 1) if out["holds_span_s"] else None,
            "scans_per_s": round(out["scans_recorded"] / out["scans_span_s"], 1) if out["scans_span_s"] else None,
        }
    )
    return out


def _cpu_seconds(pids, *, reaped: bool = False) -> float:
    """User and system CPU seconds of processes, from /proc (Linux); ``reaped``: with the
    CPU of their children that ended (a gunicorn master's workers that were replaced)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if reaped else 0)) / tick
    return total


def _web_cpu(master: int) -> float:
    """CPU seconds of a gunicorn master's workers, those running and those ended."""
    return _cpu_seconds(_children(master)) + _cpu_seconds([master], reaped=True) - _cpu_seconds([master])


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


class Sampler(threading.Thread):
    """Once a second during the load: what the database's sessions of this database are
    doing (running, waiting for a lock, for the client) from pg_stat_activity; and at the
    end, the CPU seconds of the web workers, of the Celery worker and of the machine."""

    def __init__(self, servers: list["Server"], worker: "Worker"):
        super().__init__(daemon=True)
        self.servers, self.worker = servers, worker
        self.stop = threading.Event()
        self.samples: list[dict] = []

    def run(self):
        from django.db import connection

        while not self.stop.wait(1.0):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT coalesce(wait_event_type, 'CPU'), count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' GROUP BY 1"
                )
                self.samples.append(dict(cursor.fetchall()))
        connection.close()

    def __enter__(self):
        self.started = time.monotonic()
        self.cpu = {"web": self._web(), "worker": _cpu_seconds(self.worker.pids)}
        self.machine = _machine_cpu()
        self.load = os.getloadavg()[0]
        self.start()
        return self

    def _web(self) -> float:
        return sum(_web_cpu(server.process.pid) for server in self.servers)

    def __exit__(self, *exc):
        self.stop.set()
        self.join()
        wall = time.monotonic() - self.started
        machine = _machine_cpu()
        kinds = sorted({k for sample in self.samples for k in sample})
        self.result = {
            "seconds": round(wall, 1),
            "load_average_1min": [round(self.load, 1), round(os.getloadavg()[0], 1)],
            "machine_busy_cores": round((machine[0] - self.machine[0]) / wall, 2),
            "web_workers_cores": round((self._web() - self.cpu["web"]) / wall, 2),
            "celery_worker_cores": round((_cpu_seconds(self.worker.pids) - self.cpu["worker"]) / wall, 2),
            "db_active_sessions_mean": {
                k: round(sum(s.get(k, 0) for s in self.samples) / max(len(self.samples), 1), 2) for k in kinds
            },
        }


def _machine_cpu() -> tuple[float]:
    """Busy CPU seconds of the whole machine (all cores), from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return ((sum(fields) - idle) / os.sysconf("SC_CLK_TCK"),)


def expo_day_weights(text: str) -> dict | None:
    """``desk=1,exhibitor=1`` as {"desk": 1, "exhibitor": 1, the other kinds: 0}; "" the default mix."""
    if not text:
        return None
    given = {kind.strip(): int(weight) for kind, weight in (part.split("=") for part in text.split(","))}
    return {kind: given.get(kind, 0) for kind in ("reader", "merchant", "desk", "exhibitor", "organizer")}


def expo_day_paces(text: str) -> dict:
    """``desk=1,exhibitor=2`` as {"desk": 1.0, "exhibitor": 2.0}: tasks per second per user."""
    return {kind.strip(): float(pace) for kind, pace in (part.split("=") for part in text.split(",") if part)}


def bench_expo_day(
    number: int,
    *,
    users: int,
    duration: int,
    max_requests: int,
    workers: int,
    threads: int = 1,
    weights=None,
    paces=None,
    desk_client: str = "threads",
    desk_pool: int = 2,
    desk_niceness: int = DESK_NICENESS,
) -> dict:
    """The expo-day load test: locust against gunicorn and a Celery worker on the loopback,
    bounded in time and requests, then the invariants in SQL. ``desk_pool`` > 0: the desks
    post to web workers of their own (that many, on the next port) at the web's usual CPU
    priority, the rest of the site's workers at ``nice`` WEB_NICENESS, as the README advises
    for the expo day: a scan never waits behind a reader's page."""
    config = expo_day_setup(number, secrets.token_hex(3))
    config["max_requests"] = max_requests
    if weights:
        config["weights"] = weights
    config["paces"] = paces or {}
    # The desks as threads of this process (DeskThreads), the other kinds as locust's users.
    weights_all = config["weights"]
    desks = round(users * weights_all.get("desk", 0) / (sum(weights_all.values()) or 1))
    desk_threads = desk_client == "threads" and desks > 0
    if desk_threads:
        config["weights"] = {**weights_all, "desk": 0}
    locust_users = users - desks if desk_threads else users
    config_path = WORK / "expoday.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    shutil.rmtree(WORK / "mail", ignore_errors=True)
    (WORK / "mail").mkdir(parents=True)
    started_at = datetime.datetime.now(datetime.UTC).isoformat()
    stem = WORK / f"expoday-{number}"
    pooled = desk_threads and desk_pool > 0
    desks_log = WORK / "desks-access.log"
    desks_log.unlink(missing_ok=True)
    desk_server = (
        Server(
            desk_pool,
            extra_env=EXPO_DAY_ENV,
            threads=threads,
            port=PORT + 1,
            niceness=desk_niceness,
            access_log=desks_log,
        )
        if pooled
        else contextlib.nullcontext()
    )
    with Worker() as worker, desk_server as desks_web:
        with Server(workers, extra_env=EXPO_DAY_ENV, threads=threads, niceness=WEB_NICENESS if pooled else 0) as server:
            # Each gunicorn worker loads its templates and URL patterns on its first requests: warm
            # them up on every page of the mix before the clock starts.
            organizer, online = config["sessions"]["organizer"][0], config["online"]
            warm = [
                ("/programme/", None),
                (f"/online/{number}/", None),
                (f"/online/{number}/pavilions/{online['pavilion']}/", None),
                ("/programme/register/", None),
                ("/staff/check-in/", config["sessions"]["desk"][0]),
                (f"/exhibitor/pavilions/{config['pavilions'][0]}/", config["sessions"]["exhibitor"][0]),
                ("/staff/protocol/", organizer),
                ("/staff/committee/", organizer),
                ("/admin/events/attendee/", organizer),
                ("/admin/exhibitors/exhibitor/", organizer),
            ]
            for _ in range(workers * 2):
                for path, session in warm:
                    request("GET", path, session=session)
            for _ in range(desk_pool * 2 if pooled else 0):
                request("GET", "/staff/check-in/", session=config["sessions"]["desk"][0], port=desks_web.port)
            log(f"expo day: locust, {users} users for {duration} s (at most {max_requests} requests) ...")
            sampler = Sampler([server, desks_web] if pooled else [server], worker)
            desk_runner = (
                DeskThreads(
                    config,
                    desks=desks,
                    pace=config["paces"].get("desk") or 1.0,
                    duration=duration,
                    port=desks_web.port if pooled else PORT,
                )
                if desk_threads
                else contextlib.nullcontext()
            )
            with sampler, desk_runner:
                done = subprocess.run(
                    [
                        PYTHON, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless", "--only-summary",
                        "-u", str(locust_users), "-r", str(locust_users), "-t", f"{duration}s", "--stop-timeout", "5",
                        "--host", f"http://127.0.0.1:{PORT}", "--csv", str(stem), "--loglevel", "WARNING",
                    ],
                    cwd=ROOT,
                    env={**os.environ, "EXPO_DAY_CONFIG": str(config_path)},
                    capture_output=True,
                    text=True,
                )  # fmt: skip
            (WORK / "locust.log").write_text(done.stdout + done.stderr, encoding="utf-8")
        # gunicorn has stopped: the requests locust gave up on at the end (still queued at the
        # server) are answered or dropped, so no registration arrives after the count below.
        # The report runs and the mail still queued are the worker's: wait for them (bounded).
        from events.models import Attendee

        for _ in range(300):
            pending = sql_value(
                f"SELECT count(*) FROM expo_reportrun WHERE created_at >= '{started_at}' "
                "AND status NOT IN ('done', 'failed')"
            )
            registered = set(
                Attendee.objects.filter(edition__number=number, email__endswith="@" + MAIL_DOMAIN).values_list(
                    "email", flat=True
                )
            )
            if not pending and registered <= mailed_addresses():
                break
            time.sleep(1)
    stats = locust_stats(Path(f"{stem}_stats.csv"))
    if desk_threads:
        locust_all = stats.pop("all", {})
        stats["check-in: scan"] = desk_runner.stats()
        stats["all"] = {
            **locust_all,
            "requests": locust_all.get("requests", 0) + stats["check-in: scan"]["requests"],
            "errors": locust_all.get("errors", 0) + stats["check-in: scan"]["errors"],
            "rps": round(locust_all.get("rps", 0) + stats["check-in: scan"]["rps"], 1),
            "percentiles_of": "the locust users only (the desks are apart)",
        }
    if pooled and "check-in: scan" in stats:
        stats["check-in: scan"].update(server_times(desks_log, method="POST", path="/staff/check-in/"))
    out = {
        "users": users,
        "duration_s": duration,
        "max_requests": max_requests,
        "weights": config["weights"],
        "paces": config["paces"],
        "desk_client": "threads" if desk_threads else "locust",
        "desk_pool": {"workers": desk_pool, "web_niceness": WEB_NICENESS, "niceness": desk_niceness}
        if pooled
        else None,
        "kinds": stats,
        "invariants": expo_day_invariants(number, config, started_at),
        "resources": sampler.result,
    }
    log(f"expo day: {json.dumps(out)[:3000]}")
    expo_day_cleanup(number)
    return out


# Output --------------------------------------------------------------------------------------


def _has(runs: dict, factors: list, section: str) -> bool:
    return all(section in runs[str(k)] for k in factors)


def expo_day_markdown(result: dict) -> list[str]:
    phases = (("expo_day", ""), ("booth_rush", ", the booth rush"))
    runs = [
        (k, day, title)
        for k in result["factors"]
        for section, title in phases
        if (day := result["runs"][str(k)].get(section))
    ]
    if not runs:
        return []
    lines = ["", "## Expo day (locust, issue 23)", ""]
    for k, day, title in runs:
        inv = day["invariants"]
        lines += [
            f"### K={k:g}{title}: {day['users']} users for {day['duration_s']} s (weights {day['weights']}, "
            f"paces {day.get('paces') or 'none'}: tasks per second per user)",
            "",
            "| kind | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for name, row in day["kinds"].items():
            label = f"{name} ({row['client']})" if row.get("client") else name
            lines.append(
                f"| {label} | {row['requests']} | {row['rps']} | {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} "
                f"| {row['max_ms']} | {row['errors']} |"
            )
        if day.get("desk_client") == "threads":
            lines += [
                "",
                "The desks are threads of the bench beside locust's users (`--desk-client threads`, at "
                f"`nice {DESK_CLIENT_NICENESS}` when the bench runs as root): their latencies are the site's. The "
                "row \"all\" adds their requests to locust's; its latencies are locust's users' only.",
            ]
            scan = day["kinds"].get("check-in: scan", {})
            if scan.get("server_p50_ms") is not None:
                lines += [
                    "",
                    f"gunicorn's own time of the scans (from reading the request to sending the answer): p50 "
                    f"{scan['server_p50_ms']} ms, p95 {scan['server_p95_ms']} ms, p99 {scan['server_p99_ms']} ms.",
                ]
        if day.get("desk_pool"):
            pool = day["desk_pool"]
            lines += [
                "",
                f"The desks post to {pool['workers']} web worker(s) of their own at `nice {pool.get('niceness', 0)}`; the "
                f"rest of the site's web workers run at `nice {pool['web_niceness']}`, mail at 10, reports at 15 "
                "(`--desk-pool`, README: the expo day on one machine).",
            ]
        lines += [
            "",
            f"Invariants (SQL): booths held twice **{inv['booths_held_twice']}**, tables booked twice "
            f"**{inv['tables_booked_twice']}**, badges checked in twice on a day **{inv['badges_checked_in_twice']}**; "
            f"registrations {inv['registrations']}, with their mail {inv['registrations_mailed']}, without "
            f"**{inv['registrations_without_mail']}**; report runs {inv['report_runs']}.",
            f"Recorded: {inv['scans_recorded']} check-ins in {inv['scans_span_s']} s ({inv['scans_per_s']} scans/s), "
            f"{inv['holds']} booth holds in {inv['holds_span_s']} s ({inv['holds_per_s']} holds/s).",
        ]
        res = day.get("resources")
        if res:
            lines.append(
                f"Resources over {res['seconds']} s: machine busy {res['machine_busy_cores']} cores "
                f"(load average {res['load_average_1min'][0]} → {res['load_average_1min'][1]}), gunicorn workers "
                f"{res['web_workers_cores']} cores, Celery worker {res['celery_worker_cores']} cores; database "
                f"sessions of this database active on average: {res['db_active_sessions_mean']} (by wait event: "
                "CPU = running, Lock = waiting for a row lock, Client = waiting for the web worker)."
            )
        lines.append("")
    return lines


def markdown(result: dict) -> str:
    factors = result["factors"]
    runs = result["runs"]
    skipped = result["settings"].get("skipped") or []
    if not all("pages" in runs[str(k)] for k in factors):
        head = [
            f"# Expo day {result['date']}",
            "",
            f"Host: {result['host']['cpus']} CPUs, Python {result['host']['python']}, {result['host']['database']}, "
            f"Redis {result['host']['broker']}; gunicorn {result['settings']['workers']} workers"
            f" × {result['settings'].get('threads', 1)} threads. The machine is shared.",
        ]
        rows = ["", "| target | figure | met |", "|---|---|---|"]
        rows += [f"| {r['target']} | {r['figure']} | {r['met']} |" for r in result["targets"]]
        return "\n".join(head + expo_day_markdown(result) + rows) + "\n"
    lines = [
        f"# Benchmark {result['date']}",
        "",
        f"Host: {result['host']['cpus']} CPUs, Python {result['host']['python']}, {result['host']['database']}, "
        f"Redis {result['host']['broker']}; gunicorn {result['settings']['workers']} workers, wrk "
        f"{result['settings']['connections']} connections for {result['settings']['duration_s']} s per page. "
        "The machine is shared: figures are indicative."
        + (f" Sections left out of this run: {', '.join(skipped)}." if skipped else ""),
    ]
    if _has(runs, factors, "report"):
        lines += [
            "",
            "## Report vs floor (`build_report results` against tests/bench/results.sql in psql)",
            "",
            "CLI: the whole `manage.py build_report` process; in-process: `render_report` (what the command runs) "
            "timed inside one process, without Python's and Django's start-up (`manage.py help` takes the start-up s).",
            "",
            "| K | SQL floor s | start-up s | JSON CLI s | × floor | JSON in-process s | × floor | XLSX CLI / in-process s "
            "| PDF CLI / in-process s | peak RSS MB (json/xlsx/pdf) |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for k in factors:
            r = runs[str(k)]["report"]

            def cell(fmt, key, r=r):
                return str(r[fmt].get(key, "-")) if r[fmt].get("available") else "not available"

            rss = "/".join(
                str(r[f].get("peak_rss_mb", "-")) if r[f].get("available") else "-" for f in ("json", "xlsx", "pdf")
            )
            lines.append(
                f"| {k:g} | {r['floor_sql']['median_s']} | {r['django_startup_s']} | {cell('json', 'median_s')} | "
                f"{cell('json', 'vs_floor')} | {cell('json', 'in_process_s')} | {cell('json', 'in_process_vs_floor')} | "
                f"{cell('xlsx', 'median_s')} / {cell('xlsx', 'in_process_s')} | "
                f"{cell('pdf', 'median_s')} / {cell('pdf', 'in_process_s')} | {rss} |"
            )
    if _has(runs, factors, "pages"):
        lines += [
            "",
            "## Pages vs floor (requests/s, p50/p95 ms, one request alone ms; ratio to the floor's requests/s)",
            "",
            "The anonymous programme and online exhibition are compared with the anonymous floor, the other pages "
            "with the floor requested with a logged-in session (session and user loaded, as on every logged-in "
            "page). 0 req/s: no request finished within the run (see the single request). The online exhibition's "
            "pages are kept in the cache (the first request renders them); its search is computed each time.",
            "",
        ]
        names = list(runs[str(factors[0])]["pages"])
        lines.append("| page | " + " | ".join(f"K={k:g} req/s | p50 | p95 | alone | × floor" for k in factors) + " |")
        lines.append("|---|" + "---|---|---|---|---|" * len(factors))
        for name in names:
            cells = []
            for k in factors:
                p = runs[str(k)]["pages"].get(name, {})
                if "rps" in p:
                    cells.append(
                        f"{p['rps']} | {p['p50_ms']} | {p['p95_ms']} | {p['single_request_ms']} | "
                        f"{p.get('vs_floor', '-')}"
                    )
                else:
                    cells.append(f"{p.get('error', '-')} | | | | ")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if _has(runs, factors, "contention"):
        lines += [
            "",
            f"## Booth contention over HTTP ({CONTENTION_SESSIONS} sessions, {CONTENTION_BOOTHS} booths)",
            "",
            "| K | holds | sold out after s | holds/s | attempts/s | refused | errors | booths held (SQL) "
            "| held twice (SQL) |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for k in factors:
            c = runs[str(k)]["contention"]
            lines.append(
                f"| {k:g} | {c['holds']} | {c['sold_out_s']} | {c['holds_per_s']} | {c['attempts_per_s']} | "
                f"{c['refused']} | {c['errors']} | {c['booths_held_in_sql']} | **{c['booths_held_twice']}** |"
            )
    if _has(runs, factors, "matchmaking"):
        lines += [
            "",
            f"## Matchmaking over HTTP ({MATCH_MERCHANTS} merchants, {MATCH_EXHIBITORS} exhibitors, "
            f"{MATCH_TABLES} tables)",
            "",
            f"Each merchant asks {MATCH_REQUESTS_EACH} exhibitors for a meeting at the expo through the request "
            "form, all merchants at once; then all exhibitors at once accept each of their requests through the "
            "meeting page at its first proposed slot still free for both parties and with a free table, trying "
            f"the next slots (at most {MATCH_TRIES} tries) when refused. accepted/s: accepted meetings over the time until "
            "the last one. Booked twice: counted in SQL (same table and slot; a merchant or an exhibitor in two "
            "overlapping meetings).",
            "",
            "| K | requests | requests/s | accepted | accepted (SQL) | accepted/s | attempts/s | refused | errors "
            "| table twice | merchant twice | exhibitor twice |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for k in factors:
            m = runs[str(k)]["matchmaking"]
            lines.append(
                f"| {k:g} | {m['requests']} | {m['requests_per_s']} | {m['accepted']} | {m['accepted_in_sql']} | "
                f"{m['accepted_per_s']} | {m['attempts_per_s']} | {m['refused']} | "
                f"{m['errors'] + m['request_errors']} | **{m['tables_twice']}** | **{m['merchants_twice']}** | "
                f"**{m['exhibitors_twice']}** |"
            )
    if any("import" in runs[str(k)] for k in factors):
        lines += ["", f"## Import vs COPY ({VISITORS:,} online visitors, CSV)", ""]
        lines += [
            "`manage.py import_attendees` (the whole process) against psql `\\copy` of the same file (psql's "
            "start-up included) into a temporary table `LIKE events_attendee INCLUDING ALL` (its indexes and unique "
            "constraints: the floor of the same work, the target's) and into a bare table of text columns.",
            "",
            "| K | importer s | \\copy like events_attendee s | × that floor | \\copy bare table s | × bare "
            "| importer peak RSS MB |",
            "|---|---|---|---|---|---|---|",
        ]
        for k in factors:
            i = runs[str(k)].get("import") or {}
            if i.get("import_s"):
                lines.append(
                    f"| {k:g} | {i['import_s']} | {i.get('copy_like_s', '-')} | {i.get('vs_copy_like', '-')} | "
                    f"{i['copy_s']} | {i['vs_copy']} | {i['import_peak_rss_mb']} |"
                )
            else:
                lines.append(f"| {k:g} | {i.get('error', 'not run')} | | | | | |")
    lines += expo_day_markdown(result)
    lines += ["", "## Targets", "", "| target | figure | met |", "|---|---|---|"]
    for row in result["targets"]:
        lines.append(f"| {row['target']} | {row['figure']} | {row['met']} |")
    seeds = ", ".join(
        f"K={k:g}: {runs[str(k)]['seed']['seed_s']} s" for k in factors if runs[str(k)]["seed"].get("seed_s")
    )
    if seeds:
        lines += ["", f"Seeding (`seed_scale`, PostgreSQL COPY): {seeds}."]
    return "\n".join(lines) + "\n"


def targets(result: dict) -> list[dict]:
    rows, runs, factors = [], result["runs"], result["factors"]
    for k in factors:
        run = runs[str(k)]
        r = (run.get("report") or {}).get("json") or {}
        day = runs[str(k)].get("expo_day")
        rush = runs[str(k)].get("booth_rush")
        if day:
            inv, scan = day["invariants"], day["kinds"].get("check-in: scan", {})
            # Holds: the booth rush's when it ran (the mix's exhibitors are paced: their holds/s
            # is the load offered), the mix's booths held twice as well.
            held = (rush or day)["invariants"]
            twice = inv["booths_held_twice"] + (rush["invariants"]["booths_held_twice"] if rush else 0)
            rows += [
                {
                    "target": f"K={k:g} check-in desk ≥ {TARGETS['scans_per_s']} scans/s, p95 < {TARGETS['scan_p95_ms']} ms",
                    "figure": f"{inv['scans_per_s']} scans/s, p95 {scan.get('p95_ms')} ms",
                    "met": "yes"
                    if (inv["scans_per_s"] or 0) >= TARGETS["scans_per_s"]
                    and (scan.get("p95_ms") or 1e9) < TARGETS["scan_p95_ms"]
                    else "no",
                },
                {
                    "target": f"K={k:g} booth holds ≥ {TARGETS['holds_per_s']} holds/s, 0 held twice",
                    "figure": f"{held['holds_per_s']} holds/s{' (booth rush)' if rush else ''}, {twice} held twice",
                    "met": "yes" if (held["holds_per_s"] or 0) >= TARGETS["holds_per_s"] and twice == 0 else "no",
                },
                {
                    "target": f"K={k:g} invariants: no badge twice, no table twice, every registration mailed",
                    "figure": f"{inv['badges_checked_in_twice']} / {inv['tables_booked_twice']} / "
                    f"{inv['registrations_without_mail']} without mail",
                    "met": "yes"
                    if not (
                        inv["badges_checked_in_twice"]
                        or inv["tables_booked_twice"]
                        or inv["registrations_without_mail"]
                    )
                    else "no",
                },
            ]
        if r.get("available"):
            rows.append(
                {
                    "target": f"K={k:g} report JSON ≤ {TARGETS['report_vs_floor']}x SQL floor",
                    "figure": f"in-process {r.get('in_process_vs_floor', '-')}x; CLI {r['vs_floor']}x",
                    "met": "yes" if r.get("in_process_vs_floor", r["vs_floor"]) <= TARGETS["report_vs_floor"] else "no",
                }
            )
        pages = run.get("pages") or {}
        others = {n: p for n, p in pages.items() if not n.startswith("online")}
        worst = min(
            ((n, p["vs_floor"]) for n, p in others.items() if "vs_floor" in p), key=lambda x: x[1], default=None
        )
        if worst:
            rows.append(
                {
                    "target": f"K={k:g} every page ≥ {TARGETS['page_vs_floor']}x floor throughput (issue 10)",
                    "figure": f"lowest: {worst[0]} {worst[1]}x",
                    "met": "yes" if worst[1] >= TARGETS["page_vs_floor"] else "no",
                }
            )
        online = [(n, pages[n].get("vs_floor")) for n in ONLINE_PAGES if n in pages]
        if online:
            low = min(online, key=lambda x: x[1] if x[1] is not None else -1)
            rows.append(
                {
                    "target": f"K={k:g} online home, pavilion, exhibitor, exhibit ≥ {TARGETS['online_vs_floor']}x "
                    "anonymous floor (issue 18)",
                    "figure": f"lowest: {low[0]} {low[1]}x",
                    "met": "yes" if low[1] is not None and low[1] >= TARGETS["online_vs_floor"] else "no",
                }
            )
        searches = [(n, p.get("p95_ms")) for n, p in pages.items() if n.startswith("online: search")]
        if searches and k >= 10:
            high = max(searches, key=lambda x: x[1] if x[1] is not None else float("inf"))
            rows.append(
                {
                    "target": f"K={k:g} search p95 < {TARGETS['search_p95_ms']} ms with "
                    f"{result['settings']['connections']} connections (issue 18)",
                    "figure": f"highest: {high[0]} {high[1]} ms",
                    "met": "yes" if high[1] is not None and high[1] < TARGETS["search_p95_ms"] else "no",
                }
            )
        i = run.get("import") or {}
        if i.get("vs_copy_like"):
            rows.append(
                {
                    "target": f"K={k:g} import ≤ {TARGETS['import_vs_copy']}x COPY (table like events_attendee)",
                    "figure": f"{i['vs_copy_like']}x (bare table: {i['vs_copy']}x)",
                    "met": "yes" if i["vs_copy_like"] <= TARGETS["import_vs_copy"] else "no",
                }
            )
        if "contention" in run:
            c = run["contention"]
            rows.append(
                {
                    "target": f"K={k:g} booths held twice = 0",
                    "figure": str(c["booths_held_twice"]),
                    "met": "yes" if c["booths_held_twice"] == 0 else "no",
                }
            )
        if "matchmaking" in run:
            m = run["matchmaking"]
            twice = m["tables_twice"] + m["merchants_twice"] + m["exhibitors_twice"]
            rows.append(
                {
                    "target": f"K={k:g} no table or person double-booked (SQL), issue 19",
                    "figure": f"{twice}; {m['accepted_in_sql']} meetings accepted, {m['accepted_per_s']}/s",
                    "met": "yes" if twice == 0 and m["accepted_in_sql"] > 0 else "no",
                }
            )
    if len(factors) > 1 and _has(runs, factors, "report"):
        low, high = str(factors[0]), str(factors[-1])
        for fmt in ("json", "xlsx", "pdf"):
            a, b = runs[low]["report"][fmt], runs[high]["report"][fmt]
            if a.get("available") and b.get("available"):
                rows.append(
                    {
                        "target": f"report {fmt} time at K={high} ≤ {TARGETS['report_growth']}x K={low}",
                        "figure": f"{round(b['median_s'] / a['median_s'], 2)}x",
                        "met": "yes" if b["median_s"] / a["median_s"] <= TARGETS["report_growth"] else "no",
                    }
                )
                if a.get("peak_rss_mb") and b.get("peak_rss_mb"):
                    ratio = b["peak_rss_mb"] / a["peak_rss_mb"]
                    rows.append(
                        {
                            "target": f"report {fmt} peak RSS at K={high} ≤ {TARGETS['rss_growth']}x K={low}",
                            "figure": f"{a['peak_rss_mb']} → {b['peak_rss_mb']} MB ({ratio:.2f}x)",
                            "met": "yes" if ratio <= TARGETS["rss_growth"] else "no",
                        }
                    )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", default="1,10", help="comma-separated factors K (default 1,10)")
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page (default 5)")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (default 4)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument(
        "--threads",
        type=int,
        default=4,
        help="threads of each gunicorn worker of the expo day (gthread when > 1; default 4, as the Procfile)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of the JSON report and SQL floor (median)")
    parser.add_argument("--edition-base", type=int, default=EDITION_BASE, help="edition of the first factor (41)")
    parser.add_argument("--tries", type=int, default=5, help="booths each contention session tries (default 5)")
    parser.add_argument("--skip-import", action="store_true", help="leave out import vs COPY")
    parser.add_argument("--skip-report", action="store_true", help="leave out report vs floor")
    parser.add_argument("--skip-expo-day", action="store_true", help="leave out the expo-day load test")
    parser.add_argument(
        "--only-expo-day", action="store_true", help="the expo-day load test alone (no report, pages, import)"
    )
    parser.add_argument(
        "--expo-day-users",
        type=int,
        default=DEFAULT_USERS,
        help=f"locust users of the expo day (default {DEFAULT_USERS})",
    )
    parser.add_argument("--expo-day-duration", type=int, default=60, help="seconds of the expo day (default 60)")
    parser.add_argument(
        "--expo-day-weights",
        default="",
        help="the mix as kind=weight, e.g. desk=1,exhibitor=1 (a kind left out does not run); "
        "default " + ",".join(f"{kind}={weight}" for kind, weight in DEFAULT_WEIGHTS.items()),
    )
    parser.add_argument(
        "--expo-day-paces",
        default=DEFAULT_PACES,
        help="tasks per second of each user of a kind, e.g. desk=1,exhibitor=2 (locust's constant_throughput); "
        f"a kind without one goes as fast as it is answered; default {DEFAULT_PACES!r}",
    )
    parser.add_argument(
        "--desk-client",
        choices=("threads", "locust"),
        default="threads",
        help="who plays the check-in desks: threads of the bench (default; they measure the site's latency) "
        "or locust users (its gevent client adds its own waits to theirs)",
    )
    parser.add_argument(
        "--desk-pool",
        type=int,
        default=2,
        help="web workers of the desks' own (default 2; the rest of the web at nice "
        "{WEB_NICENESS}); 0: the desks share the site's workers".replace("{WEB_NICENESS}", "5"),
    )
    parser.add_argument(
        "--desk-niceness",
        type=int,
        default=DESK_NICENESS,
        help=f"niceness of the desks' own web workers (default {DESK_NICENESS}, as the README advises; "
        "below 0 needs root, else nice says so and runs them at 0)",
    )
    parser.add_argument(
        "--booth-rush-users",
        type=int,
        default=BOOTH_RUSH_USERS,
        help=f"exhibitors of the booth rush after the mix, unpaced (default {BOOTH_RUSH_USERS}; 0 leaves it out)",
    )
    parser.add_argument(
        "--booth-rush-duration",
        type=int,
        default=BOOTH_RUSH_SECONDS,
        help=f"seconds of the booth rush (default {BOOTH_RUSH_SECONDS})",
    )
    parser.add_argument(
        "--expo-day-max-requests", type=int, default=50_000, help="the expo day stops after this many requests"
    )
    parser.add_argument(
        "--skip",
        default="",
        help=f"comma-separated sections to leave out, of {','.join(SECTIONS)} (e.g. report,import)",
    )
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks"), help="folder of the .md and .json")
    args = parser.parse_args()
    factors = [float(f) for f in args.factors.split(",")]
    skip = {name.strip() for name in args.skip.split(",") if name.strip()}
    if args.skip_import:
        skip.add("import")
    if args.skip_report:
        skip.add("report")
    if args.skip_expo_day:
        skip.add("expo_day")
    if args.only_expo_day:
        skip |= set(SECTIONS) - {"expo_day"}
    if skip - set(SECTIONS):
        print(f"--skip: unknown sections {', '.join(sorted(skip - set(SECTIONS)))}", file=sys.stderr)
        return 2
    try:
        servers = check_servers()
    except Unavailable as exc:
        print(exc, file=sys.stderr)
        return 2
    WORK.mkdir(parents=True, exist_ok=True)
    os.chdir(ROOT)
    log("migrate and collectstatic ...")
    for step in (("migrate", "--noinput", "-v", "0"), ("collectstatic", "--noinput", "-v", "0")):
        done = manage(*step)
        if done.returncode:
            print(done.stderr, file=sys.stderr)
            return 1
    django_setup()
    from django.db import connection

    result = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "host": {"cpus": os.cpu_count(), "python": platform.python_version(), **servers},
        "settings": {
            "duration_s": args.duration,
            "connections": args.connections,
            "workers": args.workers,
            "threads": args.threads,
            "skipped": sorted(skip),
        },
        "factors": factors,
        "runs": {},
    }
    for index, k in enumerate(factors):
        number = args.edition_base + index
        run = {"edition": number, "seed": ensure_edition(number, k)}
        make_current(number)
        connection.close()
        if "report" not in skip:
            run["report"] = bench_report(number, args.runs)
        served = {"pages", "contention", "matchmaking"} - skip
        users = bench_users(number) if served else {}
        with Server(args.workers) if served else contextlib.nullcontext():
            if "pages" not in skip:
                run["pages"] = bench_pages(users, args.duration, args.connections)
            if "contention" not in skip:
                run["contention"] = bench_contention(number, args.tries)
            if "matchmaking" not in skip:
                run["matchmaking"] = bench_matchmaking(number)
        if "import" not in skip:
            run["import"] = bench_import()
        if "expo_day" not in skip:
            served_by = {
                "max_requests": args.expo_day_max_requests,
                "workers": args.workers,
                "threads": args.threads,
                "desk_client": args.desk_client,
                "desk_niceness": args.desk_niceness,
            }
            run["expo_day"] = mix = bench_expo_day(
                number,
                users=args.expo_day_users,
                duration=args.expo_day_duration,
                weights=expo_day_weights(args.expo_day_weights),
                paces=expo_day_paces(args.expo_day_paces),
                desk_pool=args.desk_pool,
                **served_by,
            )
            rush_alone = {k for k, w in mix["weights"].items() if w} == {"exhibitor"} and not mix["paces"].get(
                "exhibitor"
            )  # the mix was a booth rush already (the README's recipe)
            if args.booth_rush_users > 0 and mix["weights"].get("exhibitor") and not rush_alone:
                run["booth_rush"] = bench_expo_day(
                    number,
                    users=args.booth_rush_users,
                    duration=args.booth_rush_duration,
                    weights=expo_day_weights("exhibitor=1"),
                    paces={},
                    desk_pool=0,
                    **served_by,
                )
        result["runs"][str(k)] = run
    result["targets"] = targets(result)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    stem = datetime.datetime.now(datetime.UTC).date().isoformat() + ("-expo-day" if args.only_expo_day else "")
    (out / f"{stem}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / f"{stem}.md").write_text(markdown(result), encoding="utf-8")
    log(f"wrote {out / stem}.md and .json")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

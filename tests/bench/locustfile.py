"""The expo day under load (issue 23): locust users for each kind of visitor of one morning,
against a server on the loopback. ``tests/bench/run.py --expo-day`` prepares the data and the
sessions, writes them to the JSON file named by ``EXPO_DAY_CONFIG``, runs

    locust -f tests/bench/locustfile.py --headless --host http://127.0.0.1:PORT -u N -r N -t 60s

and checks the invariants in SQL afterwards. Every request is named after its kind
("check-in: scan", "booth: hold", ...): locust's statistics per name are the figures per kind.

Bounded: the run time (``-t``), and ``max_requests`` of the config, after which the runner
stops. The host must be the loopback: the file refuses any other.

Not collected by pytest (no test_ prefix); tests/bench/test_locustfile_smoke.py runs it for a
few seconds against a live server.
"""

import itertools
import json
import os
import random
from http.cookiejar import Cookie
from urllib.parse import urlencode, urlparse

import gevent
from locust import FastHttpUser, between, constant, constant_throughput, events, task

CONFIG = json.loads(open(os.environ["EXPO_DAY_CONFIG"], encoding="utf-8").read())  # noqa: SIM115
WEIGHTS = CONFIG.get("weights", {})
# A kind's pace: at most this many tasks per second for each of its users (a desk scanning one
# badge a second, an exhibitor trying two booths a second), whatever the answers' speed, so
# that the load offered is known; a kind without a pace goes as fast as it is answered.
PACES = CONFIG.get("paces", {})


def paced(kind: str, otherwise):
    return constant_throughput(PACES[kind]) if PACES.get(kind) else otherwise


CSRF = "expoday" + "0" * 25  # any 32 letters: Django compares the cookie with the header
POST_HEADERS = {"X-CSRFToken": CSRF, "Referer": "http://127.0.0.1/"}
# The desk's page sends each scan with htmx and gets the result and the next form alone.
SCAN_HEADERS = {**POST_HEADERS, "HX-Request": "true"}
# One queue of badge codes for all desks: each badge scanned once, and every 50th scan a
# badge scanned before (a person at a second desk), which the desk must refuse.
CODES = iter(CONFIG.get("badge_codes", []))
SCANNED: list[str] = []
SCANS = itertools.count(1)  # every 50th scan is a repeat, whatever the desks in flight
BOOTHS = list(CONFIG.get("booths", []))
COUNTER = itertools.count(1)
REQUESTS = {"n": 0}


@events.init.add_listener
def _loopback_only(environment, **_kwargs):
    host = urlparse(environment.host or "").hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"the expo-day load test runs against the loopback only, not {host!r}")


@events.request.add_listener
def _bounded(**_kwargs):
    REQUESTS["n"] += 1
    runner = _RUNNER.get("runner")
    if runner is not None and REQUESTS["n"] == CONFIG.get("max_requests", 10**9):
        runner.quit()


_RUNNER: dict = {}


@events.test_start.add_listener
def _remember_runner(environment, **_kwargs):
    _RUNNER["runner"] = environment.runner


def _cookie(host: str, name: str, value: str) -> Cookie:
    """A cookie of the host, as the server would have set it (path /, no expiry). The standard
    library's jar knows a host without a dot as ``host.local``."""
    return Cookie(
        version=0,
        name=name,
        value=value,
        port=None,
        port_specified=False,
        domain=host if "." in host else f"{host}.local",
        domain_specified=False,
        domain_initial_dot=False,
        path="/",
        path_specified=True,
        secure=False,
        expires=None,
        discard=True,
        comment=None,
        comment_url=None,
        rest={},
    )


class _Session(FastHttpUser):
    """A user of one kind with its cookies. locust's FastHttpUser (geventhttpclient): the load
    generator shares the machine's two cores with the site, and its client costs a fraction of
    the CPU per request of ``requests`` (HttpUser), which the site then has."""

    abstract = True
    role = ""

    kind = ""  # the key of its weight and pace

    def on_start(self):
        pace = PACES.get(self.kind)
        if pace:
            # Users start together (-r = -u): without this, paced users would send in the same
            # instant every period, a burst the desks of a real hall never make.
            gevent.sleep(random.random() / pace)  # noqa: S311
        host = urlparse(self.host).hostname
        self.client.cookiejar.set_cookie(_cookie(host, "csrftoken", CSRF))
        sessions = CONFIG["sessions"].get(self.role) or []
        if sessions:
            self.client.cookiejar.set_cookie(_cookie(host, "sessionid", sessions[next(COUNTER) % len(sessions)]))

    def read_messages(self):
        """What a browser does when it follows a POST's redirect: the page shows the messages
        and they are gone. The bench does not follow (it measures the POST), so it drops them:
        otherwise every answer's message would pile up in the cookie and, past its 4 KB, in the
        session, a write on every request that no real user causes."""
        for cookie in list(self.client.cookiejar):
            if cookie.name == "messages":
                self.client.cookiejar.clear(cookie.domain, cookie.path, cookie.name)


class Reader(_Session):
    """An anonymous visitor reading the programme and the online exhibition."""

    kind = "reader"
    weight = WEIGHTS.get("reader", 1)
    abstract = weight == 0  # left out of the mix
    wait_time = paced("reader", between(0.5, 2))

    @task(3)
    def programme(self):
        self.client.get("/programme/", name="reader: programme")

    @task(2)
    def online_home(self):
        self.client.get(f"/online/{CONFIG['online']['number']}/", name="reader: online home")

    @task(2)
    def pavilion(self):
        online = CONFIG["online"]
        self.client.get(f"/online/{online['number']}/pavilions/{online['pavilion']}/", name="reader: online pavilion")

    @task(2)
    def exhibitor(self):
        online = CONFIG["online"]
        exhibitor = random.choice(online["exhibitors"])  # noqa: S311 - not for security
        self.client.get(f"/online/{online['number']}/exhibitors/{exhibitor}/", name="reader: online exhibitor")

    @task(1)
    def search(self):
        query = random.choice(["%E6%B1%BD%E8%BD%A6", "ginseng", "machinery"])  # noqa: S311
        self.client.get(f"/online/search/?q={query}&edition={CONFIG['online']['number']}", name="reader: online search")


class Merchant(_Session):
    """A merchant registering on the public form (a new address each time)."""

    kind = "merchant"
    weight = WEIGHTS.get("merchant", 1)
    abstract = weight == 0  # left out of the mix
    wait_time = paced("merchant", between(1, 3))

    @task
    def register(self):
        self.client.get("/programme/register/", name="merchant: form")
        n = next(COUNTER)
        data = {
            "name": f"Bench Merchant {n}",
            "organization": "Bench Trading Co.",
            "email": f"m{CONFIG['run']}-{n}@{CONFIG['mail_domain']}",
            "country": "KR",
            "kind": "merchant",
            "industry": "",
            "phone": "",
            "csrfmiddlewaretoken": CSRF,
        }
        with self.client.post(
            "/programme/register/",
            data=data,
            headers=POST_HEADERS,
            name="merchant: register",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"answered {response.status_code}, not the redirect of a registration")
        self.read_messages()


class CheckInDesk(_Session):
    """A check-in desk scanning badges as fast as they come."""

    kind = "desk"
    weight = WEIGHTS.get("desk", 1)
    abstract = weight == 0  # left out of the mix
    wait_time = paced("desk", constant(CONFIG.get("desk_wait", 0)))
    role = "desk"

    @task
    def scan(self):
        if SCANNED and next(SCANS) % 50 == 0:
            code, again = random.choice(SCANNED), True  # noqa: S311
        else:
            code, again = next(CODES, None), False
            if code is None:
                self.stop()
                return
        with self.client.post(
            "/staff/check-in/",
            data={"code": code},
            headers=SCAN_HEADERS,
            name="check-in: scan",
            catch_response=True,
        ) as response:
            # Only an answered badge is scanned again: a repeat of a badge whose first scan is
            # still in flight would check it in first and the first scan would be the refused one.
            SCANNED.append(code)
            body = response.text or ""
            if response.status_code != 200:
                response.failure(f"answered {response.status_code}")
            elif again and "scan-result--ok" in body:
                response.failure("a badge scanned twice was checked in twice")
            elif not again and "scan-result--ok" not in body:
                response.failure("a fresh badge was not checked in")


class Exhibitor(_Session):
    """An exhibitor holding free booths: others race for the same booths."""

    kind = "exhibitor"
    weight = WEIGHTS.get("exhibitor", 1)
    abstract = weight == 0  # left out of the mix
    wait_time = paced("exhibitor", between(0, 0.2))
    role = "exhibitor"

    @task(9)
    def hold(self):
        if not BOOTHS:
            self.stop()
            return
        # A random one of the first free booths: exhibitors often want the same booth.
        booth = BOOTHS[random.randrange(min(len(BOOTHS), 40))]  # noqa: S311
        with self.client.post(
            f"/exhibitor/booths/{booth}/hold/",
            headers=POST_HEADERS,
            name="booth: hold",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code == 302 and ("/applications/" in location or "/pavilions/" in location):
                # Held, or refused (taken by another exhibitor, full): no longer free either way.
                if booth in BOOTHS:
                    BOOTHS.remove(booth)
            else:
                response.failure(f"answered {response.status_code} {location}")
        self.read_messages()

    @task(1)
    def floor_plan(self):
        self.client.get(f"/exhibitor/pavilions/{random.choice(CONFIG['pavilions'])}/", name="booth: floor plan")  # noqa: S311


class Organizer(_Session):
    """The organizers on their workspaces: the staff pages, and now and then a report."""

    kind = "organizer"
    weight = WEIGHTS.get("organizer", 1)
    abstract = weight == 0  # left out of the mix
    wait_time = paced("organizer", between(0.5, 2))
    role = "organizer"

    @task(3)
    def protocol_desk(self):
        self.client.get("/staff/protocol/", name="organizer: protocol desk")

    @task(3)
    def committee(self):
        self.client.get("/staff/committee/", name="organizer: secretariat matrix")

    @task(2)
    def check_in_figures(self):
        self.client.get("/staff/check-in/", name="organizer: check-in figures")

    @task(2)
    def admin_attendees(self):
        self.client.get("/admin/events/attendee/", name="organizer: admin attendees")

    @task(1)
    def admin_exhibitors(self):
        self.client.get("/admin/exhibitors/exhibitor/", name="organizer: admin exhibitors")

    @task(1)
    def report(self):
        if CONFIG.get("reports", 0) <= 0:
            return
        CONFIG["reports"] -= 1
        # The form's formats are several values of one field: encoded as a browser does
        # (geventhttpclient would write the list's repr).
        data = urlencode({**CONFIG["report_form"], "csrfmiddlewaretoken": CSRF}, doseq=True)
        with self.client.post(
            "/staff/reports/",
            data=data,
            headers={**POST_HEADERS, "Content-Type": "application/x-www-form-urlencoded"},
            name="organizer: request a report",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"answered {response.status_code}")
        self.read_messages()

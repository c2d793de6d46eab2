"""The work each staff page does, in-process, whatever the load of the machine:
``python tests/bench/work_pages.py --edition N [--n 10]`` makes edition N current, renders
each page N times through the whole middleware stack (Django's test client) and prints, per
page, the SQL queries, the bytes of HTML, the CPU milliseconds of the Python process and the
wall milliseconds per request, against the logged-in floor (/bench/floor). On a machine
shared with other work, requests per second measure the machine's load as much as the page;
the CPU time of the web process and the number of queries and rows do not grow with the load.
Same environment as ``make bench`` (its database, with the bench's users: run it after
``tests/bench/run.py``)."""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PAGES = [
    ("floor (logged in)", "/bench/floor", "bench-organizer"),
    ("protocol desk", "/staff/protocol/", "bench-protocol"),
    ("secretariat matrix", "/staff/committee/", "bench-secretariat"),
    ("staff: check-in desk (scan answer)", "POST /staff/check-in/", "bench-organizer"),
    ("staff: check-in figures", "/staff/check-in/", "bench-organizer"),
    ("staff: invitations by unit", "/staff/units/invitations/", "bench-secretariat"),
    ("staff: activity proposals", "/staff/units/proposals/", "bench-secretariat"),
    ("staff: report runs", "/staff/reports/", "bench-organizer"),
    ("admin: attendees", "/admin/events/attendee/", "bench-organizer"),
    ("admin: exhibitors", "/admin/exhibitors/exhibitor/", "bench-organizer"),
    ("admin: delegates", "/admin/delegations/delegate/", "bench-organizer"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edition", type=int, required=True)
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--json", help="write the figures to this file too")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from run import make_current, session_for

    make_current(args.edition)
    users = get_user_model().objects
    out = {}
    for name, path, username in PAGES:
        client = Client(HTTP_HOST="127.0.0.1")
        user = users.get(username=username)
        client.cookies["sessionid"] = session_for(user, otp=user.is_staff)
        method, _, url = path.rpartition(" ")

        def send(client=client, method=method, url=url):
            if method == "POST":
                return client.post(url, {"code": "NOSUCHBADGE"})
            return client.get(url)

        status = send().status_code
        send()
        # Counted by a wrapper: the query log is emptied when each request starts.
        queries = []

        def counted(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            size = len(send().content)
        cpu, wall = time.process_time(), time.monotonic()
        for _ in range(args.n):
            send()
        cpu, wall = (time.process_time() - cpu) / args.n * 1000, (time.monotonic() - wall) / args.n * 1000
        out[name] = {
            "path": path,
            "status": status,
            "queries": len(queries),
            "html_kb": round(size / 1024, 1),
            "cpu_ms": round(cpu, 1),
            "wall_ms": round(wall, 1),
        }
    floor = out["floor (logged in)"]["cpu_ms"]
    print(f"edition {args.edition}, {args.n} requests each, load average {os.getloadavg()[0]:.1f}")
    print("| page | status | queries | HTML KB | CPU ms | wall ms | floor CPU ÷ page CPU |")
    print("|---|---|---|---|---|---|---|")
    for name, row in out.items():
        row["vs_floor_cpu"] = round(floor / row["cpu_ms"], 3) if row["cpu_ms"] else None
        print(
            f"| {name} | {row['status']} | {row['queries']} | {row['html_kb']} | {row['cpu_ms']} | {row['wall_ms']} "
            f"| {row['vs_floor_cpu']} |"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

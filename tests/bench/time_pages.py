"""CPU per request of pages, in-process: ``python tests/bench/time_pages.py [USER:]PATH ...``
requests each PATH (as USER, organizers past the second factor) through the whole middleware
stack with Django's test client, once to warm up and once more to keep what is kept, then N
times (``N``, default 30) and prints the wall and CPU milliseconds per request. Same
environment as ``make bench`` (``BENCH_ENV`` of the Makefile, and ``EXPO_BENCH=1`` for the
floor ``/bench/floor``)."""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from run import session_for

    count = int(os.environ.get("N", "30"))
    for arg in sys.argv[1:]:
        user, path = ("", arg) if arg.startswith("/") else arg.split(":", 1)
        client = Client(HTTP_HOST="127.0.0.1")
        if user:
            person = get_user_model().objects.get(username=user)
            client.cookies["sessionid"] = session_for(person, otp=person.is_staff)
        status = client.get(path).status_code
        client.get(path)
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(count):
            client.get(path)
        wall, cpu = (time.perf_counter() - wall) / count * 1000, (time.process_time() - cpu) / count * 1000
        print(f"{status} {wall:6.1f} ms wall {cpu:6.1f} ms cpu  {user or '(anonymous)'} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

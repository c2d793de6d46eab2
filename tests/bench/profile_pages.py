"""Where a page's time goes: ``python tests/bench/profile_pages.py PATH [--as USER] [--n N]``
renders PATH N times (or posts ``--post NAME=VALUE`` fields) in-process (the whole middleware stack, Django's test client) under
pyinstrument and prints the profile. Same environment as ``make bench``."""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--as", dest="username", help="a username to be logged in as (staff pass the second factor)")
    parser.add_argument("--n", type=int, default=5)
    parser.add_argument("--all", action="store_true", help="show library frames too")
    parser.add_argument(
        "--post",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="POST these fields instead of a GET ({n} in a value: the request's number, e.g. a new address each time)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from pyinstrument import Profiler
    from run import session_for

    client = Client(HTTP_HOST="127.0.0.1")
    if args.username:
        user = get_user_model().objects.get(username=args.username)
        client.cookies["sessionid"] = session_for(user, otp=user.is_staff)
    fields = dict(item.split("=", 1) for item in args.post)

    def send(n):
        if not fields:
            return client.get(args.path)
        return client.post(args.path, {k: v.replace("{n}", str(n)) for k, v in fields.items()})

    status = send(0).status_code
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for n in range(1, args.n + 1):
        send(n)
    profiler.stop()
    print(f"{args.path}: {status}")
    print(profiler.output_text(unicode=True, color=False, show_all=args.all))
    return 0


if __name__ == "__main__":
    sys.exit(main())

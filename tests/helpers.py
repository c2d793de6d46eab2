import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_SECRET = "p9Jx2vQ7mZr4Lk8sT1wYc6Nb3Hf5Dg0aEu7Ri2Oq9Pl4Ks8Mj1Vn6Xz3By5Ct0Ad"


def clean_env(**values: str) -> dict[str, str]:
    """An environment with nothing of ours in it but ``values``."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SYSTEMROOT")}
    return {**keep, "DJANGO_SETTINGS_MODULE": "expo.settings", **values}


def run_python(code: str, env: dict[str, str], timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def run_manage(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def database_url_of_tests() -> str:
    """A DATABASE_URL for the database the running tests use, for child processes."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

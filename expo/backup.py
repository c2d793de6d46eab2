"""Backups of the PostgreSQL database and the uploads, and their restore.

A backup is one uncompressed tar under ``var/backups/`` holding:

- ``db.dump``: ``pg_dump --format=custom`` of the database (no owner, no grants, so it
  restores under any role);
- ``media.tar.gz``: every file under ``MEDIA_ROOT``;
- ``manifest.json``: when, from which database, the row count of every table, an md5 of the
  ordered rows of the key tables and the sha256 of every media file.

The dump and the manifest's figures come from one snapshot (``pg_export_snapshot()`` in a
repeatable-read transaction, handed to ``pg_dump --snapshot``), so they agree even while the
site writes. A restore checks the restored database and files against the manifest.
"""

import datetime
import hashlib
import json
import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext as _

FORMAT = 1
DUMP, MEDIA, MANIFEST = "db.dump", "media.tar.gz", "manifest.json"
# The tables whose content, not only their size, a restore must reproduce.
KEY_MODELS = (
    "expo.Edition",
    "expo.MemberUnit",
    "expo.ProgressReport",
    "exhibitors.Exhibitor",
    "exhibitors.Booth",
    "exhibitors.BoothApplication",
    "projects.Project",
    "delegations.Delegate",
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in the reader's language."""


@dataclass(frozen=True)
class Figures:
    row_counts: dict[str, int]
    checksums: dict[str, str]

    def as_dict(self) -> dict:
        return {"row_counts": self.row_counts, "checksums": self.checksums}


# Connections ------------------------------------------------------------------------------


def database_settings(name: str | None = None) -> dict:
    """The default database's settings (``NAME`` replaced by ``name``); PostgreSQL only."""
    database = dict(settings.DATABASES["default"])
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError(
            _("Backups need PostgreSQL; DATABASE_URL points at %(engine)s. Set DATABASE_URL=postgres://…")
            % {"engine": database["ENGINE"].rsplit(".", 1)[-1]}
        )
    if name:
        database["NAME"] = name
    return database


def _libpq_env(database: dict) -> dict[str, str]:
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database["NAME"],
        "PGSSLMODE": (database.get("OPTIONS") or {}).get("sslmode"),
    }
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def _connect(database: dict) -> psycopg.Connection:
    params = {"dbname": database["NAME"], "host": database.get("HOST") or None, "user": database.get("USER") or None}
    params |= {"password": database.get("PASSWORD") or None, "port": database.get("PORT") or None}
    connection = psycopg.connect(autocommit=True, **{key: value for key, value in params.items() if value is not None})
    # Row texts (timestamps) must read the same in every session that compares them.
    connection.execute("SET TIME ZONE 'UTC'")
    connection.execute("SET DateStyle = 'ISO, YMD'")
    connection.execute("SET extra_float_digits = 1")
    return connection


def _run(command: list[str], *, database: dict) -> None:
    result = subprocess.run(command, env=_libpq_env(database), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(
            _("%(command)s failed: %(error)s") % {"command": command[0], "error": result.stderr.strip()[-2000:]}
        )


# Figures ----------------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_names(connection: psycopg.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    ).fetchall()
    return [row[0] for row in rows]


def figures(connection: psycopg.Connection) -> Figures:
    """Row counts of every table and an md5 of the key tables' rows ordered by primary key."""
    counts = {
        table: connection.execute(f"SELECT count(*) FROM {_quote(table)}").fetchone()[0]  # noqa: S608
        for table in table_names(connection)
    }
    checksums = {}
    for label in KEY_MODELS:
        meta = apps.get_model(label)._meta
        table, pk = _quote(meta.db_table), _quote(meta.pk.column)
        checksums[meta.db_table] = connection.execute(
            f"SELECT coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t.{pk})), '') FROM {table} t"  # noqa: S608
        ).fetchone()[0]
    return Figures(row_counts=counts, checksums=checksums)


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def media_checksums(root: Path) -> dict[str, str]:
    root = Path(root)
    if not root.is_dir():
        return {}
    return {path.relative_to(root).as_posix(): _sha256(path) for path in sorted(root.rglob("*")) if path.is_file()}


# Backup -----------------------------------------------------------------------------------


def backup_create(*, folder: Path | None = None, media_root: Path | None = None) -> tuple[Path, dict]:
    """Write a backup of the default database and ``MEDIA_ROOT`` into ``folder``
    (``var/backups/`` by default). Returns its path and its manifest."""
    database = database_settings()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    folder = Path(folder or Path(settings.BASE_DIR) / "var" / "backups")
    folder.mkdir(parents=True, exist_ok=True)
    created = datetime.datetime.now(tz=datetime.UTC)
    target = folder / f"expo-{created:%Y%m%dT%H%M%SZ}-{os.urandom(3).hex()}.tar"
    with tempfile.TemporaryDirectory(prefix="expo-backup-") as work:
        work = Path(work)
        with _connect(database) as connection:
            connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
            dump = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
            _run([*dump, f"--file={work / DUMP}"], database=database)
            database_figures = figures(connection)
            connection.execute("ROLLBACK")
        with tarfile.open(work / MEDIA, "w:gz") as archive:
            if media_root.is_dir():
                archive.add(media_root, arcname=".")
        manifest = {
            "format": FORMAT,
            "created_at": created.isoformat(),
            "database": database["NAME"],
            **database_figures.as_dict(),
            "media": media_checksums(media_root),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True))
        partial = target.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as bundle:
            for name in (MANIFEST, DUMP, MEDIA):
                bundle.add(work / name, arcname=name)
        partial.rename(target)
    return target, manifest


# Restore ----------------------------------------------------------------------------------


def read_manifest(path: Path) -> dict:
    if not Path(path).is_file():
        raise BackupError(_("There is no file %(file)s.") % {"file": path})
    try:
        with tarfile.open(path) as bundle:
            member = bundle.extractfile(MANIFEST)
            manifest = json.load(member)
    except (OSError, KeyError, tarfile.TarError, ValueError, AttributeError):
        raise BackupError(_("%(file)s is not a backup of this system.") % {"file": path}) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(_("%(file)s is not a backup of this system.") % {"file": path})
    return manifest


def backup_restore(
    *, path: Path, force: bool = False, database_name: str | None = None, media_root: Path | None = None
) -> dict:
    """Restore the backup at ``path`` into the default database (or ``database_name`` on the
    same server) and ``MEDIA_ROOT``, then check both against the manifest. Refuses a database
    that has tables unless ``force``, which first drops everything in its public schema.
    Media files are written over ``MEDIA_ROOT``; files that the backup does not hold stay
    (no row refers to them, so they are never served). Returns the manifest."""
    path = Path(path)
    database = database_settings(database_name)
    manifest = read_manifest(path)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with _connect(database) as connection:
        existing = table_names(connection)
        if existing and not force:
            raise BackupError(
                _(
                    "The database %(name)s is not empty (%(count)d tables). "
                    "Restore into an empty database, or set FORCE=1 to replace it."
                )
                % {"name": database["NAME"], "count": len(existing)}
            )
        if existing:
            with connection.transaction():
                connection.execute("DROP SCHEMA public CASCADE")
                connection.execute("CREATE SCHEMA public")
    with tempfile.TemporaryDirectory(prefix="expo-restore-") as work:
        work = Path(work)
        with tarfile.open(path) as bundle:
            bundle.extractall(work, members=[bundle.getmember(DUMP), bundle.getmember(MEDIA)], filter="data")
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
             f"--dbname={database['NAME']}", str(work / DUMP)],
            database=database,
        )  # fmt: skip
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(work / MEDIA) as archive:
            archive.extractall(media_root, filter="data")
    with _connect(database) as connection:
        restored = figures(connection)
    _compare(manifest, restored, media_checksums(media_root))
    return manifest


def _compare(manifest: dict, restored: Figures, media: dict[str, str]) -> None:
    problems = [
        table
        for table, count in manifest["row_counts"].items()
        if restored.row_counts.get(table) != count
        or restored.checksums.get(table, "") != manifest["checksums"].get(table, "")
    ]
    problems += [name for name, digest in manifest["media"].items() if media.get(name) != digest]
    if problems:
        raise BackupError(
            _("The restored copy differs from the backup in: %(names)s.") % {"names": ", ".join(sorted(problems))}
        )

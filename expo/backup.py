"""Backups of the PostgreSQL database and the uploads, and their restore.

A backup is one uncompressed tar under ``var/backups/`` (a folder only its owner may open,
0700; the file 0600) holding:

- ``db.dump``: ``pg_dump --format=custom`` of the database (no owner, no grants, so it
  restores under any role);
- ``media.tar.gz``: every file under ``MEDIA_ROOT``;
- ``manifest.json``: when, from which database, the row count of every table, an md5 of the
  ordered rows of the key tables, the sha256 of every media file and of the dump and the
  media archive.

With ``BACKUP_ENCRYPTION_KEY`` set (32 bytes in URL-safe base64), the tar is written
encrypted (AES-256-GCM in chunks, each bound to its place, so a cut or reordered file does
not open): ``.tar.enc``; it restores only with the same key.

The dump and the manifest's figures come from one snapshot (``pg_export_snapshot()`` in a
repeatable-read transaction, handed to ``pg_dump --snapshot``), so they agree even while the
site writes.

A restore checks the whole backup before it changes anything: the tar holds only the three
expected regular files, their checksums match the manifest, ``pg_restore --list`` reads the
dump, the media archive holds only regular files and folders under relative paths, exactly
the files of the manifest. The dump is restored into a new database beside the target,
checked against the manifest, and only then swapped in (the old database renamed away and
dropped); the media files are unpacked into a folder beside ``MEDIA_ROOT``, checked, and moved
in last. A bad backup therefore leaves the target as it was.

With the uploads in an S3 bucket (``expo.storage``, ``AWS_STORAGE_BUCKET_NAME``) the media
archive holds the bucket's objects instead, read through the storage, under the same names and
with the same checks; a restore checks them the same way in a temporary folder, then, once the
database is swapped in, writes them into the bucket and removes the objects the backup does not
hold. Unlike a folder, a bucket cannot be swapped in one rename: a restore stopped while it
writes the objects leaves some of them written (running it again, forced, finishes the work).
"""

import base64
import binascii
import datetime
import hashlib
import json
import os
import shutil
import struct
import subprocess
import tarfile
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import psycopg
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connections
from django.utils.translation import gettext as _

from expo import storage

FORMAT = 2
READABLE_FORMATS = (1, 2)  # format 1 had no checksums of the dump and the media archive
DUMP, MEDIA, MANIFEST = "db.dump", "media.tar.gz", "manifest.json"
MEMBERS = (MANIFEST, DUMP, MEDIA)
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
# Encrypted backups: a magic, a random nonce prefix, then chunks of (length, ciphertext).
MAGIC = b"EXPOBAK\x01"
CHUNK = 1024 * 1024
MAX_IDENTIFIER = 63  # PostgreSQL's limit on a database name, in bytes


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


# Encryption -------------------------------------------------------------------------------


def encryption_key(required: bool = False) -> bytes | None:
    """The key of ``BACKUP_ENCRYPTION_KEY`` (32 bytes in URL-safe base64), None if unset."""
    text = (settings.BACKUP_ENCRYPTION_KEY or "").strip()
    if not text:
        if required:
            raise BackupError(
                _("This backup is encrypted. Set BACKUP_ENCRYPTION_KEY to the key it was made with to restore it.")
            )
        return None
    try:
        key = base64.urlsafe_b64decode(text.encode("ascii"))
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise BackupError(
            _(
                "BACKUP_ENCRYPTION_KEY must be 32 bytes in URL-safe base64 (44 characters); make one with "
                'python -c "import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())".'
            )
        )
    return key


def _associated(prefix: bytes, index: int, last: bool) -> bytes:
    return MAGIC + prefix + struct.pack(">Q?", index, last)


def encrypt_file(source: Path, target, key: bytes) -> None:
    """Write ``source`` encrypted into the open binary file ``target``, chunk by chunk."""
    cipher = AESGCM(key)
    prefix = os.urandom(4)
    target.write(MAGIC + prefix)
    with source.open("rb") as plain:
        chunk = plain.read(CHUNK)
        index = 0
        while True:
            following = plain.read(CHUNK)
            last = not following
            nonce = prefix + struct.pack(">Q", index)
            sealed = cipher.encrypt(nonce, chunk, _associated(prefix, index, last))
            target.write(struct.pack(">I", len(sealed)) + sealed)
            if last:
                return
            chunk, index = following, index + 1


def decrypt_file(source: Path, target: Path, key: bytes) -> None:
    """Write the backup ``source`` decrypted to ``target``; BackupError if the key does not
    open it or the file was cut or changed."""
    cipher = AESGCM(key)
    refused = _("BACKUP_ENCRYPTION_KEY does not open this backup (a wrong key, or a damaged file).")
    with source.open("rb") as sealed, target.open("wb") as plain:
        if sealed.read(len(MAGIC)) != MAGIC:
            raise BackupError(refused)
        prefix = sealed.read(4)
        index = 0
        while True:
            size = sealed.read(4)
            if len(size) != 4:
                raise BackupError(refused)  # cut before its last chunk
            (length,) = struct.unpack(">I", size)
            if length > CHUNK + 16:
                raise BackupError(refused)
            chunk = sealed.read(length)
            last = sealed.peek(1)[:1] == b"" if hasattr(sealed, "peek") else False
            try:
                plain.write(cipher.decrypt(prefix + struct.pack(">Q", index), chunk, _associated(prefix, index, last)))
            except InvalidTag:
                raise BackupError(refused) from None
            if last:
                return
            index += 1


def is_encrypted(path: Path) -> bool:
    with Path(path).open("rb") as file:
        return file.read(len(MAGIC)) == MAGIC


# Backup -----------------------------------------------------------------------------------


def _private_folder(folder: Path) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def backup_create(*, folder: Path | None = None, media_root: Path | None = None) -> tuple[Path, dict]:
    """Write a backup of the default database and the uploads (``MEDIA_ROOT``, or the bucket's
    objects when the uploads are in one) into ``folder``
    (``var/backups/`` by default, made 0700), as a file only its owner may read (0600),
    encrypted with ``BACKUP_ENCRYPTION_KEY`` if it is set. Returns its path and its manifest."""
    bucket = _media_bucket(media_root)
    database = database_settings()
    key = encryption_key()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    folder = _private_folder(Path(folder or Path(settings.BASE_DIR) / "var" / "backups"))
    created = datetime.datetime.now(tz=datetime.UTC)
    suffix = ".tar.enc" if key else ".tar"
    target = folder / f"expo-{created:%Y%m%dT%H%M%SZ}-{os.urandom(3).hex()}{suffix}"
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
            if bucket is not None:
                media = _archive_bucket(bucket, archive)
            elif media_root.is_dir():
                archive.add(media_root, arcname=".", filter=_regular_files_only)
        if bucket is None:
            media = media_checksums(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": created.isoformat(),
            "database": database["NAME"],
            **database_figures.as_dict(),
            "media": media,
            "files": {DUMP: _sha256(work / DUMP), MEDIA: _sha256(work / MEDIA)},
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True))
        bundle_path = work / "bundle.tar"
        with tarfile.open(bundle_path, "w") as bundle:
            for name in MEMBERS:
                bundle.add(work / name, arcname=name)
        partial = target.with_name(target.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            if key:
                encrypt_file(bundle_path, out, key)
            else:
                with bundle_path.open("rb") as plain:
                    shutil.copyfileobj(plain, out, CHUNK)
        partial.rename(target)
    return target, manifest


def _media_bucket(media_root: Path | None):
    """The default storage when the uploads are in a bucket (and no folder was asked for), else None."""
    if media_root is not None or storage.media_is_local():
        return None
    return storages["default"]


def _stored_names(bucket, folder: str = ""):
    folders, files = bucket.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _stored_names(bucket, f"{folder}/{sub}" if folder else sub)


def _archive_bucket(bucket, archive: tarfile.TarFile) -> dict[str, str]:
    """Every object of the bucket into ``archive`` under its name; returns their sha256."""
    media = {}
    for name in _stored_names(bucket):
        with bucket.open(name, "rb") as handle:
            digest, size = hashlib.sha256(), 0
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
            handle.seek(0)
            member = tarfile.TarInfo(name)
            member.size, member.mode = size, 0o600
            archive.addfile(member, handle)
        media[name] = digest.hexdigest()
    return media


def _restore_bucket(bucket, unpacked: Path, manifest: dict) -> None:
    """Write the checked files of ``unpacked`` into the bucket under their names, then remove
    the objects the backup does not hold."""
    for name in sorted(manifest["media"]):
        if bucket.exists(name):
            bucket.delete(name)
        with (unpacked / name).open("rb") as handle:
            saved = bucket.save(name, File(handle, name=name))
        if saved != name:  # another writer took the name meanwhile
            raise BackupError(_("The file %(name)s could not be written under its name.") % {"name": name})
    for name in list(_stored_names(bucket)):
        if name not in manifest["media"]:
            bucket.delete(name)


def _regular_files_only(member: tarfile.TarInfo) -> tarfile.TarInfo | None:
    """Folders and regular files of MEDIA_ROOT; a link or a device found there is left out."""
    return member if member.isreg() or member.isdir() else None


# Restore: checking the whole backup first -------------------------------------------------


def _not_a_backup(path: Path) -> BackupError:
    return BackupError(_("%(file)s is not a backup of this system.") % {"file": path})


def _damaged(path: Path, reason: str) -> BackupError:
    return BackupError(
        _("%(file)s cannot be restored: %(reason)s Nothing was changed.") % {"file": path, "reason": reason}
    )


def read_manifest(path: Path) -> dict:
    """The manifest of the (plain) backup tar at ``path``."""
    if not Path(path).is_file():
        raise BackupError(_("There is no file %(file)s.") % {"file": path})
    try:
        with tarfile.open(path) as bundle:
            member = bundle.extractfile(MANIFEST)
            manifest = json.load(member)
    except (OSError, KeyError, tarfile.TarError, ValueError, AttributeError):
        raise _not_a_backup(path) from None
    if not isinstance(manifest, dict) or manifest.get("format") not in READABLE_FORMATS:
        raise _not_a_backup(path)
    for field in ("row_counts", "checksums", "media"):
        if not isinstance(manifest.get(field), dict):
            raise _not_a_backup(path)
    return manifest


def _safe_relative(name: str) -> PurePosixPath | None:
    """``name`` as a relative path inside the archive's root, or None if it would leave it."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\x00" in name or "\\" in name:
        return None
    parts = [part for part in path.parts if part != "."]
    return PurePosixPath(*parts) if parts else PurePosixPath(".")


def _unpack_bundle(path: Path, work: Path, shown: Path) -> dict:
    """Check the backup tar at ``path`` (named ``shown`` in messages) and unpack its dump and
    media archive into ``work``; returns its manifest."""
    manifest = read_manifest(path)
    try:
        with tarfile.open(path) as bundle:
            members = bundle.getmembers()
            names = sorted(member.name for member in members)
            if names != sorted(MEMBERS) or not all(member.isreg() for member in members):
                raise _damaged(
                    shown,
                    _("it must hold exactly %(names)s, as regular files; it holds %(found)s.")
                    % {"names": ", ".join(MEMBERS), "found": ", ".join(names[:20])},
                )
            for name in (DUMP, MEDIA):
                source = bundle.extractfile(name)
                with (work / name).open("wb") as target:
                    shutil.copyfileobj(source, target, CHUNK)
    except tarfile.TarError:
        raise _not_a_backup(shown) from None
    for name, digest in (manifest.get("files") or {}).items():
        if name not in (DUMP, MEDIA) or _sha256(work / name) != digest:
            raise _damaged(shown, _("%(name)s does not match the checksum of the manifest.") % {"name": name})
    return manifest


def _check_dump(dump: Path, *, database: dict, shown: Path) -> None:
    result = subprocess.run(
        ["pg_restore", "--list", str(dump)], env=_libpq_env(database), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise _damaged(
            shown,
            _("pg_restore cannot read its database dump (%(error)s).") % {"error": result.stderr.strip()[-500:]},
        )


def _unpack_media(archive_path: Path, manifest: dict, target: Path, shown: Path) -> None:
    """Unpack the media archive into the new folder ``target`` after checking every member:
    relative paths inside the folder, only regular files and folders, exactly the files of
    the manifest, each with its checksum."""
    expected = manifest["media"]
    try:
        with tarfile.open(archive_path) as archive:
            members = archive.getmembers()
            files = set()
            for member in members:
                relative = _safe_relative(member.name)
                if relative is None or not (member.isreg() or member.isdir()):
                    raise _damaged(
                        shown,
                        _("its media archive holds %(name)s, which is not a file or folder inside the media folder.")
                        % {"name": member.name[:200]},
                    )
                if member.isreg():
                    files.add(relative.as_posix())
            if files != set(expected):
                raise _damaged(shown, _("its media archive does not hold the files of the manifest."))
            target.mkdir(mode=0o700)
            archive.extractall(target, members=members, filter="data")
    except (tarfile.TarError, OSError, EOFError):
        raise _damaged(shown, _("its media archive cannot be read.")) from None
    found = media_checksums(target)
    if found != expected:
        differ = sorted(name for name in expected if found.get(name) != expected[name])
        raise _damaged(
            shown,
            _("these media files do not match the manifest: %(names)s.") % {"names": ", ".join(differ[:20])},
        )


# Restore: into a new database, then swapped in ---------------------------------------------


def _stamp() -> str:
    return f"{datetime.datetime.now(tz=datetime.UTC):%Y%m%d%H%M%S}{os.urandom(2).hex()}"


def _beside(name: str, label: str, stamp: str) -> str:
    suffix = f"_{label}_{stamp}"
    base = name.encode()[: MAX_IDENTIFIER - len(suffix)].decode(errors="ignore")
    return base + suffix


def _database_exists(connection: psycopg.Connection, name: str) -> bool:
    return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _drop_database(maintenance: dict, name: str) -> None:
    with _connect(maintenance) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")


def _swap_databases(maintenance: dict, *, target: str, restored: str, stamp: str) -> None:
    """Put ``restored`` in the place of ``target``: no new connections to the target, its
    sessions ended, renamed away, the restored one renamed in, the old one dropped. A failure
    before the last rename puts the target back."""
    old = _beside(target, "old", stamp)
    for connection in connections.all(initialized_only=True):
        if connection.settings_dict.get("NAME") == target:
            connection.close()  # this process's own connection to the target
    with _connect(maintenance) as connection:
        exists = _database_exists(connection, target)
        if exists:
            connection.execute(f"ALTER DATABASE {_quote(target)} ALLOW_CONNECTIONS false")
            try:
                connection.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                    "AND pid <> pg_backend_pid()",
                    [target],
                )
                connection.execute(f"ALTER DATABASE {_quote(target)} RENAME TO {_quote(old)}")
            except psycopg.Error:
                connection.execute(f"ALTER DATABASE {_quote(target)} ALLOW_CONNECTIONS true")
                raise
        try:
            connection.execute(f"ALTER DATABASE {_quote(restored)} RENAME TO {_quote(target)}")
        except psycopg.Error:
            if exists:
                connection.execute(f"ALTER DATABASE {_quote(old)} RENAME TO {_quote(target)}")
                connection.execute(f"ALTER DATABASE {_quote(target)} ALLOW_CONNECTIONS true")
            raise
        if exists:
            connection.execute(f"DROP DATABASE {_quote(old)} WITH (FORCE)")


def _swap_media(media_root: Path, unpacked: Path, stamp: str) -> None:
    old = media_root.with_name(f".{media_root.name}.old-{stamp}")
    if media_root.exists():
        unpacked.chmod(media_root.stat().st_mode & 0o777)
        media_root.rename(old)
    unpacked.rename(media_root)
    if old.exists():
        shutil.rmtree(old)


def backup_restore(
    *, path: Path, force: bool = False, database_name: str | None = None, media_root: Path | None = None
) -> dict:
    """Restore the backup at ``path`` into the default database (or ``database_name`` on the
    same server) and ``MEDIA_ROOT`` (or the uploads' bucket). Returns the manifest.

    Checks the whole backup first (see the module's docstring); refuses a target database
    that has tables unless ``force``. Restores into a new database beside the target, checks
    it against the manifest, then swaps it in; unpacks the media files beside ``MEDIA_ROOT``,
    checks them, and moves them in last (the old folder is removed). Raises BackupError, with
    the target database and media as they were, for a backup that is not sound. Needs a role
    that may create databases and rename and drop the target."""
    path = Path(path)
    bucket = _media_bucket(media_root)
    database = database_settings(database_name)
    maintenance = database_settings(settings.BACKUP_MAINTENANCE_DATABASE)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if not path.is_file():
        raise BackupError(_("There is no file %(file)s.") % {"file": path})
    stamp = _stamp()
    with tempfile.TemporaryDirectory(prefix="expo-restore-") as work:
        work = Path(work)
        bundle = path
        if is_encrypted(path):
            bundle = work / "bundle.tar"
            decrypt_file(path, bundle, encryption_key(required=True))
        manifest = _unpack_bundle(bundle, work, path)
        _check_dump(work / DUMP, database=database, shown=path)
        with _connect(maintenance) as connection:
            target_exists = _database_exists(connection, database["NAME"])
        if target_exists:
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
        if bucket is None:
            media_root.parent.mkdir(parents=True, exist_ok=True)
            unpacked = media_root.with_name(f".{media_root.name}.restore-{stamp}")
        else:
            unpacked = work / "media"
        restored_name = _beside(database["NAME"], "restore", stamp)
        try:
            _unpack_media(work / MEDIA, manifest, unpacked, path)
            with _connect(maintenance) as connection:
                connection.execute(f"CREATE DATABASE {_quote(restored_name)}")
            restored = database_settings(restored_name)
            try:
                _run(
                    ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                     f"--dbname={restored_name}", str(work / DUMP)],
                    database=restored,
                )  # fmt: skip
            except BackupError as exc:
                raise _damaged(path, str(exc)) from None
            with _connect(restored) as connection:
                _compare(manifest, figures(connection))
            _swap_databases(maintenance, target=database["NAME"], restored=restored_name, stamp=stamp)
        except BaseException:
            with suppress(psycopg.Error):
                _drop_database(maintenance, restored_name)
            shutil.rmtree(unpacked, ignore_errors=True)
            raise
        if bucket is None:
            _swap_media(media_root, unpacked, stamp)
        else:
            _restore_bucket(bucket, unpacked, manifest)
    return manifest


def _compare(manifest: dict, restored: Figures) -> None:
    problems = [
        table
        for table, count in manifest["row_counts"].items()
        if restored.row_counts.get(table) != count
        or restored.checksums.get(table, "") != manifest["checksums"].get(table, "")
    ]
    if problems:
        raise BackupError(
            _("The restored copy differs from the backup in: %(names)s. Nothing was changed.")
            % {"names": ", ".join(sorted(problems))}
        )

import base64
import hashlib
import io
import json
import os
import stat
import subprocess
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from PIL import Image

from exhibitors.models import BoothApplication, Exhibitor
from expo import backup
from expo.models import ProgressReport, ReportAttachment


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fresh_database():
    """A new, empty database on the same server, dropped afterwards."""
    name = f"expo_restore_{uuid.uuid4().hex[:12]}"
    env = backup._libpq_env(backup.database_settings())
    subprocess.run(["createdb", name], env=env, check=True)
    yield name
    subprocess.run(["dropdb", "--if-exists", "--force", name], env=env, check=True)


@pytest.fixture
def data(demo, media):
    """The light demo plus booths, applications, a logo and an attachment: every key table has rows."""
    from tests.factories import BoothFactory, ExhibitFactory

    exhibitor = Exhibitor.objects.order_by("pk").first()
    exhibitor.logo = SimpleUploadedFile("logo.png", png(), "image/png")
    exhibitor.save()
    ExhibitFactory(exhibitor=exhibitor, image=SimpleUploadedFile("tea.png", png(), "image/png"))
    for booth in BoothFactory.create_batch(3):
        BoothApplication.objects.create(booth=booth, exhibitor=exhibitor)
    ReportAttachment.objects.create(
        report=ProgressReport.objects.order_by("pk").first(),
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 progress\n%%EOF", "application/pdf"),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=22,
    )


def database_figures(name: str | None = None) -> backup.Figures:
    with backup._connect(backup.database_settings(name)) as conn:
        return backup.figures(conn)


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_row_for_row(data, media, tmp_path, fresh_database, english):
    source = database_figures()
    source_media = {p.relative_to(media): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    assert all(source.row_counts[table] > 0 for table in source.checksums)
    assert len(source_media) == 3

    path, manifest = backup.backup_create(folder=tmp_path / "backups")
    with pytest.raises(backup.BackupError, match="is not a backup of this system"):
        backup.backup_restore(path=media / sorted(manifest["media"])[0], database_name=fresh_database)
    restored_media = tmp_path / "restored-media"
    backup.backup_restore(path=path, database_name=fresh_database, media_root=restored_media)

    restored = database_figures(fresh_database)
    assert restored.row_counts == source.row_counts
    assert restored.checksums == source.checksums
    assert {p.relative_to(restored_media): p.read_bytes() for p in restored_media.rglob("*") if p.is_file()} == (
        source_media
    )
    assert (manifest["row_counts"], manifest["checksums"]) == (source.row_counts, source.checksums)

    # The checksum sees a changed row, and a second restore refuses the now non-empty database.
    with backup._connect(backup.database_settings(fresh_database)) as conn:
        conn.execute("UPDATE exhibitors_exhibitor SET city = city || 'x' WHERE id = %s", [Exhibitor.objects.first().pk])
    assert (
        database_figures(fresh_database).checksums["exhibitors_exhibitor"] != source.checksums["exhibitors_exhibitor"]
    )
    with pytest.raises(backup.BackupError, match="is not empty"):
        backup.backup_restore(path=path, database_name=fresh_database, media_root=restored_media)
    backup.backup_restore(path=path, database_name=fresh_database, media_root=restored_media, force=True)
    assert database_figures(fresh_database) == source


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_backup_and_restore_refuse_a_database_that_is_not_postgresql(settings, tmp_path, english):
    settings.DATABASES = {"default": {**settings.DATABASES["default"], "ENGINE": "django.db.backends.sqlite3"}}
    (tmp_path / "x.tar").write_bytes(b"")

    with pytest.raises(CommandError, match="Backups need PostgreSQL; DATABASE_URL points at sqlite3"):
        call_command("backup", folder=tmp_path, stdout=io.StringIO())
    with pytest.raises(CommandError, match="Backups need PostgreSQL"):
        call_command("restore", tmp_path / "x.tar", stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == [tmp_path / "x.tar"]


# Restoring only what is sound (issue 15) ----------------------------------------------------


def restore_databases(target: str) -> list[str]:
    """Databases a restore into ``target`` left behind (it must leave none)."""
    with backup._connect(backup.database_settings("postgres")) as conn:
        rows = conn.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [target + "_"]).fetchall()
    return sorted(row[0] for row in rows)


def members_of(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as bundle:
        return {name: bundle.extractfile(name).read() for name in backup.MEMBERS}


def write_bundle(path: Path, members: dict[str, bytes], *, extra: tuple[tarfile.TarInfo, ...] = ()) -> Path:
    """A backup tar of ``members``; the manifest's checksums of the dump and the media archive
    follow their (changed) content, so that the check under test is the one that refuses."""
    manifest = json.loads(members[backup.MANIFEST])
    manifest["files"] = {name: hashlib.sha256(members[name]).hexdigest() for name in (backup.DUMP, backup.MEDIA)}
    members = {**members, backup.MANIFEST: json.dumps(manifest).encode()}
    with tarfile.open(path, "w") as bundle:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            bundle.addfile(info, io.BytesIO(content))
        for info in extra:
            bundle.addfile(info, io.BytesIO(b"x" * info.size) if info.isreg() else None)
    return path


def media_archive(*members: tarfile.TarInfo) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for info in members:
            archive.addfile(info, io.BytesIO(b"x" * info.size) if info.isreg() else None)
    return buffer.getvalue()


def tar_info(name: str, *, kind: bytes = tarfile.REGTYPE, size: int = 1, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.size = size if kind == tarfile.REGTYPE else 0
    info.linkname = link
    return info


@pytest.fixture
def restored(data, media, tmp_path, fresh_database):
    """A backup of the data restored once into a fresh database: the target of the tests."""
    path, _manifest = backup.backup_create(folder=tmp_path / "backups")
    restored_media = tmp_path / "restored-media"
    backup.backup_restore(path=path, database_name=fresh_database, media_root=restored_media)
    before = (database_figures(fresh_database), backup.media_checksums(restored_media))
    return path, restored_media, before


def unchanged(fresh_database: str, restored_media: Path, before) -> bool:
    assert (database_figures(fresh_database), backup.media_checksums(restored_media)) == before
    assert restore_databases(fresh_database) == []
    assert sorted(p.name for p in restored_media.parent.iterdir() if p.name.startswith(".")) == []
    return True


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_truncated_dump_is_refused_and_the_database_keeps_all_its_tables(restored, fresh_database, tmp_path, english):
    path, restored_media, before = restored
    members = members_of(path)
    assert len(before[0].row_counts) > 40

    # Cut, with its checksum in the manifest changed to match: pg_restore finds the damage.
    cut = write_bundle(
        tmp_path / "cut.tar", {**members, backup.DUMP: members[backup.DUMP][: len(members[backup.DUMP]) // 2]}
    )
    with pytest.raises(backup.BackupError, match=r"cut.tar cannot be restored: .*Nothing was changed\."):
        backup.backup_restore(path=cut, database_name=fresh_database, media_root=restored_media, force=True)
    assert unchanged(fresh_database, restored_media, before)

    # Cut, with the manifest as it was: the checksum finds it before pg_restore runs.
    with tarfile.open(tmp_path / "cut-plain.tar", "w") as bundle:
        for name, content in {**members, backup.DUMP: members[backup.DUMP][:1000]}.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            bundle.addfile(info, io.BytesIO(content))
    with pytest.raises(
        CommandError, match=r"db.dump does not match the checksum of the manifest\. Nothing was changed\."
    ):
        call_command("restore", tmp_path / "cut-plain.tar", force=True, stdout=io.StringIO())
    assert unchanged(fresh_database, restored_media, before)


HOSTILE_MEDIA_MEMBERS = [
    (tar_info("../evil.txt"), "../evil.txt"),
    (tar_info("./logos/../../evil.txt"), "./logos/../../evil.txt"),
    (tar_info("/tmp/evil.txt"), "/tmp/evil.txt"),
    (tar_info("logos/passwd", kind=tarfile.SYMTYPE, link="/etc/passwd"), "logos/passwd"),
    (tar_info("logos/hard", kind=tarfile.LNKTYPE, link="../../evil.txt"), "logos/hard"),
    (tar_info("logos/null", kind=tarfile.CHRTYPE), "logos/null"),
]
HOSTILE_BUNDLE_MEMBERS = [
    tar_info("../db.dump"),
    tar_info("/etc/cron.d/x"),
    tar_info("notes.txt"),
    tar_info("link", kind=tarfile.SYMTYPE, link="/etc/passwd"),
]


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_backup_with_members_that_leave_their_folder_is_refused_before_anything_changes(
    restored, fresh_database, tmp_path, english
):
    """One backup and one restore, then each hostile member in turn (a restore is slow)."""
    path, restored_media, before = restored
    members = members_of(path)
    with tarfile.open(fileobj=io.BytesIO(members[backup.MEDIA])) as archive:
        good = [(info, archive.extractfile(info).read() if info.isreg() else None) for info in archive.getmembers()]

    for member, shown in HOSTILE_MEDIA_MEMBERS:
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
            for info, content in good:
                archive.addfile(info, io.BytesIO(content) if content is not None else None)
            archive.addfile(member, io.BytesIO(b"x" * member.size) if member.isreg() else None)
        hostile = write_bundle(tmp_path / "hostile.tar", {**members, backup.MEDIA: buffer.getvalue()})

        with pytest.raises(backup.BackupError) as refusal:
            backup.backup_restore(path=hostile, database_name=fresh_database, media_root=restored_media, force=True)

        assert str(refusal.value) == (
            f"{hostile} cannot be restored: its media archive holds {shown}, which is not a file or folder "
            "inside the media folder. Nothing was changed."
        )
        assert unchanged(fresh_database, restored_media, before)
        assert not (tmp_path / "evil.txt").exists()

    for extra in HOSTILE_BUNDLE_MEMBERS:
        hostile = write_bundle(tmp_path / "hostile.tar", members, extra=(extra,))

        with pytest.raises(backup.BackupError) as refusal:
            backup.backup_restore(path=hostile, database_name=fresh_database, media_root=restored_media, force=True)

        assert str(refusal.value).startswith(
            f"{hostile} cannot be restored: it must hold exactly manifest.json, db.dump, media.tar.gz, as regular "
            "files; it holds "
        )
        assert unchanged(fresh_database, restored_media, before)


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_restore_replaces_the_media_folder_and_leaves_nothing_beside_it(restored, fresh_database, tmp_path):
    path, restored_media, before = restored
    (restored_media / "stray.txt").write_text("not in the backup")

    backup.backup_restore(path=path, database_name=fresh_database, media_root=restored_media, force=True)

    assert backup.media_checksums(restored_media) == before[1]
    assert unchanged(fresh_database, restored_media, before)


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_backups_are_written_0600_in_a_0700_folder(data, tmp_path):
    folder = tmp_path / "backups"
    old_umask = os.umask(0o022)
    try:
        path, _manifest = backup.backup_create(folder=folder)
    finally:
        os.umask(old_umask)

    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == [path.name]
    assert set(members_of(path)) == set(backup.MEMBERS)


def new_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_an_encrypted_backup_restores_only_with_its_key(
    data, media, tmp_path, fresh_database, settings, monkeypatch, english
):
    monkeypatch.setattr(backup, "CHUNK", 64 * 1024)  # a backup of several chunks
    source = database_figures()
    key = new_key()
    settings.BACKUP_ENCRYPTION_KEY = key
    path, manifest = backup.backup_create(folder=tmp_path / "backups")
    assert path.name.endswith(".tar.enc")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    content = path.read_bytes()
    assert len(content) > 3 * backup.CHUNK
    assert not tarfile.is_tarfile(path)
    assert b"manifest.json" not in content
    assert b"exhibitors_exhibitor" not in content
    restored_media = tmp_path / "restored-media"

    settings.BACKUP_ENCRYPTION_KEY = ""
    with pytest.raises(
        CommandError, match=r"This backup is encrypted\. Set BACKUP_ENCRYPTION_KEY to the key it was made with"
    ):
        call_command("restore", path, stdout=io.StringIO())
    settings.BACKUP_ENCRYPTION_KEY = new_key()
    with pytest.raises(backup.BackupError, match=r"BACKUP_ENCRYPTION_KEY does not open this backup"):
        backup.backup_restore(path=path, database_name=fresh_database, media_root=restored_media)
    settings.BACKUP_ENCRYPTION_KEY = "not a key"
    with pytest.raises(backup.BackupError, match=r"BACKUP_ENCRYPTION_KEY must be 32 bytes"):
        backup.backup_restore(path=path, database_name=fresh_database, media_root=restored_media)
    settings.BACKUP_ENCRYPTION_KEY = key
    for name, damaged in [
        ("cut.tar.enc", content[: len(content) - 100]),
        ("cut-at-a-chunk.tar.enc", content[: len(backup.MAGIC) + 4 + 4 + backup.CHUNK + 16]),
        ("longer.tar.enc", content + content[-200:]),
    ]:
        (tmp_path / name).write_bytes(damaged)
        with pytest.raises(backup.BackupError, match=r"BACKUP_ENCRYPTION_KEY does not open this backup"):
            backup.backup_restore(path=tmp_path / name, database_name=fresh_database, media_root=restored_media)
    with backup._connect(backup.database_settings(fresh_database)) as conn:
        assert backup.table_names(conn) == []
    assert restore_databases(fresh_database) == []

    backup.backup_restore(path=path, database_name=fresh_database, media_root=restored_media)

    assert database_figures(fresh_database) == source
    assert backup.media_checksums(restored_media) == manifest["media"]


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_uploads_in_a_bucket_are_backed_up_and_restored_into_the_bucket(demo, s3_storage, tmp_path, fresh_database):
    exhibitor = Exhibitor.objects.order_by("pk").first()
    exhibitor.logo = SimpleUploadedFile("logo.png", png(), "image/png")
    exhibitor.save()
    attachment = ReportAttachment.objects.create(
        report=ProgressReport.objects.order_by("pk").first(),
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 progress\n%%EOF", "application/pdf"),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=22,
    )
    source = {name: s3_storage.read(name) for name in s3_storage.names()}
    assert set(source) == {exhibitor.logo.name, attachment.file.name}

    path, manifest = backup.backup_create(folder=tmp_path / "backups")

    assert manifest["media"] == {name: hashlib.sha256(content).hexdigest() for name, content in source.items()}
    assert not settings_media_files(tmp_path)
    # The bucket changes after the backup: a file lost, a file added.
    client = s3_storage.server.client()
    client.delete_object(Bucket=s3_storage.name, Key=exhibitor.logo.name)
    client.put_object(Bucket=s3_storage.name, Key="logos/" + "f" * 32 + ".png", Body=png())

    backup.backup_restore(path=path, database_name=fresh_database)

    assert {name: s3_storage.read(name) for name in s3_storage.names()} == source
    assert not settings_media_files(tmp_path)


def settings_media_files(tmp_path) -> list:
    return [p for p in (tmp_path / "media-not-used").rglob("*") if p.is_file()]

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from expo.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database (pg_dump, custom format) and the uploads (MEDIA_ROOT, or "
        "the S3 bucket) into one tar under var/backups/ (0600 in a 0700 folder), with a manifest of row counts and checksums; "
        "encrypted (.tar.enc) when BACKUP_ENCRYPTION_KEY is set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--folder", type=Path, help="Where to write the backup (default: var/backups/).")

    def handle(self, *args, folder=None, **options):
        try:
            path, manifest = backup_create(folder=folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("Backed up %(tables)d tables (%(rows)d rows) and %(files)d media files to %(path)s")
            % {
                "tables": len(manifest["row_counts"]),
                "rows": sum(manifest["row_counts"].values()),
                "files": len(manifest["media"]),
                "path": path,
            }
        )

"""The shape every import command shares: FILE --edition N [--by USERNAME], all rows or none,
bad rows to stderr."""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from expo.errors import DomainError
from expo.models import Edition
from expo.services import edition_require_writable
from expo.tabular import ImportFailed, import_format_of


class ImportCommand(BaseCommand):
    """Subclasses set ``help`` and implement ``run_import(*, rows_source, file_format, edition, by, **options)``."""

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a .csv or .xlsx file")
        parser.add_argument("--edition", type=int, required=True, help="the edition's number, e.g. 13")
        parser.add_argument(
            "--by",
            metavar="USERNAME",
            default="",
            help="the user named as the importer in the activity log and the histories (default: the system)",
        )

    def run_import(self, *, rows_source, file_format: str, edition: Edition, by, **options):
        raise NotImplementedError

    def handle(self, *args, file: Path, edition: int, by: str = "", **options):
        the_edition = Edition.objects.filter(number=edition).first()
        if the_edition is None:
            raise CommandError(f"There is no edition number {edition}.")
        actor = None
        if by:
            actor = get_user_model().objects.filter(username=by, is_active=True).first()
            if actor is None:
                raise CommandError(f"There is no active user {by!r}.")
        started = time.monotonic()
        try:
            # Refused before reading the file, and again inside the import's transaction.
            edition_require_writable(the_edition)
            file_format = import_format_of(file.name)
            with file.open("rb") as rows_source:
                result = self.run_import(
                    rows_source=rows_source, file_format=file_format, edition=the_edition, by=actor, **options
                )
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}") from None
        except MemoryError:
            raise CommandError(_("The file needs more memory than this machine has; split it.")) from None
        except ImportFailed as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(exc.message) from None
        except DomainError as exc:
            raise CommandError(exc.message) from None
        took = _("Time taken: %(seconds).1f s.") % {"seconds": time.monotonic() - started}
        self.stdout.write(self.style.SUCCESS(f"{result.summary()} {took}"))

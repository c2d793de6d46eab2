"""The shape every import command shares: FILE --edition N, all rows or none, bad rows to stderr."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from expo.errors import DomainError
from expo.models import Edition
from expo.services import edition_require_writable
from expo.tabular import ImportFailed, import_format_of


class ImportCommand(BaseCommand):
    """Subclasses set ``help`` and implement ``run_import(*, rows_source, file_format, edition, **options)``."""

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a .csv or .xlsx file")
        parser.add_argument("--edition", type=int, required=True, help="the edition's number, e.g. 13")

    def run_import(self, *, rows_source, file_format: str, edition: Edition, **options):
        raise NotImplementedError

    def handle(self, *args, file: Path, edition: int, **options):
        the_edition = Edition.objects.filter(number=edition).first()
        if the_edition is None:
            raise CommandError(f"There is no edition number {edition}.")
        started = time.monotonic()
        try:
            # Refused before reading the file, and again inside the import's transaction.
            edition_require_writable(the_edition)
            file_format = import_format_of(file.name)
            with file.open("rb") as rows_source:
                result = self.run_import(
                    rows_source=rows_source, file_format=file_format, edition=the_edition, **options
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

"""``manage.py build_report KIND --edition N --format json|xlsx|pdf [--output FILE]
[--language zh-hans|en]``: the same code as the Celery task, run synchronously."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from expo.models import Edition, ReportFormat, ReportKind, ReportLanguage
from expo.reports.render import default_filename, render_report


class Command(BaseCommand):
    help = "Build an executive committee report (results, progress or pipeline) as JSON, XLSX or PDF."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ReportKind.values)
        parser.add_argument("--edition", type=int, required=True, help="The edition's number, e.g. 13.")
        parser.add_argument("--format", dest="fmt", choices=ReportFormat.values, default=ReportFormat.JSON)
        parser.add_argument(
            "--output",
            help="File to write; '-' for standard output. Default: standard output for JSON, "
            "expo<N>-<kind>-<language>-<date>.<format> in the current folder otherwise.",
        )
        parser.add_argument("--language", choices=ReportLanguage.values, default=ReportLanguage.CHINESE)
        parser.add_argument(
            "--live",
            action="store_true",
            help="For a closed edition: compute the results from the records now instead of showing "
            "the figures frozen at closing (to compare them).",
        )

    def handle(self, *args, kind, edition, fmt, output, language, live=False, **options):
        found = Edition.objects.filter(number=edition).first()
        if found is None:
            raise CommandError(f"There is no edition number {edition}.")
        data = render_report(kind=kind, edition=found, fmt=fmt, language=language, live=live)
        if output is None and fmt == ReportFormat.JSON:
            output = "-"
        if output == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        path = Path(output or default_filename(kind=kind, edition=found, fmt=fmt, language=language))
        path.write_bytes(data)
        self.stderr.write(f"{path} ({len(data):,} bytes)")

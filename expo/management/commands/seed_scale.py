import time

from django.core.management.base import BaseCommand, CommandError

from expo.scale import ScaleRefused, analyze_after_bulk_load, edition_checksum, scale_edition_seed


class Command(BaseCommand):
    help = (
        "Generate edition N at K times the 13th edition (K=1: 1,001 offline and 1,832 online exhibitors, "
        "16,600 exhibits, 20,000 merchants, 210,000 online visitors, ~300 delegates, ~1,000 projects, "
        "47 units with a season of progress reports), for benchmarks. Deterministic with --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", type=int, required=True, help="Edition number; not a demo edition's.")
        parser.add_argument(
            "--factor", type=float, default=1.0, help="K: 1 is the 13th edition's size; 0.01 for tests."
        )
        parser.add_argument("--seed", type=int, default=0, help="Seed of the random streams (default 0).")
        parser.add_argument("--replace", action="store_true", help="Delete the edition's data first if it has any.")
        parser.add_argument("--checksum", action="store_true", help="Print the SHA-256 of the generated rows.")

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            edition = scale_edition_seed(
                number=options["edition"],
                factor=options["factor"],
                seed=options["seed"],
                replace=options["replace"],
                log=self.stdout.write,
            )
        except ScaleRefused as exc:
            raise CommandError(str(exc)) from exc
        seconds = analyze_after_bulk_load()
        if seconds:
            self.stdout.write(f"ANALYZE: {seconds:.1f} s")
        self.stdout.write(
            self.style.SUCCESS(
                f"Edition {edition.number} generated at factor {options['factor']:g} "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
        if options["checksum"]:
            self.stdout.write(f"checksum {edition_checksum(edition=edition)}")

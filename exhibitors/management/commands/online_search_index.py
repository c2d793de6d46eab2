from django.core.management.base import BaseCommand, CommandError

from exhibitors.search import search_index_rebuild, uses_full_text
from exhibitors.signals import online_changed
from expo.models import Edition


class Command(BaseCommand):
    help = (
        "Rebuild the search vectors of the online exhibition (PostgreSQL) after bulk inserts, "
        "for one edition or all; then renew the cached public pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", type=int, help="the edition's number (all editions when left out)")

    def handle(self, *args, edition=None, **options):
        target = None
        if edition is not None:
            target = Edition.objects.filter(number=edition).first()
            if target is None:
                raise CommandError(f"There is no edition number {edition}.")
        count = search_index_rebuild(edition=target)
        online_changed()
        if uses_full_text():
            self.stdout.write(f"{count} exhibitors and exhibits indexed")
        else:
            self.stdout.write("SQLite: the search reads the names and descriptions directly; nothing to index")

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from expo import otp


class Command(BaseCommand):
    help = (
        "Issue a one-time two-step enrolment link for a staff user (the first superuser's way in; "
        "afterwards superusers issue links in the admin). Prints the link's path: put the site's "
        "address in front of it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        try:
            link, raw = otp.enrolment_link_issue(user=user, by=None)
        except otp.EnrolmentRefused as refused:
            raise CommandError(refused.message) from None
        self.stdout.write(otp.enrolment_path(raw))
        self.stderr.write(f"Valid once, until {link.expires_at:%Y-%m-%d %H:%M} UTC, for {username} only.")

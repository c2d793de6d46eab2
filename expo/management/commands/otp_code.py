import time
from binascii import unhexlify

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "On a developer's machine (DEBUG only): print the current two-step login code of a user's "
        "TOTP device, the one being set up through an enrolment link or the confirmed one (the demo's "
        "organizers have one from seed_demo), so they can log in without a phone."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("otp_code only runs with DEBUG=true: in production the code comes from the phone.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "pk").first()
        if device is None:
            raise CommandError(
                f"{username} has no device yet: issue an enrolment link (manage.py otp_enrolment_link {username}), "
                "open it after the password, then run this again."
            )
        totp = TOTP(unhexlify(device.key), device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        self.stdout.write(f"{totp.token():0{device.digits}d}")

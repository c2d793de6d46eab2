"""Email verification for accounts that people create themselves (exhibitors, merchants,
online visitors): a signed link proves that the person reads the address they gave.

The token is Django's password-reset token (same lifetime, ``PASSWORD_RESET_TIMEOUT``) keyed
on the account's email and verification time, so it stops working once the address is
verified or changed. Callers decide what an unverified account may do
(``require_verified_email``).
"""

from functools import partial

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from expo.mail import send_templated_mail
from expo.models import User


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "expo.verification.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        verified = "" if user.email_verified_at is None else user.email_verified_at.replace(microsecond=0, tzinfo=None)
        return f"{user.pk}{user.email}{verified}{user.is_active}{timestamp}"

    def check_token(self, user, token):
        if user is None or user.email_verified_at is not None:
            return False
        return super().check_token(user, token)


token_generator = EmailVerificationTokenGenerator()


def verification_url(*, user: User, next_url: str = "") -> str:
    """The path (without host) of the link that verifies ``user``'s email address."""
    path = reverse(
        "email_verify",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token_generator.make_token(user)},
    )
    return f"{path}?{urlencode({'next': next_url})}" if next_url else path


def queue_verification_mail(*, user: User, base_url: str, next_url: str = "") -> None:
    """Have a worker mail the verification link (the task ``expo.send_verification_mail``),
    in the active language, once the current transaction commits: no request sends mail.
    ``base_url`` is the scheme and host the person used (``request.build_absolute_uri("/")``)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(partial(send_verification_mail_task.delay, user.pk, base_url, next_url, language))


def send_verification_mail(*, user: User, base_url: str, next_url: str = "") -> int:
    """Mail the verification link to ``user.email`` in the active language, now: for the
    worker's task; requests call ``queue_verification_mail``."""
    link = base_url.rstrip("/") + verification_url(user=user, next_url=next_url)
    return send_templated_mail(
        template="registration/verify_email",
        context={"user": user, "link": link, "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)},
        recipients=[user.email],
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


def user_verify_email(*, user: User, token: str) -> bool:
    """Mark ``user``'s email verified if ``token`` is valid; True when it was."""
    if not token_generator.check_token(user, token):
        return False
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    return True


def require_verified_email(user) -> None:
    """For views of self-registered accounts: refuse until the email address is verified."""
    if not user.is_authenticated or user.email_verified_at is None:
        raise PermissionDenied(_("Confirm your email address first: open the link we sent you."))


@shared_task(name="expo.send_verification_mail", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_verification_mail_task(user_id: int, base_url: str, next_url: str = "", language: str = "") -> int:
    """The email-verification link in the language the person used; nothing when the account
    is gone or its address already verified."""
    user = User.objects.filter(pk=user_id, email_verified_at__isnull=True).first()
    if user is None:
        return 0
    with translation.override(language or settings.LANGUAGE_CODE):
        return send_verification_mail(user=user, base_url=base_url, next_url=next_url)

"""Login and session security: the client's address, two-factor for organizers, session
lifetimes, ending a disabled user's sessions, and no caching of personal pages.

- Failed logins are counted by django-axes per (user name, address); ``client_ip`` tells it
  the address, from X-Forwarded-For only behind ``TRUSTED_PROXY_COUNT`` proxies.
- Organizers (staff users) verify a TOTP code (django-otp) after the password before any
  page but the two-factor pages themselves; member units and exhibitors may stay
  password-only.
- A session ends after ``SESSION_IDLE_SECONDS`` without a request and ``SESSION_COOKIE_AGE``
  after the login, whatever happens in between.
"""

import time
from importlib import import_module

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, get_user_model, logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.models import Session
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN_AT = "_expo_login_at"
SEEN_AT = "_expo_seen_at"
# The last activity is written at most once a minute, so that a page costs no session write.
SEEN_GRANULARITY_SECONDS = 60


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind N trusted proxies the N-th address from
    the right of X-Forwarded-For (the one the outermost proxy of ours saw)."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return forwarded[0] if forwarded else remote


class ExpoAxesBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that come with a request (the login pages).

    Authentication without a request is not a login through the web (a management command,
    the test client): there is no address to count it against.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The page django-axes shows to a locked-out (user name, address): 429, translated."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/lockout.html", {"cooloff_minutes": minutes}, status=429)


# Two-factor -------------------------------------------------------------------------------


def needs_second_factor(user) -> bool:
    """Organizers (staff users and superusers) log in with a TOTP code as well."""
    return bool(user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


def otp_verified(request) -> bool:
    """Whether this session passed the second factor (``django_otp.login`` stored the device).

    The session is trusted rather than the device looked up on every request: deleting a
    device ends its user's sessions (see ``_device_deleted``).
    """
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


OTP_EXEMPT_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/i18n/", "/healthz")


def _exempt(path: str) -> bool:
    static = settings.STATIC_URL or "/static/"
    return path.startswith(OTP_EXEMPT_PREFIXES) or path.startswith(static)


class StaffTwoFactorMiddleware:
    """Sends an organizer who has only given the password to the code page (or to enrolment
    when they have no device yet) before any other page, /staff/ and /admin/ included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            SESSION_KEY in request.session
            and not _exempt(request.path)
            and needs_second_factor(request.user)
            and not otp_verified(request)
        ):
            name = "otp_verify" if confirmed_device(request.user) else "otp_enroll"
            return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


# Sessions --------------------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="expo.security.stamp_login")
def _stamp_login(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[LOGIN_AT] = now
        session[SEEN_AT] = now


@receiver(user_logged_in, dispatch_uid="expo.security.remember_language")
def _remember_language(sender, request, user, **kwargs):
    """Mails are written in the language a person last used the site in (expo.mail)."""
    language = translation.get_language() or ""
    if language not in settings.STAFF_LANGUAGES and (user.is_staff or getattr(user, "member_unit_id", None)):
        # Organizers and member units read the product in Chinese and English only.
        language = settings.STAFF_FALLBACK_LANGUAGE
    if language in dict(settings.LANGUAGES) and getattr(user, "language", language) != language:
        user.language = language
        user.save(update_fields=["language"])


class SessionLifetimeMiddleware:
    """Ends a logged-in session after SESSION_IDLE_SECONDS without a request, and
    SESSION_COOKIE_AGE after the login even when it is used all the time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            login_at = session.get(LOGIN_AT)
            seen_at = session.get(SEEN_AT)
            if login_at is None or seen_at is None:
                session[LOGIN_AT] = login_at or now
                session[SEEN_AT] = now
            elif now - seen_at > settings.SESSION_IDLE_SECONDS or now - login_at > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
            elif now - seen_at >= SEEN_GRANULARITY_SECONDS:
                session[SEEN_AT] = now
        return self.get_response(request)


def end_sessions_of(user_id: int) -> int:
    """Delete every stored session of a user; returns how many. Scans the live sessions in
    chunks: it runs when an account is disabled or loses a device, which is rare."""
    wanted = str(user_id)
    doomed = []
    sessions = Session.objects.filter(expire_date__gt=timezone.now()).only("session_key", "session_data")
    for session in sessions.iterator(chunk_size=500):
        if str(session.get_decoded().get(SESSION_KEY)) == wanted:
            doomed.append(session.session_key)
    # Through the configured store, so that a cached_db session leaves the cache too.
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    for session_key in doomed:
        store_class(session_key=session_key).delete()
    return len(doomed)


@receiver(post_init, sender=settings.AUTH_USER_MODEL, dispatch_uid="expo.security.remember_active")
def _remember_active(sender, instance, **kwargs):
    instance._expo_was_active = instance.is_active


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="expo.security.disabled")
def _user_disabled(sender, instance, created, **kwargs):
    if not created and getattr(instance, "_expo_was_active", False) and not instance.is_active:
        end_sessions_of(instance.pk)
    instance._expo_was_active = instance.is_active


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="expo.security.device_deleted")
def _device_deleted(sender, instance, **kwargs):
    if instance.confirmed and get_user_model().objects.filter(pk=instance.user_id).exists():
        end_sessions_of(instance.user_id)


# Caching --------------------------------------------------------------------------------


class NoStoreForUsersMiddleware:
    """Pages and downloads for a logged-in user carry personal data: no browser or proxy
    keeps them (``Cache-Control: no-store``) unless the view said otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response


class RejectNullCharactersMiddleware:
    """A NUL character has no business in a URL's query or a form: PostgreSQL refuses it in
    text, so a lookup with one would fail deep in a view (Django's admin autocomplete, for
    one). Such requests get 400 before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_null(request.GET) or (request.method == "POST" and _has_null(request.POST)):
            return HttpResponseBadRequest(_("The request contains a null character."), content_type="text/plain")
        return self.get_response(request)


def _has_null(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in data.getlist(key)) for key in data)

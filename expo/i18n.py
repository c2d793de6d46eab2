"""The languages of the site, and reading a record's name in the reader's language."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language, gettext_noop, ngettext_lazy
from django_countries import countries


def prefers_chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


def localized(obj, field: str) -> str:
    """Return ``obj.<field>_zh`` for Chinese readers and ``obj.<field>_en`` otherwise,
    falling back to the other language when one is empty."""
    zh = getattr(obj, f"{field}_zh", "") or ""
    en = getattr(obj, f"{field}_en", "") or ""
    return (zh or en) if prefers_chinese() else (en or zh)


class BilingualName:
    """For models with ``name_zh`` and ``name_en``: ``name`` and ``str()`` in the reader's language."""

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self):
        return self.name


# Django's Mongolian catalogue has these messages of the login and password forms only in an
# older wording: without a translation of ours a Mongolian reader would get them in the
# site's default language, Chinese. Marked here so that makemessages keeps them in the
# catalogues (Russian, Japanese and Korean leave them empty: Django's own are complete).
DJANGO_MESSAGES_MONGOLIAN_LACKS = (
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop("Enter a valid domain name."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
)


def staff_only_path(path: str) -> bool:
    """Pages of organizers and member units: shown in ``STAFF_LANGUAGES`` only."""
    return path.startswith(tuple(settings.STAFF_LANGUAGE_PATHS))


def offered_languages(path: str = "") -> list[dict]:
    """The languages the switcher offers on ``path``, each in its own name (``LANGUAGES``)."""
    staff_only = staff_only_path(path)
    return [
        {"code": code, "name": name}
        for code, name in settings.LANGUAGES
        if not staff_only or code in settings.STAFF_LANGUAGES
    ]


class StaffLanguagesMiddleware:
    """After LocaleMiddleware: the organizers' pages and the member units' portal speak
    Chinese and English only. A reader who chose Russian, Japanese, Korean or Mongolian (or
    whose browser asks for one) reads them in ``STAFF_FALLBACK_LANGUAGE``; the choice itself
    (cookie) is kept for the public pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if staff_only_path(request.path_info) and request.LANGUAGE_CODE not in settings.STAFF_LANGUAGES:
            translation.activate(settings.STAFF_FALLBACK_LANGUAGE)
            request.LANGUAGE_CODE = settings.STAFF_FALLBACK_LANGUAGE
        return self.get_response(request)


def country_choices() -> list[tuple[str, str]]:
    """The countries and regions in the reader's language, sorted by their names in it.

    A callable for a form field's ``choices``: Django re-reads it at each form, whereas the
    ``countries`` object given as choices is turned into a list once, at import, in whatever
    language was active then."""
    return list(countries)

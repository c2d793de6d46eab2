"""The languages of the site, and reading a record's name in the reader's language."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language


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

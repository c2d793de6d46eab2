"""The messages a foreign reader meets, extracted from the sources of the pages they see.

The public pages (home, programme, event pages, registration, badges, the online
exhibition, matchmaking), the exhibitor portal and its mails, the login and password pages,
and the invitation letter's foreign-language page are shown in all six languages; their
messages must be translated in every catalogue. ``public_messages()`` extracts them the way
``makemessages`` does (Django's ``templatize`` for templates, GNU ``xgettext`` for both), so
a message added to one of these sources and left untranslated fails the catalogue test even
before anyone runs ``makemessages``.
"""

import subprocess
import tempfile
from pathlib import Path

import polib
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent.parent
FOREIGN_LANGUAGES = ("ru", "ja", "ko", "mn")

PUBLIC_SOURCES = (
    # Layout, errors, mails' frame.
    "templates/base.html",
    "templates/40[349].html",
    "templates/500.html",
    "templates/rate_limited.html",
    "templates/includes/*.html",
    "templates/email/*.html",
    "templates/expo/home.html",
    "expo/context_processors.py",
    "expo/settings.py",
    "expo/views/public.py",
    "expo/views/errors.py",
    "expo/views/verification.py",
    "expo/verification.py",
    "expo/auth.py",
    "expo/uploads.py",
    "expo/ratelimit.py",
    "expo/edition_guard.py",
    "expo/i18n.py",
    "expo/templatetags/content_i18n.py",
    # Login, password, email verification.
    "templates/registration/login.html",
    "templates/registration/lockout.html",
    "templates/registration/password_*",
    "templates/registration/verify_email*",
    # Programme, event pages, registration, badges.
    "templates/events/_pager.html",
    "templates/events/_programme_days.html",
    "templates/events/_programme_results.html",
    "templates/events/_agenda_star.html",
    "templates/events/agenda.html",
    "templates/events/agenda_join.html",
    "templates/events/badge.html",
    "templates/events/badge_pdf.html",
    "templates/events/event.html",
    "templates/events/my_registrations.html",
    "templates/events/programme.html",
    "templates/events/register.html",
    "templates/events/email/*.txt",
    "events/views/programme.py",
    "events/views/agenda.py",
    "events/agenda.py",
    "events/views/badges.py",
    "events/badges.py",
    "events/calendar.py",
    "events/forms.py",
    # Exhibitor portal and its mails, online exhibition.
    "templates/exhibitors/_portal_nav.html",
    "templates/exhibitors/portal_*.html",
    "templates/exhibitors/online/*.html",
    "templates/exhibitors/email/*.txt",
    "exhibitors/views/portal.py",
    "exhibitors/views/online.py",
    "exhibitors/views/visitors.py",
    "exhibitors/views/floorplan.py",
    "exhibitors/views/analytics.py",
    "exhibitors/forms.py",
    "exhibitors/portal_forms.py",
    "exhibitors/online_forms.py",
    "exhibitors/notifications.py",
    # Matchmaking: merchants, and exhibitors' meetings and leads.
    "templates/matchmaking/*.html",
    "templates/matchmaking/email/*.txt",
    "matchmaking/views/*.py",
    "matchmaking/forms.py",
    "matchmaking/notifications.py",
    # Labels of the forms foreign readers fill in (models' fields), choices they read, and the
    # messages of the services their actions go through.
    "exhibitors/models.py",
    "exhibitors/enums.py",
    "exhibitors/services.py",
    "exhibitors/selectors.py",
    "exhibitors/online_services.py",
    "events/models.py",
    "events/enums.py",
    "events/services.py",
    "matchmaking/models.py",
    "matchmaking/enums.py",
    "matchmaking/services.py",
    "matchmaking/selectors.py",
    "expo/enums.py",
    "expo/security.py",
    # The invitation letter's foreign-language page.
    "templates/delegations/letter/[!z]*.html",
)

KEYWORDS = [
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
]


def public_sources() -> list[Path]:
    files = set()
    for pattern in PUBLIC_SOURCES:
        matched = sorted(ROOT.glob(pattern))
        assert matched, f"no file matches {pattern}"
        files.update(matched)
    return sorted(files)


def public_messages() -> list[polib.POEntry]:
    """Every message of the public sources (msgctxt, msgid, msgid_plural), as xgettext finds them."""
    with tempfile.TemporaryDirectory() as folder:
        inputs = []
        for index, path in enumerate(public_sources()):
            if path.suffix == ".py":
                inputs.append(str(path))
                continue
            code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            converted = Path(folder) / f"{index}.py"
            converted.write_text(code, encoding="utf-8")
            inputs.append(str(converted))
        output = Path(folder) / "public.pot"
        subprocess.run(
            [
                "xgettext",
                "--language=Python",
                "--from-code=UTF-8",
                "--no-wrap",
                "--force-po",
                *KEYWORDS,
                f"--output={output}",
                *inputs,
            ],
            check=True,
            capture_output=True,
        )
        return [entry for entry in polib.pofile(str(output)) if entry.msgid]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


def untranslated(language: str, messages: list[polib.POEntry]) -> list[str]:
    """The messages among ``messages`` that ``language``'s catalogue lacks or leaves empty or fuzzy."""
    entries = {(e.msgctxt, e.msgid): e for e in catalogue(language) if not e.obsolete}
    missing = []
    for message in messages:
        entry = entries.get((message.msgctxt, message.msgid))
        if entry is None or "fuzzy" in entry.flags:
            missing.append(message.msgid)
        elif message.msgid_plural:
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                missing.append(message.msgid)
        elif not entry.msgstr:
            missing.append(message.msgid)
    return missing

"""Personal badges: the QR code a scanner reads at the entrance, and the printable A6 badge.

Only people who come to the venue (``ON_SITE_KINDS``) have a badge: views look the holder
up with ``badge_holder`` and answer 404 for anyone else before calling these.
"""

import io
from collections.abc import Callable

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from events.enums import ON_SITE_KINDS, AttendeeKind
from events.models import Attendee
from expo.i18n import reader_language, translated

# The QR code holds the bare badge code, so that a scanner in keyboard mode types exactly
# what a person would type at the check-in desk. Error correction M survives a scuffed badge.
QR_ERROR = "m"
# 12 px a module: 348 px for the version 1 code with its quiet zone, 30 mm at 300 dpi.
QR_PNG_SCALE = 12
BADGE_FONT = "Noto Sans CJK SC"
# Noto Sans CJK holds Latin, Cyrillic, kana, hangul and hanzi alike; each CJK language gets
# the cut drawn for it (the same character differs between Chinese, Japanese and Korean).
BADGE_FONTS = {"ja": "Noto Sans CJK JP", "ko": "Noto Sans CJK KR"}

# Short words for the coloured band across a badge.
BADGE_KIND_LABELS = {
    AttendeeKind.MERCHANT: _("Trade visitor"),
    AttendeeKind.MEDIA: _("Media"),
    AttendeeKind.GUEST: _("Guest"),
}


def badge_holder(*, code: str) -> Attendee | None:
    """The attendee with this badge code if they have an on-site badge, else None."""
    if not code:
        return None
    return Attendee.objects.select_related("edition").filter(code=code, kind__in=ON_SITE_KINDS).first()


def _qr(attendee: Attendee) -> segno.QRCode:
    return segno.make(attendee.code, error=QR_ERROR, boost_error=False, micro=False)


def badge_qr_png(*, attendee: Attendee) -> bytes:
    """The badge's QR code as a PNG, black on white with its quiet zone, sharp when printed."""
    buffer = io.BytesIO()
    _qr(attendee).save(buffer, kind="png", scale=QR_PNG_SCALE, border=4)
    return buffer.getvalue()


def badge_languages(reader: str | None = None) -> tuple[str, str]:
    """The two languages of a badge's fixed words: Chinese for the staff at the gates, and the
    holder's language (English for Chinese readers)."""
    reader = reader_language() if reader is None else reader
    return ("zh-hans", "en") if reader in ("zh-hans", "en") else ("zh-hans", reader)


def _bilingual(text: Callable[[], str]) -> list[str]:
    """``text()`` in Chinese and in the holder's language, once if both read the same: a badge
    is read by its holder and by the staff at the gates."""
    texts = []
    for language in badge_languages():
        with translation.override(language):
            translated = str(text())
        if translated not in texts:
            texts.append(translated)
    return texts


def badge_pdf(*, attendee: Attendee) -> bytes:
    """The printable badge: one A6 portrait page. The edition, the kind and the country are
    in Chinese and in the holder's language (English for Chinese readers), for the holder and
    for the gate staff; the rest is in the active language, dates in its format. Needs
    WeasyPrint and the Noto CJK fonts."""
    import weasyprint  # here, not above: loading Pango takes a second, and only PDF work needs it

    reader = reader_language()
    second = badge_languages(reader)[1]
    edition = attendee.edition
    html = render_to_string(
        "events/badge_pdf.html",
        {
            "attendee": attendee,
            "edition": edition,
            "edition_name": translated(edition, "name", second),
            "edition_city": translated(edition, "city", second),
            "font": BADGE_FONTS.get(reader, BADGE_FONT),
            "kind_labels": _bilingual(lambda: BADGE_KIND_LABELS[attendee.kind]),
            "country_names": _bilingual(lambda: attendee.country.name),
            "qr_data_uri": _qr(attendee).png_data_uri(scale=QR_PNG_SCALE, border=4),
        },
    )
    return weasyprint.HTML(string=html).write_pdf()

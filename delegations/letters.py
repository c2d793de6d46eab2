"""The letter of invitation of a delegation, as a PDF: one A4 page in Chinese, one in
English and, for a delegation from Russia, Japan, the Republic of Korea or Mongolia, one in
its language (``letter_languages``).

A formal letter is written whole in each language, so each language has its own body
template (``delegations/letter/<language>.html``) rather than sentences put together from
translated pieces; another language (Russian, Japanese, Korean, Mongolian) is one more
template and one more entry in ``LETTER_LANGUAGES``.
"""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from delegations.enums import LEADER_MAX_RANK, Gender
from delegations.models import Delegate, Delegation
from expo.i18n import translated
from expo.names import has_chinese, romanized

LETTER_LANGUAGES = ("zh-hans", "en")
LETTER_FONT = "Noto Sans CJK SC"
# The foreign-language page of a delegation from these countries.
COUNTRY_LANGUAGES = {"RU": "ru", "JP": "ja", "KR": "ko", "MN": "mn"}
# The expo's name in the letters of these languages when the edition has no translation of
# its own, and the city of the expo as they write it.
EDITION_NAMES = {
    "ru": "{number}-е Китайско-Северо-Восточноазиатское ЭКСПО",
    "ja": "第{number}回中国－東北アジア博覧会",
    "ko": "제{number}회 중국-동북아시아 박람회",
    "mn": "Хятад-Зүүн хойд Азийн {number} дэх удаагийн экспо",
}
CITY_NAMES = {"Changchun": {"ru": "Чанчунь", "ja": "長春", "ko": "창춘", "mn": "Чанчунь"}}


def letter_languages(delegation: Delegation) -> tuple[str, ...]:
    """Chinese and English, and the language of a delegation from Russia, Japan, Korea or Mongolia."""
    native = COUNTRY_LANGUAGES.get(delegation.country.code or "")
    return (*LETTER_LANGUAGES, native) if native else LETTER_LANGUAGES


def _foreign_names(edition, language: str) -> dict:
    """The edition's name, city, venue and theme for a letter in ``language`` (not zh or en):
    its translations, else the standard forms above, else English."""
    if language in ("zh-hans", "en"):
        return {}
    name = translated(edition, "name", language)
    city = translated(edition, "city", language)
    return {
        "edition_name": name.text
        if name.language == language
        else EDITION_NAMES[language].format(number=edition.number),
        "city": city.text
        if city.language == language
        else CITY_NAMES.get(edition.city_en, {}).get(language, city.text),
        "venue": translated(edition, "venue", language).text or "",
        "theme": translated(edition, "theme", language).text or "",
    }


def letter_reference(delegation: Delegation) -> str:
    """The letter's reference number, stable for a delegation: edition, year, delegation."""
    edition = delegation.edition
    return f"NEAE{edition.number}-{edition.year}-{delegation.pk:04d}"


def addressee(head: Delegate | None, language: str) -> dict:
    """The head's name and title as the letter's ``language`` writes them; empty where that
    language has none stored (the letter then uses a neutral form, never another script)."""
    if head is None:
        return {"name": "", "title": ""}
    if language.startswith("zh"):
        name = head.name_zh or (head.name_original if has_chinese(head.name_original) else "")
        title = head.title_zh or (head.title if has_chinese(head.title) else "")
    elif language != "en":
        # The page in the delegation's own language: the name and title as written in it.
        name = head.name_original or head.name_latin
        title = head.title or head.title_en
    else:
        name = head.name_latin or (head.name_original if not has_chinese(head.name_original) else "")
        title = head.title_en or (head.title if head.title and not has_chinese(head.title) else "")
    return {"name": name, "title": title}


def letter_head(delegation: Delegation):
    """The addressee: the head of the delegation, else its highest-ranked delegate."""
    return delegation.delegates.order_by("-is_head", "rank", "pk").first()


def _page(delegation: Delegation, head, language: str) -> dict:
    with translation.override(language):
        edition = delegation.edition
        return {
            "language": language,
            "body": render_to_string(
                f"delegations/letter/{language}.html",
                {
                    "delegation": delegation,
                    "origin": delegation.origin_name,
                    "edition": edition,
                    "head": head,
                    "addressee": addressee(head, language),
                    "reference": letter_reference(delegation),
                    **_foreign_names(edition, language),
                    "liaison": delegation.liaison_name
                    if language.startswith("zh")
                    else (delegation.liaison_name_latin or romanized(delegation.liaison_name)),
                    "excellency": head is not None and head.rank <= LEADER_MAX_RANK,
                    "female": head is not None and head.gender == Gender.FEMALE,
                    "male": head is not None and head.gender == Gender.MALE,
                    # Dated when it went out; a draft is dated today.
                    "today": timezone.localdate(delegation.sent_at) if delegation.sent_at else timezone.localdate(),
                },
            ),
        }


def invitation_letter_document(*, delegation: Delegation, languages: tuple[str, ...] = LETTER_LANGUAGES):
    """The letter laid out by WeasyPrint, a page for each of ``languages``."""
    import weasyprint  # here, not above: loading Pango takes a second, and only PDF work needs it

    head = letter_head(delegation)
    pages = [_page(delegation, head, language) for language in languages]
    html = render_to_string(
        "delegations/letter_pdf.html",
        {"delegation": delegation, "edition": delegation.edition, "pages": pages, "font": LETTER_FONT},
    )
    return weasyprint.HTML(string=html).render()


def invitation_letter_pdf(*, delegation: Delegation, languages: tuple[str, ...] = LETTER_LANGUAGES) -> bytes:
    """The letter in each of ``languages``, a page each. Needs WeasyPrint and the Noto CJK fonts."""
    return invitation_letter_document(delegation=delegation, languages=languages).write_pdf()

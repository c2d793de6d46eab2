"""The letter of invitation of a delegation, as a PDF: one A4 page in Chinese, then one in
English.

A formal letter is written whole in each language, so each language has its own body
template (``delegations/letter/<language>.html``) rather than sentences put together from
translated pieces; another language (Russian, Japanese, Korean, Mongolian) is one more
template and one more entry in ``LETTER_LANGUAGES``.
"""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from delegations.enums import LEADER_MAX_RANK, Gender
from delegations.models import Delegation

LETTER_LANGUAGES = ("zh-hans", "en")
LETTER_FONT = "Noto Sans CJK SC"


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
    import weasyprint

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

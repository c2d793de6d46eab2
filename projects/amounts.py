"""Amounts of yuan as readers expect them: Chinese (and Japanese, Korean) readers count large
sums in 亿 (100 million), English and other readers in billions. Exact figures (the results
JSON, exports, audit) stay in yuan with two decimals."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

CENT = Decimal("0.01")
HUNDRED_MILLION = Decimal("100000000")
BILLION = Decimal("1000000000")
# Languages that group large numbers by 10^4 and 10^8 (万, 亿; 億; 억).
MYRIAD_LANGUAGES = ("zh", "ja", "ko")


def counts_in_hundred_millions() -> bool:
    return (get_language() or "").lower().split("-")[0] in MYRIAD_LANGUAGES


def cents(value: Decimal) -> Decimal:
    """``value`` rounded half-up to two decimals."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def yuan_text(value: Decimal | None) -> str | None:
    """The exact figure as the results JSON writes it: "117100000000.00"; None stays None."""
    return None if value is None else str(cents(value))


def in_report_unit(value: Decimal) -> Decimal:
    """``value`` yuan in the reader's unit (亿元 or billion yuan), two decimals."""
    return cents(value / (HUNDRED_MILLION if counts_in_hundred_millions() else BILLION))


def report_unit() -> str:
    """The name of the reader's unit, for table headers."""
    if counts_in_hundred_millions():
        return _("100 million yuan")
    return _("billion yuan")


def report_amount(value: Decimal | None) -> str:
    """``value`` yuan as a number in the reader's unit: "1,171.00" (亿元) or "117.10" (billion yuan)."""
    if value is None:
        return "—"
    return formats.number_format(in_report_unit(value), 2, use_l10n=True, force_grouping=True)


def report_amount_with_unit(value: Decimal | None) -> str:
    """``value`` yuan with the reader's unit: "1,171.00亿元" or "117.10 billion yuan"."""
    if value is None:
        return "—"
    if counts_in_hundred_millions():
        return _("%(amount)s hundred million yuan") % {"amount": report_amount(value)}
    return _("%(amount)s billion yuan") % {"amount": report_amount(value)}


def yuan(value: Decimal | None) -> str:
    """The exact amount: "55,579,287,104.28 yuan"."""
    if value is None:
        return "—"
    amount = formats.number_format(cents(value), 2, use_l10n=True, force_grouping=True)
    return _("%(amount)s yuan") % {"amount": amount}


def growth(value: Decimal | None) -> str:
    """A growth percentage with its sign ("+110.69%"), or "—" when there is nothing to compare."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    return f"{sign}{formats.number_format(value, 2, use_l10n=True)}%"

"""The floor plan's booths as markup, built in Python: a pavilion has up to a few thousand
booths, and the template language spent ~1 ms on each (a ``reverse()`` per link, a dozen
variable lookups and filters). The URLs come from one reversed prefix, the translated words
and kind labels are looked up once per page."""

from html import escape  # the escaping of django.utils.html.escape, without its lazy-string wrapper

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from exhibitors.enums import BoothKind
from expo.i18n import prefers_chinese

_SENTINEL = 987654321


def _url_parts(name: str) -> tuple[str, str]:
    """The URL of ``name`` for any pk as (prefix, suffix), from one ``reverse()``."""
    prefix, suffix = reverse(name, args=[_SENTINEL]).split(str(_SENTINEL))
    return prefix, suffix


class _Formatted(dict):
    """``floatformat`` of each distinct value, computed once per page (booth areas and
    prices repeat: a pavilion has a handful of booth sizes)."""

    def __init__(self, arg: str):
        super().__init__()
        self.arg = arg

    def __missing__(self, value):
        self[value] = text = floatformat(value, self.arg)
        return text


def _n(value) -> str:
    """A coordinate as ``stringformat:'s'`` writes it."""
    return str(value)


def plan_markup(booths) -> SafeString:
    """The SVG links of the booths (``booth.css`` and ``booth.label`` already set)."""
    prefix, suffix = _url_parts("exhibitor:booth")
    english = not prefers_chinese()  # every reader but a Chinese one reads the English name
    held, yours = _("held"), _("yours")
    area = _Formatted("-2")
    parts = []
    for booth in booths:
        css, code, x, y = booth.css, escape(booth.code), _n(booth.x), _n(booth.y)
        title = f"{code} · {area[booth.area_m2]} m²"
        if css == "booked":
            name = (booth.booked_name_en if english else "") or booth.booked_name
            title += f" · {escape(name)}"
        elif css == "held":
            title += f" · {held}"
        elif css == "mine":
            title += f" · {yours}"
        label = ""
        if css == "booked" and booth.width >= 6:
            label = f'<text class="booth__name" x="{x}" y="{y}" dx="0.3" dy="2.4">{escape(booth.label)}</text>'
        parts.append(
            f'<a href="{prefix}{booth.pk}{suffix}" class="booth booth--{css}" data-code="{code}" data-state="{css}">'
            f"<title>{title}</title>"
            f'<rect x="{x}" y="{y}" width="{_n(booth.width)}" height="{_n(booth.depth)}"></rect>'
            f'<text class="booth__code" x="{x}" y="{y}" dx="0.3" dy="1.1">{code}</text>{label}</a>\n'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or a number


def free_rows_markup(booths) -> SafeString:
    """The rows of the table of free booths, each with its hold button: a button of the one
    form around the table (``formaction``), so that a pavilion of 2,000 free booths carries
    one CSRF token, not 2,000."""
    prefix, suffix = _url_parts("exhibitor:booth")
    hold_prefix, hold_suffix = _url_parts("exhibitor:booth_hold")
    kinds = {value: str(label) for value, label in BoothKind.choices}
    hold = _("Hold %(code)s")
    area, price = _Formatted("-2"), _Formatted("2g")
    parts = []
    for booth in booths:
        if booth.css != "free":
            continue
        code = escape(booth.code)
        parts.append(
            f'<tr><td><a href="{prefix}{booth.pk}{suffix}">{code}</a></td>'
            f"<td>{escape(kinds.get(booth.kind, booth.kind))}</td>"
            f'<td class="num">{area[booth.area_m2]}</td>'
            f'<td class="num">{price[booth.price]}</td>'
            f'<td><button type="submit" formaction="{hold_prefix}{booth.pk}{hold_suffix}" '
            f'class="button button--small-solid">{hold % {"code": code}}</button></td></tr>\n'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or a number


def public_plan_markup(booths) -> SafeString:
    """The plan for visitors: no links, no prices, no holds; confirmed booths carry their
    exhibitor's name (``booth.label``), highlighted ones the ``mine`` colour."""
    area = _Formatted("-2")
    parts = []
    for booth in booths:
        css, code, x, y = booth.css, escape(booth.code), _n(booth.x), _n(booth.y)
        title = f"{code} · {area[booth.area_m2]} m²"
        if booth.label:
            title += f" · {escape(booth.label)}"
        label = ""
        if booth.label and booth.width >= 6:
            label = f'<text class="booth__name" x="{x}" y="{y}" dx="0.3" dy="2.4">{escape(booth.label)}</text>'
        parts.append(
            f'<g class="booth booth--{css}" id="booth-{code}" data-code="{code}" data-state="{css}">'
            f"<title>{title}</title>"
            f'<rect x="{x}" y="{y}" width="{_n(booth.width)}" height="{_n(booth.depth)}"></rect>'
            f'<text class="booth__code" x="{x}" y="{y}" dx="0.3" dy="1.1">{code}</text>{label}</g>\n'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or a number

"""Rows of the protocol desk's tables as markup, built in Python: the template language
spent most of the page's time on them (a dozen lookups and filters per row, and each
delegation's ``origin_name`` computed again for each of its delegates). Same markup as
templates/delegations/_travel_table.html wrote row by row."""

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from expo.names import display_name, person_name

DASH = "—"


class Origins(dict):
    """``origin_name`` of each delegation, computed once per page."""

    def __missing__(self, delegation):
        self[delegation] = name = escape(delegation.origin_name)
        return name


def _hhmm(value) -> str:
    return timezone.localtime(value).strftime("%H:%M")


def travel_rows(travel, origins: Origins | None = None) -> SafeString:
    """The ``<tr>`` of each arrival or departure (``item.phone_shown`` already set)."""
    origins = Origins() if origins is None else origins
    head, pickup = escape(_("head")), escape(_("pick-up"))
    parts = []
    for item in travel:
        delegate = item.delegate
        delegation = delegate.delegation
        who = f"<span data-user-content>{escape(display_name(delegate))}</span>"
        if delegate.is_head:
            who += f' <span class="badge">{head}</span>'
        if delegate.title:
            who += f'<br><small class="muted">{escape(delegate.title)}</small>'
        origin = origins[delegation]
        if delegation.security_level != "standard":
            origin += f'<br><span class="state state--held">{escape(delegation.get_security_level_display())}</span>'
        liaison = escape(person_name(delegation.liaison_name, latin=delegation.liaison_name_latin) or DASH)
        if delegation.liaison_phone:
            liaison += f'<br><small class="muted nowrap">{escape(delegation.liaison_phone)}</small>'
        host = delegation.host_unit.short_name if delegation.host_unit else ""
        parts.append(
            "<tr>"
            f'<td class="nowrap desk-time">{_hhmm(item.at)}</td>'
            f"<td>{who}</td>"
            f"<td>{origin}</td>"
            f'<td class="nowrap"><strong>{escape(item.number or DASH)}</strong><br>'
            f'<small class="muted">{escape(item.get_mode_display())}</small></td>'
            f"<td>{escape(item.place)}</td>"
            + (
                f'<td><span class="state state--confirmed nowrap">{pickup}</span></td>'
                if item.pickup_needed
                else f'<td><span class="muted">{DASH}</span></td>'
            )
            + f"<td>{escape(host or DASH)}</td>"
            f"<td>{liaison}</td>"
            f'<td class="nowrap protected">{escape(item.phone_shown or DASH)}</td>'
            "</tr>\n"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def stay_rows(stays, origins: Origins | None = None) -> SafeString:
    """The ``<tr>`` of each guest of a hotel."""
    origins = Origins() if origins is None else origins
    parts = []
    for stay in stays:
        delegate = stay.delegate
        parts.append(
            f"<tr><td>{escape(stay.room or DASH)}</td><td data-user-content>{escape(display_name(delegate))}</td>"
            f"<td>{origins[delegate.delegation]}</td>"
            f'<td class="nowrap">{stay.check_in:%m-%d}</td><td class="nowrap">{stay.check_out:%m-%d}</td>'
            f'<td class="num">{stay.nights}</td></tr>\n'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or a number

"""People's names in the reader's order and script (``expo.names``).

{% load names %}
<td>{{ delegate|person }}</td>          marked as user data: <span data-user-content>…</span>
<input value="{{ user|person_name }}">  plain text (attributes, titles, mails)
"""

from django import template
from django.utils.html import format_html

from expo.names import display_name, has_chinese

register = template.Library()


@register.filter
def person_name(value) -> str:
    """The name of a user, delegate or name string, as the reader reads it; plain text."""
    return display_name(value)


@register.filter
def person(value):
    """As ``person_name``, in an element marked as user data (with its ``lang`` when the name
    is written in Chinese characters)."""
    name = display_name(value)
    if not name:
        return ""
    if has_chinese(name):
        return format_html('<span data-user-content lang="zh-Hans">{}</span>', name)
    return format_html("<span data-user-content>{}</span>", name)


@register.filter
def user_content(value):
    """Text people wrote (an organization, a note), marked as user data."""
    if value in (None, ""):
        return ""
    return format_html("<span data-user-content>{}</span>", value)

from urllib.parse import urlencode

from django import template

register = template.Library()

# The query parameters the online pages read; anything else is left out of their links.
KNOWN = ("q", "edition", "kind", "pavilion", "industry", "country")


@register.simple_tag(takes_context=True)
def page_query(context, page_number) -> str:
    """``?...&page=N`` keeping the page's known query parameters."""
    query = context["request"].GET
    params = [(name, query[name]) for name in KNOWN if query.get(name)]
    params.append(("page", page_number))
    return "?" + urlencode(params)

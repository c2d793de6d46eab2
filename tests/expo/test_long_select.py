"""expo.forms.LongSelect: Django's select markup without a template per option."""

import re

import pytest
from django import forms

from expo.forms import LongSelect
from expo.i18n import country_choices

CHOICES = [("", "—"), ("Asia", [("CN", "China"), ("KR", "Korea <&>")]), ("x", 'X "quoted"')]


def _same(html: str) -> str:
    """Markup as a browser reads it: whitespace between tags and the order of attributes aside."""
    html = re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()
    return re.sub(
        r"<select ([^>]*)>",
        lambda m: "<select " + " ".join(sorted(re.findall(r'[\w-]+(?:="[^"]*")?', m.group(1)))) + ">",
        html,
    )


def _pair(choices, **widget):
    class Django(forms.Form):
        field = forms.ChoiceField(choices=choices, widget=forms.Select(**widget))

    class Ours(forms.Form):
        field = forms.ChoiceField(choices=choices, widget=LongSelect(**widget))

    return Django, Ours


@pytest.mark.parametrize("data", [None, {"field": "KR"}, {"field": "x"}, {"field": "made-up"}, {"field": ""}])
def test_the_markup_is_djangos(data):
    django, ours = _pair(CHOICES, attrs={"disabled": True, "data-x": 'a"b', "class": "wide"})
    assert _same(str(ours(data, initial={"field": "CN"})["field"])) == _same(
        str(django(data, initial={"field": "CN"})["field"])
    )


@pytest.mark.parametrize("language", ["zh-hans", "en", "ru"])
def test_the_countries_are_listed_as_django_lists_them(language):
    from django.utils import translation

    with translation.override(language):
        django, ours = _pair(lambda: [("", "—"), *country_choices()])
        assert _same(str(ours({"field": "MN"})["field"])) == _same(str(django({"field": "MN"})["field"]))
        assert str(ours({"field": "MN"})["field"]).count("<option") == len(country_choices()) + 1


def test_labels_and_values_are_escaped():
    _django, ours = _pair([("<v>", "<script>alert(1)</script>")])
    html = str(ours()["field"])
    assert "<script>" not in html
    assert 'value="&lt;v&gt;"' in html

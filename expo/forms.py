from django import forms
from django.forms.utils import flatatt
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from expo.errors import EditionClosed
from expo.models import Edition
from expo.services import edition_require_writable
from expo.tabular import ImportFailed, import_format_of, stripped


class VisibleTextMixin:
    """The form's text fields cut invisible characters (zero-width spaces and joiners, BOM,
    soft hyphen) off a value's ends as they cut spaces, so that a value of only those is empty
    and a required field says so."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.strip:
                field.to_python = _visible(field.to_python)


def _visible(to_python):
    def visible_to_python(value):
        value = to_python(value)
        return stripped(value) if isinstance(value, str) else value

    return visible_to_python


class LongSelect(forms.Select):
    """Django's select, written directly instead of through a template and a context per
    option: the same markup (``django/forms/widgets/select.html``, whitespace aside), for the
    lists of 250 countries and regions. Through the templates such a list cost 15 ms of every
    registration form (72 % of a merchant's registration page in the profile of the expo
    day's rush). Single choice only, as Django's: the first option of the value is selected."""

    allow_multiple_selected = False

    def render(self, name, value, attrs=None, renderer=None):
        wanted = set(self.format_value(value))
        chosen = False

        def options(choices):
            nonlocal chosen
            for option_value, label in choices:
                text = "" if option_value is None else str(option_value)
                selected = not chosen and text in wanted
                chosen = chosen or selected
                yield text, " selected" if selected else "", label

        parts = []
        for group_name, group in self._groups():
            rows = format_html_join("", '\n  <option value="{}"{}>{}</option>', options(group))
            if group_name is None:
                parts.append(rows)
            else:
                parts.append(format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rows))
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            format_html_join("", "{}", ((part,) for part in parts)),
        )

    def _groups(self):
        """(group label or None, its options) in order, as Django's ``optgroups``."""
        loose = []
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                if loose:
                    yield None, loose
                    loose = []
                yield option_value, label
            else:
                loose.append((option_value, label))
        if loose:
            yield None, loose


class ImportFileForm(forms.Form):
    """A CSV or XLSX file to import into an edition (the current one by default)."""

    MAX_BYTES = 10 * 1024 * 1024

    file = forms.FileField(label=_("file"), widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}))
    edition = forms.ModelChoiceField(label=_("edition"), queryset=Edition.objects.all(), empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("A .csv file (UTF-8) or an .xlsx workbook, at most %(limit)s.") % {
            "limit": filesizeformat(self.MAX_BYTES)
        }
        self.fields["edition"].initial = Edition.objects.filter(is_current=True).values_list("pk", flat=True).first()

    def clean_file(self):
        file = self.cleaned_data["file"]
        try:
            import_format_of(file.name)
        except ImportFailed as exc:
            raise forms.ValidationError(exc.errors[0].message, code="file_type") from None
        if file.size > self.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
                % {"size": filesizeformat(file.size), "limit": filesizeformat(self.MAX_BYTES)},
                code="too_large",
            )
        return file

    def clean_edition(self):
        edition = self.cleaned_data["edition"]
        try:
            edition_require_writable(edition)
        except EditionClosed as exc:
            raise forms.ValidationError(exc.message, code="edition_closed") from None
        return edition

    @property
    def file_format(self) -> str:
        return import_format_of(self.cleaned_data["file"].name)


class EditionReopenForm(VisibleTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the edition is reopened; kept in the activity log."),
    )

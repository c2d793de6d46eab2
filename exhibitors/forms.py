from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from exhibitors.enums import BoothKind
from exhibitors.models import Booth, Pavilion
from expo.forms import ImportFileForm


class BoothGridForm(forms.Form):
    """Rows of booths side by side, an aisle between rows, numbered prefix001, prefix002, ..."""

    prefix = forms.RegexField(
        label=_("code prefix"),
        regex=r"^[A-Za-z0-9-]{1,8}$",
        initial="A",
        help_text=_("Booth codes are the prefix and a running number: A001, A002, ..."),
    )
    rows = forms.IntegerField(label=_("rows"), min_value=1, max_value=100, initial=4)
    columns = forms.IntegerField(label=_("booths per row"), min_value=1, max_value=100, initial=10)
    width = forms.DecimalField(
        label=_("booth width (m)"), min_value=Decimal("1"), max_digits=6, decimal_places=2, initial=3
    )
    depth = forms.DecimalField(
        label=_("booth depth (m)"), min_value=Decimal("1"), max_digits=6, decimal_places=2, initial=3
    )
    aisle = forms.DecimalField(
        label=_("aisle between rows (m)"), min_value=Decimal("0"), max_digits=6, decimal_places=2, initial=3
    )
    start_x = forms.DecimalField(
        label=_("left edge x (m)"), min_value=Decimal("0"), max_digits=8, decimal_places=2, initial=5
    )
    start_y = forms.DecimalField(
        label=_("top edge y (m)"), min_value=Decimal("0"), max_digits=8, decimal_places=2, initial=5
    )
    kind = forms.ChoiceField(label=_("kind"), choices=BoothKind.choices, initial=BoothKind.STANDARD)
    price = forms.DecimalField(
        label=_("price per booth (yuan)"), min_value=Decimal("0"), max_digits=18, decimal_places=2, initial=0
    )

    def __init__(self, *args, pavilion: Pavilion, **kwargs):
        super().__init__(*args, **kwargs)
        self.pavilion = pavilion

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        right = data["start_x"] + data["columns"] * data["width"]
        bottom = data["start_y"] + data["rows"] * data["depth"] + (data["rows"] - 1) * data["aisle"]
        if right > self.pavilion.plan_width or bottom > self.pavilion.plan_depth:
            raise forms.ValidationError(
                _("The grid reaches %(right)s m × %(bottom)s m, beyond the floor plan of %(width)s m × %(depth)s m.")
                % {
                    "right": right,
                    "bottom": bottom,
                    "width": self.pavilion.plan_width,
                    "depth": self.pavilion.plan_depth,
                }
            )
        codes = [f"{data['prefix']}{n:03d}" for n in range(1, data["rows"] * data["columns"] + 1)]
        taken = list(Booth.objects.filter(pavilion=self.pavilion, code__in=codes).values_list("code", flat=True)[:5])
        if taken:
            raise forms.ValidationError(
                _("The pavilion already has booths with these codes: %(codes)s. Choose another prefix.")
                % {"codes": ", ".join(taken)}
            )
        return data


class ExhibitorImportForm(ImportFileForm):
    """A CSV or XLSX file of exhibitors, and the edition they take part in."""

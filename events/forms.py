from django import forms
from django.utils.translation import gettext_lazy as _

from events.enums import AttendeeKind
from expo.enums import Industry
from expo.forms import LongSelect, VisibleTextMixin
from expo.i18n import country_choices, prefers_chinese

PUBLIC_KINDS = [(k.value, k.label) for k in (AttendeeKind.MERCHANT, AttendeeKind.MEDIA, AttendeeKind.GUEST)]


class PublicRegistrationForm(VisibleTextMixin, forms.Form):
    """Registration on the public programme: the person, for the edition and the event."""

    name = forms.CharField(label=_("your name"), max_length=200)
    organization = forms.CharField(label=_("organization"), max_length=200)
    email = forms.EmailField(label=_("email"), help_text=_("Your badge and any change of the programme are sent here."))
    # Named in the reader's language and order at each rendering; China preset for Chinese
    # readers only (a foreign visitor picks their own).
    country = forms.ChoiceField(
        label=_("country or region"), choices=lambda: [("", "—"), *country_choices()], widget=LongSelect
    )
    kind = forms.ChoiceField(label=_("I come as"), choices=PUBLIC_KINDS, initial=AttendeeKind.MERCHANT)
    industry = forms.ChoiceField(label=_("industry field"), choices=[("", "—"), *Industry.choices], required=False)
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if prefers_chinese():
            self.fields["country"].initial = "CN"

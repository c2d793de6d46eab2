"""Forms of the public online exhibition: validation only."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from expo.enums import Industry
from expo.forms import LongSelect, VisibleTextMixin
from expo.i18n import country_choices


class VisitorRegistrationForm(VisibleTextMixin, forms.Form):
    name = forms.CharField(label=_("your name"), max_length=200)
    email = forms.EmailField(label=_("your email"), max_length=150)
    password1 = forms.CharField(
        label=_("password"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(label=_("password again"), widget=forms.PasswordInput, strip=False)
    country = forms.ChoiceField(label=_("country or region"), choices=country_choices, initial="CN", widget=LongSelect)
    organization = forms.CharField(label=_("organization"), max_length=200, required=False)
    interests = forms.MultipleChoiceField(
        label=_("interests"),
        choices=Industry.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The industry fields you would like to see."),
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        users = get_user_model().objects
        if users.filter(email__iexact=email).exists() or users.filter(username__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email address exists already. Log in instead."))
        return email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            user = get_user_model()(username=data.get("email", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class BroadcastDecisionForm(VisibleTextMixin, forms.Form):
    """The exhibition office's decision on one broadcast; a rejection's reason is checked by
    the service (``broadcast_decide``), which says so in the user's language."""

    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

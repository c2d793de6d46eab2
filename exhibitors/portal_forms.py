"""Forms of the exhibitor portal: validation only."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from exhibitors.models import Exhibit, Exhibitor
from exhibitors.services import exhibitor_province_problem
from expo.forms import LongSelect, VisibleTextMixin

COMPANY_FIELDS = [
    "kind",
    "name",
    "name_en",
    "country",
    "province",
    "city",
    "industry",
    "contact_name",
    "contact_phone",
    "contact_email",
    "website",
    "description",
]


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class CompanyForm(VisibleTextMixin, forms.ModelForm):
    class Meta:
        model = Exhibitor
        formfield_callback = _formfield
        fields = COMPANY_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "country": LongSelect}

    def clean(self):
        data = super().clean()
        country, province = data.get("country"), data.get("province")
        if country is not None and (problem := exhibitor_province_problem(country=country, province=province or "")):
            self.add_error("province", problem)
        return data


class ProfileForm(CompanyForm):
    class Meta(CompanyForm.Meta):
        fields = [*COMPANY_FIELDS, "logo"]
        widgets = {
            **CompanyForm.Meta.widgets,
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }


class SignUpForm(CompanyForm):
    """The company and its first user in one form."""

    username = forms.RegexField(
        label=_("user name"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    first_name = forms.CharField(label=_("your given name"), max_length=150)
    last_name = forms.CharField(label=_("your family name"), max_length=150)
    email = forms.EmailField(label=_("your email"))
    password1 = forms.CharField(
        label=_("password"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(label=_("password again"), widget=forms.PasswordInput, strip=False)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken. Choose another one."))
        return username

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            user = get_user_model()(
                username=data.get("username", ""),
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data

    def company_fields(self):
        return [self[name] for name in COMPANY_FIELDS]

    def account_fields(self):
        return [self[name] for name in ("username", "first_name", "last_name", "email", "password1", "password2")]

    def company_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in COMPANY_FIELDS}


class ExhibitForm(VisibleTextMixin, forms.ModelForm):
    class Meta:
        model = Exhibit
        fields = ["pavilion", "name", "name_en", "category", "description", "description_en", "image", "is_published"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "image": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args, pavilions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pavilion"].queryset = pavilions
        self.fields["pavilion"].empty_label = None


class BroadcastForm(VisibleTextMixin, forms.Form):
    title = forms.CharField(label=pgettext_lazy("broadcast", "title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    ends_at = forms.DateTimeField(
        label=_("ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    stream_url = forms.URLField(
        label=_("link to the stream"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The page of the broadcast on the platform you use."),
    )

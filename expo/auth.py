from functools import partial

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.template.loader import render_to_string

from expo import tasks


class ExpoModelBackend(ModelBackend):
    """Django's backend, loading the user's member unit or exhibitor with the user on every request."""

    def get_user(self, user_id):
        user = (
            get_user_model()
            ._default_manager.select_related("member_unit", "exhibitor_member__exhibitor")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None


class _BoundedUsername:
    """A user name longer than the model allows is a form error, before any authentication:
    django-axes would otherwise store it in a column too short for it (a 500 on PostgreSQL)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(self.username_field.max_length or 150))


class LoginForm(_BoundedUsername, AuthenticationForm):
    pass


class AdminLoginForm(_BoundedUsername, AdminAuthenticationForm):
    pass


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password-reset form, whose mail a worker sends (the task ``expo.send_mail``,
    after the commit): the request renders the mail and sends nothing, so it answers as
    quickly whether or not an account has the address, and a slow mail server holds no web
    worker."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        html = render_to_string(html_email_template_name, context) if html_email_template_name else ""
        transaction.on_commit(partial(tasks.send_mail.delay, subject, body, [to_email], html))

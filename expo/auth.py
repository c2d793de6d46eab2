from functools import partial

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import DEFAULT_DB_ALIAS, transaction
from django.template.loader import render_to_string

from expo import tasks
from expo.compiled import CompiledQuery


def _user_with_relations(pk):
    return get_user_model()._default_manager.select_related("member_unit", "exhibitor_member__exhibitor").filter(pk=pk)


# The query of the user of each request (with its member unit and exhibitor), compiled to SQL
# once per process and database instead of on every request (expo.compiled): the ORM's
# compilation of its joins was most of the 1.5-2 ms that loading the user cost every
# logged-in request (29 % of a check-in scan's CPU in the profile).
_user_query = CompiledQuery(_user_with_relations)


def user_by_pk(user_id, db: str = DEFAULT_DB_ALIAS):
    """The user of ``user_id`` (as a session stores it) with its relations, or None."""
    try:
        user_id = get_user_model()._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    return next(iter(_user_query.rows(user_id, db=db)), None)


class ExpoModelBackend(ModelBackend):
    """Django's backend, loading the user's member unit or exhibitor with the user on every
    request, in one query compiled once per process (``user_by_pk``)."""

    def get_user(self, user_id):
        user = user_by_pk(user_id)
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

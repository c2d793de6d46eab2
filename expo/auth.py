import threading
from functools import partial

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.query import get_related_populators
from django.template.loader import render_to_string

from expo import tasks


class _CompiledUserQuery:
    """The query of the user of each request (with its member unit and exhibitor), compiled to
    SQL once per process and database instead of on every request: the ORM's compilation of its
    joins was most of the 1.5-2 ms that loading the user cost every logged-in request (29 % of
    a check-in scan's CPU in the profile). The rows become objects as Django's own iterable
    makes them (converters, ``from_db``, the related populators)."""

    def __init__(self):
        self.compiled: dict[str, tuple] = {}
        self.lock = threading.Lock()

    @staticmethod
    def _queryset(db: str):
        return get_user_model()._default_manager.using(db).select_related("member_unit", "exhibitor_member__exhibitor")

    def _compile(self, db: str) -> tuple:
        compiler = self._queryset(db).filter(pk=_PK_SENTINEL).query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        if list(params) != [_PK_SENTINEL]:  # a query that is not the one expected: let the ORM do it
            return (None,)
        klass_info, select = compiler.klass_info, compiler.select
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        return sql, compiler, klass_info["model"], start, end, init_list, get_related_populators(klass_info, select, db)

    def get(self, user_id, db: str = DEFAULT_DB_ALIAS):
        compiled = self.compiled.get(db)
        if compiled is None:
            with self.lock:
                compiled = self.compiled[db] = self._compile(db)
        if compiled[0] is None:
            return self._queryset(db).filter(pk=user_id).first()
        sql, compiler, model, start, end, init_list, populators = compiled
        try:
            user_id = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        with connections[db].cursor() as cursor:
            cursor.execute(sql, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        row = next(iter(compiler.results_iter(results=[[row]])))
        user = model.from_db(db, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, user)
        return user


_PK_SENTINEL = -987654321
_user_query = _CompiledUserQuery()


class ExpoModelBackend(ModelBackend):
    """Django's backend, loading the user's member unit or exhibitor with the user on every
    request, in one query compiled once per process (``_CompiledUserQuery``)."""

    def get_user(self, user_id):
        user = _user_query.get(user_id)
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

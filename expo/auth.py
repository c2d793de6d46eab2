from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


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

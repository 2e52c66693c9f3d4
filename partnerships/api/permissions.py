"""API permission: signed in, and for staff roles a second factor proven in the session or a token."""

from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import BasePermission

from ..policy import actor_for


class IsSignedInWithRequiredFactors(BasePermission):
    message = "Sign in first. Staff must also have entered a code from their authenticator app."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if not actor_for(user).is_staff_role:
            return True
        # Tokens are only issued from a session that passed the second factor.
        if isinstance(request.successful_authenticator, TokenAuthentication):
            return True
        return bool(getattr(user, "is_verified", lambda: False)())

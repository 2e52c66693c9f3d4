"""View decorators that apply the access policy to whole pages."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .policy import actor_for


def role_required(*roles: str):
    """Signed in, and holding at least one of the roles (otherwise 403)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not actor_for(request.user).has_role(*roles):
                raise PermissionDenied("This page is not part of your role")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

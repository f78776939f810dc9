"""Page-level access by role; object-level scope lives in ``scope.py``."""

from __future__ import annotations

from functools import wraps

from flask import abort, current_app
from flask_login import current_user

from .models import Role


def roles_required(*roles: Role):
    """Let only signed-in users with one of ``roles`` open the page (others get 403)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.lms_roles = roles
        return wrapped

    return decorator


trainer_required = roles_required(Role.TRAINER, Role.COORDINATOR, Role.ADMIN)
admin_required = roles_required(Role.ADMIN)
manager_required = roles_required(Role.COORDINATOR, Role.ADMIN)

"""Loading a user's grants and asking the pure permission rule (rules/permissions.py).

Objects describe where they live with a ``scope()`` method; views and services call
:func:`require` (raises 403) and selectors use :func:`grant_filters` for querysets.
"""

from typing import Any

from thidua.core.errors import DomainError
from thidua.rules import permissions
from thidua.rules.permissions import Grant, Scope

_CACHE_ATTR = "_thidua_grants"


def grants_of(user: Any) -> tuple[Grant, ...]:
    """The user's grants, loaded once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from thidua.core.models import RoleGrant

        cached = tuple(g.as_rule() for g in RoleGrant.objects.filter(user=user))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_superuser(user: Any) -> bool:
    return bool(
        getattr(user, "is_active", False) and getattr(user, "is_superuser", False)
    )


def can(user: Any, action: str, target: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    scope = target if isinstance(target, Scope) else target.scope()
    return permissions.can(grants_of(user), action, scope, superuser=is_superuser(user))


def require(user: Any, action: str, target: Any) -> None:
    if not can(user, action, target):
        raise DomainError("PERMISSION_DENIED")


def grants_for(user: Any, action: str) -> list[Grant]:
    """The user's grants whose role allows ``action`` (for queryset scoping)."""
    allowed = permissions.roles_allowing(action)
    return [g for g in grants_of(user) if g.role in allowed]


def provinces_for(user: Any, action: str) -> set[int] | None:
    """Provinces where the user may take ``action`` somewhere; None means all."""
    if is_superuser(user):
        return None
    return {g.province for g in grants_for(user, action)}

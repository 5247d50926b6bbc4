"""Writes of the core plumbing: role grants."""

from typing import Any

from django.db import transaction

from thidua.core import audit
from thidua.core.access import forget_grants, require
from thidua.core.errors import DomainError
from thidua.core.models import RoleGrant


@transaction.atomic
def grant_role(
    *,
    actor: Any,
    user: Any,
    role: str,
    province: Any,
    block: Any = None,
    unit: Any = None,
) -> RoleGrant:
    """Give ``user`` a role on a province, or on one block or unit of it."""
    require(actor, "province.edit", province)
    if role not in RoleGrant.Role.values:
        raise DomainError("VALIDATION_ERROR", details={"fields": {"role": [role]}})
    for narrowed in (block, unit):
        if narrowed is not None and narrowed.province_id != province.pk:
            raise DomainError("UNIT_NOT_IN_PROVINCE")
    grant, _ = RoleGrant.objects.get_or_create(
        user=user, role=role, province=province, block=block, unit=unit
    )
    audit.record(
        actor=actor,
        verb="core.grant.created",
        target=grant,
        province_id=province.pk,
        after={"user": user.pk, "role": role, "block": block, "unit": unit},
    )
    forget_grants(user)
    return grant

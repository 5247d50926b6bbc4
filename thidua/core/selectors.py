"""Reads of the audit trail for the Board (issue 9), scoped to the actor."""

from datetime import date, datetime, time
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from thidua.core.access import grants_for, is_superuser
from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent


def audit_provinces(actor: Any) -> set[int] | None:
    """Provinces whose trail the actor may read; None means all (superuser)."""
    if is_superuser(actor):
        return None
    provinces = {
        g.province
        for g in grants_for(actor, "audit.view")
        if g.block is None and g.unit is None
    }
    if not provinces:
        raise DomainError("PERMISSION_DENIED")
    return provinces


def visible_audit_events(
    actor: Any,
    *,
    verb: str = "",
    target_type: str = "",
    actor_name: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    provinces = audit_provinces(actor)
    qs = AuditEvent.objects.order_by("-at", "-pk")
    if provinces is not None:
        qs = qs.filter(province_id__in=provinces)
    if verb:
        qs = qs.filter(verb=verb)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if actor_name:
        ids = (
            get_user_model()
            .objects.filter(username=actor_name)
            .values_list("pk", flat=True)
        )
        qs = qs.filter(actor_id__in=list(ids))
    tz = timezone.get_current_timezone()
    if since:
        qs = qs.filter(at__gte=datetime.combine(since, time.min, tzinfo=tz))
    if until:
        qs = qs.filter(at__lte=datetime.combine(until, time.max, tzinfo=tz))
    return qs


def actor_names(events) -> dict[int, str]:
    """User names of the actors on a page of events, in one query."""
    ids = {e.actor_id for e in events if e.actor_id}
    return dict(
        get_user_model().objects.filter(pk__in=ids).values_list("pk", "username")
    )

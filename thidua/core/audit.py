"""The audit trail: services call :func:`record` inside their transaction.

Verbs are ``<app>.<noun>.<past participle>`` and registered here with a label, so the
Board's audit page can name every one in Vietnamese.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import AuditEvent

VERBS: dict[str, Any] = {
    "core.grant.created": _("Role granted"),
    "core.grant.deleted": _("Role withdrawn"),
    "core.token.created": _("API token issued"),
    "core.session.signed_in": _("Signed in"),
    "core.session.sign_in_failed": _("Sign-in failed"),
    "organizations.province.created": _("Province created"),
    "organizations.province.updated": _("Province updated"),
    "organizations.province.settings_updated": _("Provincial settings changed"),
    "organizations.unit.created": _("Unit created"),
    "organizations.unit.updated": _("Unit updated"),
    "organizations.unit.reorganized": _("Units reorganised"),
    "organizations.person.created": _("Person created"),
    "organizations.person.updated": _("Person updated"),
    "organizations.person.exported": _("Personal data exported"),
    "organizations.block.created": _("Block created"),
    "organizations.block.updated": _("Block updated"),
    "organizations.block_year.created": _("Block year created"),
    "organizations.block_year.updated": _("Block year updated"),
    "organizations.units.imported": _("Units imported"),
    "organizations.people.imported": _("People imported"),
    "cycles.covenant.updated": _("Covenant written"),
    "cycles.covenant.signed": _("Covenant signed"),
    "cycles.requirement.created": _("Required document added"),
    "cycles.submission.received": _("Document received"),
    "cycles.waiver.granted": _("Late deduction waived"),
    "cycles.reminder.sent": _("Reminder sent"),
    "scoring.sheet.self_scored": _("Self-score entered"),
    "scoring.sheet.review_scored": _("Cross-score entered"),
    "scoring.sheet.final_scored": _("Final score set"),
    "scoring.evidence.added": _("Evidence attached"),
    "scoring.period.published": _("Ranking published and period locked"),
}


def register(verbs: dict[str, Any]) -> None:
    """Let an app register its own verbs (call at import of its services module)."""
    clash = {k for k in verbs if k in VERBS and VERBS[k] != verbs[k]}
    if clash:
        raise ValueError(f"Audit verbs registered twice: {sorted(clash)}")
    VERBS.update(verbs)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of ``fields`` (foreign keys as ids) for before/after payloads."""
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attr = field.attname if field.is_relation and field.many_to_one else name
        out[name] = _plain(getattr(obj, attr))
    return out


def changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted(k for k in after if before.get(k) != after.get(k))


def record(
    *,
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: Any = "",
    province_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Append one event. Call it inside the service's transaction."""
    if verb not in VERBS:
        raise ValueError(f"Unregistered audit verb {verb!r}")
    if target is not None:
        target_type = target._meta.label_lower
        target_id = target.pk
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    return AuditEvent.objects.create(
        actor_id=actor_id,
        verb=verb,
        target_type=target_type,
        target_id=str(target_id) if target_id not in (None, "") else "",
        province_id=province_id,
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        note=note,
    )

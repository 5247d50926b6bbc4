from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.rules import permissions


class RoleGrant(models.Model):
    """Vai trò được giao: a role held by a user on a province, block or unit."""

    class Role(models.TextChoices):
        PROVINCE_ADMIN = permissions.PROVINCE_ADMIN, _("Province administrator")
        BLOCK_SECRETARY = permissions.BLOCK_SECRETARY, _("Block secretary")
        UNIT_OFFICER = permissions.UNIT_OFFICER, _("Unit emulation officer")
        LEADER = permissions.LEADER, _("Leader")
        VIEWER = permissions.VIEWER, _("Viewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    province = models.ForeignKey(
        "organizations.Province", on_delete=models.CASCADE, related_name="+"
    )
    block = models.ForeignKey(
        "organizations.Block",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            # design.md §1: a grant narrows to a block or a unit, never both.
            models.CheckConstraint(
                condition=models.Q(block__isnull=True) | models.Q(unit__isnull=True),
                name="core_rolegrant_one_narrowing",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "province", "block", "unit"],
                name="core_rolegrant_no_duplicates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    def as_rule(self) -> permissions.Grant:
        return permissions.Grant(
            role=self.role,
            province=self.province_id,
            block=self.block_id,
            unit=self.unit_id,
        )


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} · {self.expires_at:%Y-%m-%d %H:%M}"


class AuditQuerySet(models.QuerySet):
    """The audit trail is append-only: there is no update or delete path."""

    def update(self, **kwargs):
        raise TypeError("The audit trail is append-only.")

    def delete(self):
        raise TypeError("The audit trail is append-only.")


class AuditEvent(models.Model):
    """Nhật ký: who did what to which record, when, before and after.

    Keeps ids, not copies of personal details. On PostgreSQL a trigger refuses
    UPDATE and DELETE (TRUNCATE stays possible for restore).
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # Plain ids, not foreign keys: deleting a user must not touch the trail.
    actor_id = models.BigIntegerField(_("actor"), null=True, blank=True)
    verb = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("record type"), max_length=60)
    target_id = models.CharField(_("record"), max_length=40, blank=True)
    province_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.TextField(blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(
                fields=["target_type", "target_id"], name="core_audit_target_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.verb} {self.target_type}#{self.target_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit trail is append-only.")

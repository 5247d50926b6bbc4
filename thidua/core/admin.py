from django.contrib import admin

from thidua.core.models import AuditEvent, RoleGrant


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "province", "block", "unit"]
    list_filter = ["role"]
    autocomplete_fields = []
    raw_id_fields = ["user", "province", "block", "unit"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is append-only."""

    list_display = ["at", "verb", "target_type", "target_id", "actor_id"]
    list_filter = ["verb"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

"""Django admin for superusers: reference data is browsable; workflow-bearing
records (block years and memberships) are read-only, changed only through services."""

from django.contrib import admin

from thidua.organizations.models import (
    Block,
    BlockYear,
    Membership,
    Person,
    Province,
    Unit,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "valid_to"]
    search_fields = ["search_name"]


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "province", "valid_from", "valid_to"]
    list_filter = ["province"]
    search_fields = ["search_name"]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "unit", "gender"]
    search_fields = ["search_name"]
    list_select_related = ["unit"]


@admin.register(Block)
class BlockAdmin(ReadOnlyAdmin):
    list_display = ["name", "province", "kind"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    can_delete = False
    readonly_fields = ["unit", "role", "valid_from", "valid_to"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(BlockYear)
class BlockYearAdmin(ReadOnlyAdmin):
    list_display = ["block", "year"]
    inlines = [MembershipInline]

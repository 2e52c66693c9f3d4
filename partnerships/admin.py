"""Django admin for reference data, partnerships, settings and people (support staff only).

Children's records are deliberately not in the admin: every read of a child goes through the access
policy and is logged, which the admin's generic views would bypass.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import ICB, LocalAuthority, Membership, Partnership, Region, Setting, SubICBLocation, User


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "dfe_code", "ons_code", "region", "status"]
    list_filter = ["status", "region"]
    search_fields = ["name", "dfe_code", "ons_code"]


@admin.register(ICB)
class ICBAdmin(admin.ModelAdmin):
    list_display = ["name", "ods_code", "ons_code", "nhs_region_name"]
    search_fields = ["name", "ods_code"]


@admin.register(SubICBLocation)
class SubICBLocationAdmin(admin.ModelAdmin):
    list_display = ["name", "ods_code", "icb"]
    search_fields = ["name", "ods_code"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent_carer_forum"]
    filter_horizontal = ["local_authorities", "icbs"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Setting)
class SettingAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "setting_type", "phase", "partnership", "capacity"]
    list_filter = ["setting_type", "phase", "partnership"]
    search_fields = ["name", "urn"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["setting", "icb"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("full_name", "phone")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    filter_horizontal = ["groups"]

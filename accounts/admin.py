"""Admin: the organisation (ministries, departments, units, people) is reference data an operator
keeps up to date; role assignments are read-only (core.admin): they are made on the role pages
through accounts.services (who may assign, per fiscal year, with audit)."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Department, Ministry, OrgUnit, Person, RoleAssignment
from core.admin import ReadOnlyAdmin, ReadOnlyInline


@admin.register(Ministry)
class MinistryAdmin(admin.ModelAdmin[Ministry]):
    list_display = ["code", "name_th", "name_en", "abbreviation"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ["code", "name_th", "abbreviation", "ministry", "kind"]
    list_filter = ["ministry", "kind"]
    search_fields = ["code", "name_th", "name_en", "abbreviation"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin[OrgUnit]):
    list_display = ["code", "name_th", "kind", "parent", "department"]
    list_filter = ["department", "kind"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["parent", "department"]


class RoleAssignmentInline(ReadOnlyInline):
    model = RoleAssignment


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ["__str__", "position", "unit", "department", "user", "email"]
    list_filter = ["department"]
    search_fields = ["first_name_th", "last_name_th", "position", "email", "user__username"]
    list_select_related = ["unit", "department", "user"]
    autocomplete_fields = ["user", "unit"]
    inlines = [RoleAssignmentInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["person", "role", "fiscal_year", "department", "unit"]
    list_filter = ["fiscal_year", "role", "department"]
    search_fields = ["person__first_name_th", "person__last_name_th"]
    list_select_related = ["person", "department", "unit"]


# Two-factor devices change only through accounts.two_factor (enrolment by their owner, the
# audited reset on the two-factor people page): the admin neither shows their secrets nor
# writes them.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)

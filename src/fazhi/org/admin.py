from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.utils.translation import gettext_lazy as _

from fazhi.core import throttle
from fazhi.org.models import Agency, LoginFailure, Membership, Region, User


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "region", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code", "region__name"]
    raw_id_fields = ["region", "parent"]


class SetByAdminPasswordForm(AdminPasswordChangeForm):
    """A password an administrator sets must be changed by its owner at the next log-in."""

    def save(self, commit=True):
        self.user.must_change_password = True
        self.user.failed_login_count = 0
        self.user.locked_until = None
        throttle.forget_account(self.user)
        return super().save(commit=commit)


class CreatedByAdminForm(AdminUserCreationForm):
    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = True
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    change_password_form = SetByAdminPasswordForm
    add_form = CreatedByAdminForm
    inlines = [MembershipInline]
    list_display = ["username", "display_name", "is_superuser", "is_active", "must_change_password", "locked_until"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("fazhi"), {"fields": ["display_name", "phone", "must_change_password", "failed_login_count",
                                 "locked_until"]}),
    )
    actions = ["unlock"]

    @admin.action(description=_("Unlock the selected accounts"))
    def unlock(self, request, queryset):
        queryset.update(locked_until=None, failed_login_count=0)
        LoginFailure.objects.filter(account__in=queryset).update(account=None)


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Failed log-ins the throttle counts; deleting an address's rows lets it log in again at once."""

    list_display = ["at", "address", "account"]
    list_filter = ["at"]
    search_fields = ["address", "account__username"]
    date_hierarchy = "at"
    raw_id_fields = ["account"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

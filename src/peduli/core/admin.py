from django.contrib import admin

from peduli.core.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "action", "subject", "object_id", "row_count")
    list_filter = ("action", "subject")
    date_hierarchy = "at"

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


def _superusers_only(request) -> bool:  # type: ignore[no-untyped-def]
    # Staff status is not enough: operators use Peduli's own pages, whose
    # services enforce the rules the admin would bypass.
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _superusers_only  # type: ignore[method-assign]
admin.site.site_header = "Peduli — Admin Django"

"""The in-app inbox: a user's own notifications, marked read one by one or all at once."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peduli.accounts.access import roles_required
from peduli.accounts.roles import Capability
from peduli.notifications.selectors import notification_queryset_for
from peduli.notifications.services import notifications_mark_read


@roles_required(Capability.USE_SITE)
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(notification_queryset_for(request.user), 25).get_page(request.GET.get("halaman"))  # type: ignore[arg-type]
    return render(request, "notifications/inbox.html", {"page": page, "query_string": ""})


@require_POST
@roles_required(Capability.USE_SITE)
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and follow its link (when it stays on this site)."""
    notification = get_object_or_404(notification_queryset_for(request.user), pk=pk)  # type: ignore[arg-type]
    notifications_mark_read(actor=request.user, ids=[notification.pk])  # type: ignore[arg-type]
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@require_POST
@roles_required(Capability.USE_SITE)
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_read(actor=request.user)  # type: ignore[arg-type]
    messages.success(request, _("%(n)s pemberitahuan ditandai sudah dibaca.") % {"n": count})
    return redirect("notifications:inbox")

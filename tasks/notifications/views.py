from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tasks.models import (
    Notification,
)
from tasks.notifications import inbox as notifications
from unionplans.lib import params
from unionplans.lib.redirects import is_safe_local_url


@login_required
def notification_list(request):
    """The user's notifications, newest first."""
    page = Paginator(Notification.objects.filter(recipient=request.user), 30).get_page(
        params.page_param(request)
    )
    return render(request, "tasks/notification_list.html", {"page": page})


@login_required
def notification_open(request, pk):
    """Mark one notification read and go where it points."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications.mark_read(request.user, [notification.pk])
    if is_safe_local_url(request, notification.url):
        return redirect(notification.url)
    return redirect("tasks:notifications")


@require_POST
@login_required
def notification_read_all(request):
    notifications.mark_read(request.user)
    return redirect("tasks:notifications")

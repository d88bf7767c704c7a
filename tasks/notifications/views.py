from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tasks import access
from tasks.models import Notification
from tasks.notifications import inbox as notifications
from unionplans.lib.paging import paginate
from unionplans.lib.redirects import is_safe_local_url


@login_required
def notification_list(request):
    """The user's notifications, newest first, a page at a time."""
    page, _query = paginate(request, Notification.objects.filter(recipient=request.user), 30)
    return render(request, "tasks/notification_list.html", {"page": page})


@login_required
def notification_open(request, pk):
    """Mark one notification read and go where it points."""
    notification = access.get_notification(request.user, pk)
    notifications.mark_read(request.user, [notification.pk])
    if is_safe_local_url(request, notification.url):
        return redirect(notification.url)
    return redirect("tasks:notifications")


@require_POST
@login_required
def notification_read_all(request):
    notifications.mark_read(request.user)
    return redirect("tasks:notifications")

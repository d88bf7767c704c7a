from django.conf import settings
from django.utils.functional import SimpleLazyObject


def portal(request):
    """Values every page's layout needs; the unread count is queried only if shown."""
    context = {"demo_mode": settings.DEMO_MODE}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["unread_notifications"] = SimpleLazyObject(
            lambda: user.notifications.unread().count()
        )
    return context

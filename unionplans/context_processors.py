from django.conf import settings
from django.utils.functional import SimpleLazyObject

from plans import permissions
from tasks import access


def _menu(user):
    """Which pages the menu offers ``user``, by the rules of ``tasks.access``."""
    return {
        "deliveries": access.can_see_deliveries(user),
        "own_robots": bool(user.unit_id) and access.can_configure_robots(user, user.unit),
        "review": access.can_see_reviews(user),
        "dashboard": access.can_view_dashboard(user),
        "bulletins": access.can_read_bulletins(user),
        "organisation": permissions.can_manage_organisation(user),
    }


def portal(request):
    """Values every page's layout needs; the unread count and the menu are computed only if
    shown."""
    context = {"demo_mode": settings.DEMO_MODE}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["unread_notifications"] = SimpleLazyObject(
            lambda: user.notifications.unread().count()
        )
        context["menu"] = SimpleLazyObject(lambda: _menu(user))
    return context

from django.conf import settings


def portal(request):
    """Values every page's layout needs."""
    return {"demo_mode": settings.DEMO_MODE}

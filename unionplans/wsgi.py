import logging
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionplans.settings")
application = get_wsgi_application()

if settings.ALLOW_PLAIN_HTTP and not settings.DEBUG:
    from unionplans.security import PLAIN_HTTP_WARNING

    logging.getLogger("unionplans").warning(PLAIN_HTTP_WARNING)

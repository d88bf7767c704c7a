#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionplans.settings")
    # A server's environment always carries its SECRET_KEY (docker-compose.yml, .env): there a
    # command typed by hand reads DEBUG exactly as gunicorn and Celery do (off unless set), so a
    # `collectstatic` in a production shell behaves as the server it is for. Without a
    # SECRET_KEY this is a developer's checkout: development, as `make run` has it, so that
    # `python manage.py makemigrations` works in a fresh clone. (The static files are hashed
    # whatever DEBUG is: unionplans/settings.py, STORAGES.)
    if "SECRET_KEY" not in os.environ:
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)

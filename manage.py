#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionplans.settings")
    # No default for DEBUG here: manage.py reads it from the environment exactly as gunicorn and
    # Celery do (off unless set). A manage.py that defaulted to DEBUG=1 made a `collectstatic`
    # typed in a production shell differ from the server it was for; a command run by hand on a
    # server must behave as the server does. Development sets DEBUG=1 itself (`make run`, the
    # make targets, or `export DEBUG=1` in a developer's shell).
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)

#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionplans.settings")
    # By hand, manage.py is a developer's tool: development settings unless DEBUG says otherwise
    # (production sets DEBUG=0, see docker-compose.yml; the web server never runs through here).
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)

#!/usr/bin/env python
"""Runs Horizon with docker-dashboard from this repository.

    python manage.py runserver 127.0.0.1:8000     # development
    python manage.py collectstatic --noinput       # what the demo does
"""
import os
import sys

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devsite.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)

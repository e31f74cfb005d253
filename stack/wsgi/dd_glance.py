"""gunicorn entry point: ``gunicorn --pythonpath stack/wsgi dd_glance:application``."""
from _bare_argv import bare_argv

with bare_argv():
    from glance.wsgi.api import application  # noqa: E402,F401

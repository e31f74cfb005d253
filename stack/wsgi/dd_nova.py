"""gunicorn entry point: ``gunicorn --pythonpath stack/wsgi dd_nova:application``."""
from _bare_argv import bare_argv

with bare_argv():
    from nova.wsgi.osapi_compute import application  # noqa: E402,F401

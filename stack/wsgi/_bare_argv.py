"""Hide gunicorn's command line from OpenStack applications while they are built.

keystone and nova hand ``sys.argv`` to oslo.config when their WSGI application is
created. Under gunicorn it holds gunicorn's own options, which oslo.config rejects, so
the worker dies and gunicorn restarts it in a loop. Configuration comes from the
``OS_*_CONFIG_DIR`` variables instead.
"""
import contextlib
import sys


@contextlib.contextmanager
def bare_argv():
    saved = sys.argv
    sys.argv = saved[:1]
    try:
        yield
    finally:
        sys.argv = saved

"""Django settings: Horizon's own settings module, fed by devsite/local.

Horizon's settings import `local.local_settings` and process the enabled
files at import time, so the only thing this module does is make our
`local` package the one it finds, then take everything from Horizon.
"""
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from openstack_dashboard.settings import *  # noqa: E402,F401,F403

# gunicorn serves no files: WhiteNoise hands out the collected and
# compressed static files, as a web server would in front of Horizon.
MIDDLEWARE = ("whitenoise.middleware.WhiteNoiseMiddleware",) + tuple(
    m for m in MIDDLEWARE if "whitenoise" not in m)  # noqa: F405

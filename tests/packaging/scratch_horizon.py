"""What the packaging tests share: the repository's paths, a command runner
whose failure shows the command's own output, and the local settings of a
scratch Horizon pointed at the running Keystone."""
import os
import subprocess

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))

# The least a Horizon needs beside its defaults (what an operator's
# local_settings.py, or DevStack's configure_horizon, writes).
LOCAL_SETTINGS = """
ALLOWED_HOSTS = ['testserver', '127.0.0.1']
OPENSTACK_KEYSTONE_URL = '%(keystone)s'
OPENSTACK_KEYSTONE_DEFAULT_ROLE = 'member'
SECRET_KEY = 'packaging-test-only'
SESSION_ENGINE = 'django.contrib.sessions.backends.signed_cookies'
CACHES = {'default': {'BACKEND':
                      'django.core.cache.backends.locmem.LocMemCache'}}
STATIC_ROOT = '%(static)s'
COMPRESS_OFFLINE = True
COMPRESS_ENABLED = True
OPENSTACK_NEUTRON_NETWORK = {'enable_quotas': False}
"""


def local_settings(keystone, static):
    return LOCAL_SETTINGS % {"keystone": keystone, "static": static}


def run(*cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    # The command's own output is what explains a failure here.
    assert result.returncode == 0, "%s failed:\n%s\n%s" % (
        " ".join(cmd), result.stdout[-4000:], result.stderr[-4000:])
    return result

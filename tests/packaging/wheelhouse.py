"""A folder of wheels per Horizon series, so that each test run's fresh Horizon
installs without the network.

pip's HTTP cache stays empty on these machines, so a fresh venv would download
Horizon and its ~100 dependencies on every run. The wheels are fetched once
(`pip wheel`: packages published as sources only are built once too, so
the installs need no build step) and fetched again only when the requirement files or the
Python change; installs then use `--no-index --find-links`.
"""
import fcntl
import hashlib
import os
import subprocess
import sys

PREFIX = os.environ.get("DD_PREFIX", "/opt/docker-dashboard")
# What an editable install (DevStack's setup_develop) builds with, offline.
BUILD_TOOLS = ["setuptools", "wheel"]


def requirement_files(repo, series):
    """What a Horizon of this series with the plugin needs: the plugin's own
    requirements narrowed by the series' pins."""
    return [os.path.join(repo, "requirements.txt"),
            os.path.join(repo, "requirements-horizon%s.txt" % series)]


def ensure(repo, series, python=sys.executable):
    """The wheelhouse folder of this series, filled for its requirements."""
    folder = os.path.join(PREFIX, "wheelhouse", "horizon%s" % series)
    os.makedirs(folder, exist_ok=True)
    files = requirement_files(repo, series)
    digest = hashlib.sha256((sys.version + " ".join(BUILD_TOOLS)).encode())
    for name in files:
        with open(name, "rb") as handle:
            digest.update(handle.read())
    stamp = os.path.join(folder, ".dd-requirements.sha256")
    # Two test runs at once must not fill the same folder together.
    with open(os.path.join(folder, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _read(stamp) != digest.hexdigest():
            cmd = [python, "-m", "pip", "wheel", "-q", "-w", folder,
                   *BUILD_TOOLS]
            for name in files:
                cmd += ["-r", name]
            result = subprocess.run(cmd, capture_output=True, text=True)
            assert result.returncode == 0, "pip wheel failed:\n%s" % (
                result.stderr[-3000:])
            with open(stamp, "w") as handle:
                handle.write(digest.hexdigest())
    return folder


def _read(path):
    try:
        with open(path) as handle:
            return handle.read().strip()
    except FileNotFoundError:
        return None

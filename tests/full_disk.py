"""A small filesystem of a test's own, filled to the last byte: the state
folder's disk full, for the proxy's tests and the fault suite."""
import contextlib
import os
import subprocess
import tempfile


@contextlib.contextmanager
def small_tmpfs(megabytes, prefix="dd-full-"):
    """A tmpfs of `megabytes` mounted on a new folder, unmounted after."""
    folder = tempfile.mkdtemp(prefix=prefix)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dm" % megabytes,
                    "tmpfs", folder], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", folder], check=False)
        os.rmdir(folder)


def fill(folder):
    """Writes a filler file until the disk is full; returns its path."""
    path = os.path.join(folder, "filler")
    subprocess.run(["dd", "if=/dev/zero", "of=" + path, "bs=64k"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return path

"""Memory-backed filesystems of a container: /dev/shm and tmpfs mounts.

Their pages are the host's memory, charged to no limit the proxy sets on
the container's own memory until they are touched, and a tmpfs without a
size gets the kernel's default, half of the host's RAM. So each one gets a
size of at most DD_MAX_TMPFS, written by the proxy: a tmpfs asked without a
size gets the cap itself, and the options string dockerd receives is
rebuilt from an allow-list, so no second `size=`, `nr_blocks=` (a size in
pages) or `size=50%` reaches the kernel.
"""
import re

from docker_dashboard.proxy.rules.errors import refuse
from docker_dashboard.proxy.rules.resources import integer

# dockerd's own default for /dev/shm.
DOCKER_DEFAULT_SHM = 64 * 1024 ** 2
# Mount flags a tmpfs may carry (what `docker run --tmpfs` users write).
FLAGS = frozenset([
    "rw", "ro", "exec", "noexec", "suid", "nosuid", "dev", "nodev", "atime",
    "noatime", "relatime", "norelatime", "strictatime", "nostrictatime",
    "diratime", "nodiratime", "sync", "async", "dirsync"])
# Options with a value that do not change how much memory it may take.
VALUED = frozenset(["mode", "uid", "gid"])
SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024,
              "m": 1024 ** 2, "mb": 1024 ** 2, "mib": 1024 ** 2,
              "g": 1024 ** 3, "gb": 1024 ** 3, "gib": 1024 ** 3}


def parse_size(text, field):
    """A size as `docker run --tmpfs` users write it (`64m`, `1g`, `65536k`,
    bytes) in bytes; anything else (a percentage, a fraction) is refused."""
    match = re.fullmatch(r"(\d+)\s*([a-z]*)", str(text).strip().lower())
    if not match or match.group(2) not in SIZE_UNITS:
        refuse(field, "size %r is not understood" % text)
    return int(match.group(1)) * SIZE_UNITS[match.group(2)]


def capped(size, limits, field):
    """The size to give: the cap when none (0) was asked for."""
    if size < 0 or size > limits.max_tmpfs:
        refuse(field, "a tmpfs may be at most %d bytes" % limits.max_tmpfs)
    return size or limits.max_tmpfs


def shm_size(value, limits, field="HostConfig.ShmSize"):
    """/dev/shm: dockerd's 64 MiB when none is asked, never above the cap."""
    size = integer(value or 0, field)
    if size < 0 or size > limits.max_tmpfs:
        refuse(field, "/dev/shm may be at most %d bytes" % limits.max_tmpfs)
    return size or min(DOCKER_DEFAULT_SHM, limits.max_tmpfs)


def options(text, limits, field="HostConfig.Tmpfs"):
    """The options string of one `HostConfig.Tmpfs` entry, rebuilt: the
    allowed flags and values in their order, then one `size=` in bytes."""
    if not isinstance(text, str):
        refuse(field, "tmpfs options must be a string")
    kept, size = [], 0
    for option in (o.strip() for o in text.split(",")):
        if not option:
            continue
        name, has_value, value = option.partition("=")
        if name == "size" and has_value:
            # The last one is what the kernel would obey: judged alone.
            size = parse_size(value, field)
            if size == 0:
                refuse(field, "size=0 means no limit")
        elif (name in FLAGS and not has_value) or (
                name in VALUED and has_value and re.fullmatch(
                    r"[0-9]+", value)):
            kept.append(option)
        else:
            refuse(field, "tmpfs option %r is not allowed" % option)
    kept.append("size=%d" % capped(size, limits, field))
    return ",".join(kept)

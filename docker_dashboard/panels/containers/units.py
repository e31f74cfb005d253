"""Sizes as a person reads them: memory in MiB or GiB, never bytes."""


def memory_text(mib):
    """`512 MiB`, `2 GiB`, `1.5 GiB`; None or 0 reads as None."""
    if not mib:
        return None
    mib = float(mib)
    if mib >= 1024:
        return "%s GiB" % _trim(mib / 1024)
    return "%s MiB" % _trim(mib)


def _trim(number):
    return ("%.2f" % number).rstrip("0").rstrip(".")

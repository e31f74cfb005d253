"""Paging the container list the way Horizon's tables page an API: by the
id of the last (or first) row shown, so a page stays right while containers
come and go.

Docker lists newest first and can itself cut the list at a container
(`before=` / `since=` filters) and at a count (`limit`), so each page is one
label-filtered list call that carries only that page (plus one row to know
whether there is more), however many containers the project has.
"""


def list_arguments(page_size, marker=None, prev_marker=None):
    """(extra Docker filters, limit) for the one list call of a page."""
    if prev_marker:
        # Everything newer than the first row shown; the page is its tail.
        return {"since": [prev_marker]}, None
    if marker:
        return {"before": [marker]}, page_size + 1
    return {}, page_size + 1


def page_of(rows, page_size, marker=None, prev_marker=None):
    """(page, has_prev, has_more) from the rows that call answered."""
    if prev_marker:
        return rows[-page_size:], len(rows) > page_size, True
    return rows[:page_size], bool(marker), len(rows) > page_size

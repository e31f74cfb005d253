"""Marker paging for the plugin's tables, the way Horizon's tables page an
API: by the id of the last (or first) row shown, so a page stays right
while objects come and go.

Two sources, one helper:
- containers: Docker itself cuts the list at a container (`before=` /
  `since=` filters) and at a count (`limit`), so each page is one
  label-filtered list call carrying only that page plus one row to know
  whether there is more (`list_arguments`, then `page_of`);
- images: Docker cannot cut an image list at a marker, so the list comes
  whole in one call and is cut here (`page_of_whole`).
"""


class MarkerPagedMixin:
    """Put before tables.DataTableView; get_data() sets `_more`/`_prev`
    (Horizon asks about next/previous pages after get_data() ran)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._more = self._prev = False

    def has_more_data(self, table):
        return self._more

    def has_prev_data(self, table):
        return self._prev

    def page_markers(self):
        """(marker, prev_marker) of the page asked for, from the query."""
        meta = self.table._meta
        return (self.request.GET.get(meta.pagination_param),
                self.request.GET.get(meta.prev_pagination_param))


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


def page_of_whole(items, key, page_size, marker=None, prev_marker=None):
    """(page, has_prev, has_more) of a whole list after `marker` or before
    `prev_marker`; an unknown marker (the row is gone) starts over."""
    ids = [key(item) for item in items]
    if prev_marker and prev_marker in ids:
        end = ids.index(prev_marker)
        start = max(0, end - page_size)
    else:
        start = ids.index(marker) + 1 if marker in ids else 0
        end = start + page_size
    return items[start:end], start > 0, end < len(items)

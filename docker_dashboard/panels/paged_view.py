"""Marker paging bookkeeping shared by the plugin's DataTableViews.

Horizon asks a DataTableView whether there are next/previous pages after
get_data() has run; the views record the answer from their paging helper in
`_more`/`_prev`.
"""


class MarkerPagedMixin:
    """Put before tables.DataTableView; get_data() sets `_more`/`_prev`."""

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

"""Paging the image list, fetched whole in one call (Docker cannot cut an
image list at a marker): by the id of the last (or first) row shown, so a
page stays right while images come and go."""


def page_of(items, key, page_size, marker=None, prev_marker=None):
    """(page, has_prev, has_more) of `items` after `marker` or before
    `prev_marker`; an unknown marker (the row is gone) starts over."""
    ids = [key(item) for item in items]
    if prev_marker and prev_marker in ids:
        end = ids.index(prev_marker)
        start = max(0, end - page_size)
    else:
        start = ids.index(marker) + 1 if marker in ids else 0
        end = start + page_size
    return items[start:end], start > 0, end < len(items)

"""The Containers page as a user reads it: the status, how long it took,
and the words Horizon shows in its message boxes."""
import time

import requests

from soak._horizon_load import PAGE, TABLE_MARK, alert_words

RAW_ERRORS = ("HTTPConnectionPool", "Read timed out", "Traceback",
              "Max retries exceeded")


def read(session, base_url, timeout=120, path=PAGE):
    """{status, seconds, rows, words, raw_error} of the Containers page
    (or the panel at `path`)."""
    start = time.monotonic()
    try:
        answer = session.get(base_url + path, timeout=timeout)
    except requests.RequestException as error:
        return {"status": "no answer (%s)" % type(error).__name__,
                "seconds": time.monotonic() - start, "rows": False,
                "words": "", "raw_error": False}
    text = answer.text
    words = alert_words(text)
    return {"status": answer.status_code,
            "seconds": round(time.monotonic() - start, 2),
            "rows": (TABLE_MARK in text or path != PAGE)
            and "data-object-id=" in text,
            "words": words,
            "raw_error": any(raw in text for raw in RAW_ERRORS)}


def wait_ok(session, base_url, seconds=120, path=PAGE):
    """Seconds until the page lists its rows again without a message."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        found = read(session, base_url, timeout=60, path=path)
        if found["status"] == 200 and found["rows"] and not found["words"]:
            return time.monotonic() - start
        time.sleep(0.5)  # polling the page as a user reloading it
    return None

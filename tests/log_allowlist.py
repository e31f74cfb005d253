"""The errors the services may log during a test run: each one a test
causes on purpose (tests/service_logs.py reads the logs; tests/conftest.py
fails the run on any other error).

Each item is (test, pattern, why): `test` is the node-id prefix of the test
that causes it (the error is written during that test), `pattern` a regular
expression searched in the entry (the logged line and its traceback). Keep
it short: a line that shows a bug is fixed, not listed here.
"""

ALLOWED = [
    # alt_demo opens demo's container by its URL: the proxy answers 404 as
    # for a missing container, and Horizon's exceptions.handle() logs every
    # handled NotFound with its traceback before it redirects with the
    # message the test checks.
    ("tests/integration/panels/test_containers_views.py::"
     "test_another_projects_details_are_not_found",
     r"horizon\.exceptions: Not Found: No such container",
     "another project's container is not found"),
]

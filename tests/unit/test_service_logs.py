"""The log check's reading of the stack's log formats: what counts as an
error, what an entry holds, which test it is quoted with, and what the
allow-list lets through."""
import os

from tests import service_logs

HORIZON = """\
WARNING django.request: Not Found: /project/docker_containers/x/
ERROR django.request: Internal Server Error: /project/docker_snapshots/a/
Traceback (most recent call last):
  File "x.py", line 1, in get
    raise TemplateDoesNotExist(name)
django.template.exceptions.TemplateDoesNotExist: snapshots/_form.html
INFO docker_dashboard.x: fine
"""

PROXY = """\
2026-12-01 22:26:38,850 INFO aiohttp.access: 127.0.0.1 "GET /healthz" 200
2026-12-01 22:26:39,001 ERROR aiohttp.server: Error handling request
Traceback (most recent call last):
  File "y.py", line 2, in handle
KeyError: 'Id'
2026-12-01 22:26:39,100 INFO aiohttp.access: 127.0.0.1 "GET /x" 500
"""

OSLO = """\
2026-12-01 22:26:20.939 6581 WARNING keystone.server.flask: Authorization failed
2026-12-01 22:26:21.000 6581 ERROR glance.api Traceback (most recent call last):
2026-12-01 22:26:21.000 6581 ERROR glance.api   File "z.py", line 3
2026-12-01 22:26:21.000 6581 ERROR glance.api ValueError: bad
127.0.0.1 - - [01/Dec/2026:22:28:04 +0000] "POST /v2/images HTTP/1.1" 500 0
[2026-12-01 22:26:43 +0000] [9209] [ERROR] Exception in worker process
"""


def test_a_logged_error_is_one_entry_with_its_traceback():
    entries = service_logs.errors_in("horizon.log", HORIZON)
    assert len(entries) == 1
    assert entries[0].lines[0].startswith("ERROR django.request")
    assert entries[0].lines[-1].startswith(
        "django.template.exceptions.TemplateDoesNotExist")
    assert entries[0].offset == len(HORIZON.splitlines(True)[0])


def test_a_traceback_logged_below_error_is_an_error_too():
    text = "WARNING horizon.x: Not Found: gone\n" \
           "Traceback (most recent call last):\nKeyError: 1\n"
    entries = service_logs.errors_in("horizon.log", text)
    assert [e.lines for e in entries] == [text.splitlines(True)]


def test_each_format_s_level_is_read():
    proxy = service_logs.errors_in("proxy.log", PROXY)
    assert len(proxy) == 1 and proxy[0].lines[-1] == "KeyError: 'Id'\n"
    oslo = service_logs.errors_in("glance.log", OSLO)
    assert [len(e.lines) for e in oslo] == [3, 1]
    assert "[ERROR] Exception in worker" in oslo[1].text


def test_warnings_and_access_lines_are_not_errors():
    text = ("WARNING horizon.x: Recoverable error: refused\n"
            "127.0.0.1 - - [01/Dec/2026:22:28:04 +0000] \"GET /ERROR\" 200\n"
            "2026-12-01 22:26:38,850 INFO x: the word ERROR in a message\n")
    assert service_logs.errors_in("proxy.log", text) == []


def test_errors_are_read_from_where_the_run_began_and_given_their_test(
        tmp_path):
    log = tmp_path / "proxy.log"
    log.write_text(PROXY)        # written before the run: not the run's
    watch = service_logs.Watch(str(tmp_path))
    with open(log, "a") as f:
        f.write("2026-12-01 22:27:00,000 INFO x: quiet\n")
    watch.mark("tests/a.py::test_one")
    with open(log, "a") as f:
        f.write("2026-12-01 22:27:01,000 ERROR x: broke\n")
    watch.mark("tests/a.py::test_two")
    entries = watch.entries()
    assert [(e.log, e.test, e.text) for e in entries] == [
        ("proxy.log", "tests/a.py::test_one",
         "2026-12-01 22:27:01,000 ERROR x: broke\n")]
    assert entries[0].offset == os.path.getsize(log) - len(entries[0].text)


def test_the_allow_list_covers_its_test_only():
    entry = service_logs.errors_in("horizon.log", HORIZON)[0]
    entry.test = "tests/integration/test_x.py::test_y"
    allowed = [("tests/integration/test_x.py::test_y",
                "TemplateDoesNotExist", "on purpose")]
    assert service_logs.unexpected([entry], allowed) == []
    entry.test = "tests/integration/test_x.py::test_z"
    assert service_logs.unexpected([entry], allowed) == [entry]
    assert "during tests/integration/test_x.py::test_z" in \
        service_logs.report([entry])


def test_a_traceback_ends_at_its_exception_line():
    text = ("Internal Server Error: /x/\n"
            "Traceback (most recent call last):\n"
            "  File \"a.py\", line 1, in f\n"
            "KeyError: 1\n"
            "Call to list enabled services failed.\n")
    entries = service_logs.errors_in("horizon.log", text)
    assert [e.lines for e in entries] == [text.splitlines(True)[:4]]


def test_chained_tracebacks_are_one_entry():
    text = ("ERROR horizon.exceptions: Not Found: gone\n"
            "Traceback (most recent call last):\n"
            "  File \"a.py\", line 1, in f\n"
            "KeyError: 1\n"
            "\n"
            "During handling of the above exception, another exception "
            "occurred:\n"
            "\n"
            "Traceback (most recent call last):\n"
            "  File \"b.py\", line 2, in g\n"
            "NotFound: gone\n"
            "WARNING django.request: Not Found: /x/\n")
    entries = service_logs.errors_in("horizon.log", text)
    assert [e.lines for e in entries] == [text.splitlines(True)[:-1]]


def test_a_long_traceback_is_quoted_with_the_projects_own_frames():
    frames = "".join('  File "/venv/site-packages/x%d.py", line 1, in f\n'
                     "    call()\n" % n for n in range(10))
    text = ("ERROR horizon.exceptions: Not Found: gone\n"
            "Traceback (most recent call last):\n" + frames +
            '  File "/work/main/docker_dashboard/views.py", line 9, in get\n'
            "    container_get()\n" + frames + "NotFound: gone\n")
    quote = service_logs.errors_in("horizon.log", text)[0].quote()
    assert "docker_dashboard/views.py\", line 9" in quote
    assert "container_get()" in quote
    assert "x3.py" not in quote
    assert quote.splitlines()[0].strip().startswith("ERROR horizon")
    assert quote.splitlines()[-1].strip() == "NotFound: gone"

"""The state database stops answering: the proxy says so (503, in words)
instead of deciding without its record, and serves again, without a
restart, once the database is back."""
import requests

from tests import stack
from tests.mariadb import own_mariadb


def images(url, user):
    return requests.get(url + "/v1.41/images/json", timeout=60,
                        headers={"X-Auth-Token": stack.token(user)})


def test_a_stopped_database_answers_503_then_recovers(tmp_path):
    with own_mariadb() as server:
        database = server.new_database()
        with stack.own_proxy(DD_DATABASE_URL=database,
                             DD_PROXY_STATE=tmp_path) as (_, url):
            assert images(url, "demo").status_code == 200
            server.stop()
            answer = images(url, "demo")
            assert answer.status_code == 503
            assert answer.json()["message"] == (
                "The proxy's state database is not reachable")
            # The liveness probe does not depend on it.
            assert requests.get(url + "/healthz", timeout=10).ok
            server.start()
            answer = images(url, "demo")
            assert answer.status_code == 200, answer.text

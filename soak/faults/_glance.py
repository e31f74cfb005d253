"""The proxy's Glance transfers as a user drives them (start a task, read
its progress), and what Glance holds afterwards."""
import time

import requests

from tests import stack

GLANCE = "http://127.0.0.1:9292"


def headers():
    return {"X-Auth-Token": stack.token("demo")}


def start(proxy_url, path, body=None):
    answer = requests.post(proxy_url + path, json=body or {},
                           headers=headers(), timeout=60)
    if answer.status_code != 202:
        raise RuntimeError("%s answered %s: %s" % (path, answer.status_code,
                                                   answer.text[:300]))
    return answer.json()


def task(proxy_url, task_id):
    """The task as the panel reads it, or {"Status": "HTTP nnn"}."""
    try:
        answer = requests.get("%s/dd/tasks/%s" % (proxy_url, task_id),
                              headers=headers(), timeout=30)
    except requests.RequestException as error:
        return {"Status": "no answer", "Error": repr(error)}
    if answer.status_code != 200:
        return {"Status": "HTTP %s" % answer.status_code,
                "Error": answer.text[:200]}
    return answer.json()


def wait_progress(proxy_url, task_id, at_least, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = task(proxy_url, task_id)
        if found.get("Status") != "running":
            raise RuntimeError("the task ended before the fault: %s" % found)
        if found.get("Progress", 0) >= at_least:
            return found
        time.sleep(0.05)  # polling the task as the panel does
    raise RuntimeError("the task made no progress")


def wait_done(proxy_url, task_id, timeout=300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = task(proxy_url, task_id)
        if found.get("Status") != "running":
            return found
        time.sleep(0.2)  # polling the task as the panel does
    return task(proxy_url, task_id)


def image(image_id):
    answer = requests.get("%s/v2/images/%s" % (GLANCE, image_id),
                          headers=headers(), timeout=30)
    return answer.json() if answer.status_code == 200 else None


def delete(image_id):
    requests.delete("%s/v2/images/%s" % (GLANCE, image_id),
                    headers=headers(), timeout=30)


def unfinished(image_id, seconds=20):
    """The Glance image if it is still there and not active after
    `seconds` (time for the proxy's own clean-up), else None."""
    deadline = time.monotonic() + seconds
    while True:
        found = image(image_id)
        if found is None or found.get("status") == "active":
            return None
        if time.monotonic() > deadline:
            return found
        time.sleep(0.5)  # waiting for the proxy's clean-up

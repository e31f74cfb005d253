"""A requests session logged in to the running Horizon, as a browser is."""
import re

import requests

from tests import stack


def login(user):
    session = requests.Session()
    page = session.get(stack.HORIZON_URL + "/auth/login/", timeout=60)
    page.raise_for_status()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                      page.text).group(1)
    answer = session.post(
        stack.HORIZON_URL + "/auth/login/",
        data={"csrfmiddlewaretoken": token, "username": user,
              "password": stack.USERS[user][0], "region": "default"},
        headers={"Referer": stack.HORIZON_URL + "/auth/login/"}, timeout=60)
    answer.raise_for_status()
    if "/auth/login" in answer.url:
        raise RuntimeError("could not log in to Horizon as %s" % user)
    return session


def csrf_token(session, html):
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else session.cookies.get("csrftoken")

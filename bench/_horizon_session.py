"""A requests session logged in to the running Horizon, as a browser is."""
import re


from tests import stack


def login(user):
    return stack.horizon_session(user)


def csrf_token(session, html):
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else session.cookies.get("csrftoken")

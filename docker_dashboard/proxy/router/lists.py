"""The container list of every host as one.

This host's dockerd is asked with the caller's scoped filters (as the
single-host route does) while every peer is asked at once with the caller's
own request (its token, its query) and X-DD-Local: each host scopes its
own answer. The lists are merged as Docker orders one (newest created
first) and `limit` is applied to the merge. A host that fails is left out
and named in X-DD-Unavailable-Hosts; the page still lists the others.

Each row's host is remembered (object_hosts) so that a later call for the
container goes straight there; rows already remembered by this process are
not written again, so a list costs no database write once its hosts are
known.
"""
import asyncio
import json
import logging

import aiohttp

from docker_dashboard.proxy import guard
from docker_dashboard.proxy.engine import EngineUnavailable
from docker_dashboard.proxy.router import forward
from docker_dashboard.proxy.router import peers
from docker_dashboard.proxy.routing import docker_json
from docker_dashboard.proxy.rules import deadlines
from docker_dashboard.proxy.rules import filters
from docker_dashboard.proxy.rules import hosts as rules
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.state import database

LOG = logging.getLogger(__name__)

# Seconds a host has to answer its part of a merged list before it is left
# out and named: well under the time Horizon gives a page's list
# (DOCKER_DASHBOARD['page_timeout'], 5 s), so one hung host costs the page
# its containers, not the page. A host lists thousands of containers in
# well under a second.
PEER_LIST_SECONDS = 3.0
# Container ids whose host this process has recorded: a bound keeps a
# churning cloud from growing it without end (it is emptied when full, and
# the next lists record their rows again).
KNOWN_MAX = 100000


class EveryHost:
    """What every host answered to one list: `answers` as (host name,
    answer) for those that did, `unavailable` the names of those that did
    not, and `refusal` (status, body) when this host's dockerd refused the
    list itself (bad filters, say), which is then the caller's answer."""

    def __init__(self):
        self.answers, self.unavailable, self.refusal = [], [], None


async def every_host(request, path, local_params, kind, peer_query=None):
    """This host's dockerd asked `path` with `local_params` (the caller's
    scope in it) and every peer up asked the caller's own request at once
    (`peer_query` in place of its query, when given); a host that fails is
    left out and named. No host answering at all is this host's outage."""
    app = request.app
    others, down = app["peers"].up()
    local = asyncio.ensure_future(_local(request, path, local_params))
    remote = [asyncio.ensure_future(
        ask_peer(request, host, path, kind, peer_query)) for host in others]
    try:
        local_status, local_answer = await local
        remote_answers = await asyncio.gather(*remote)
    finally:
        for task in [local] + remote:
            task.cancel()
    found = EveryHost()
    if local_status not in (200, None):
        found.refusal = local_status, local_answer
        return found
    found.unavailable = [host.name for host in down]
    if local_status is None:
        found.unavailable.append(app["config"].host_name)
    else:
        found.answers.append((app["config"].host_name, local_answer))
    for host, answer in zip(others, remote_answers):
        if answer is None:
            found.unavailable.append(host.name)
        else:
            found.answers.append((host.name, answer))
    if not found.answers:
        # No host answered, this one included: as a single host would.
        raise EngineUnavailable("no Docker host answered")
    return found


def with_unavailable(out, unavailable):
    """The answer `out`, naming the hosts that did not answer."""
    if unavailable:
        out.headers[rules.UNAVAILABLE_HEADER] = rules.unavailable_value(
            unavailable)
    return out


async def merged(request, local_params):
    app = request.app
    limit = rules.list_limit(request.query)
    parsed = filters.parse_filters(request.query.get("filters"))
    marker = rules.list_marker(parsed)
    peer_query = None
    if marker is not None:
        # A page after (or before) a container: only its host's dockerd
        # knows it, so every host lists whole and the merge is cut there.
        local_params, peer_query = _whole_lists(request, local_params,
                                                rules.without_marker(parsed))
    found = await every_host(request, "/containers/json", local_params,
                             list, peer_query)
    if found.refusal is not None:
        return docker_json(found.refusal[1], status=found.refusal[0])
    lists = []
    for host_name, rows in found.answers:
        lists.append(rows)
        _learn(app, host_name, rows)
    if marker is None:
        rows = rules.merge_lists(lists, limit)
    else:
        rows = rules.cut_at_marker(rules.merge_lists(lists), *marker,
                                   limit=limit)
        if rows is None:
            # The marker container is gone (or never was the caller's).
            raise Refused(404, "No such container: %s" % marker[1])
    return with_unavailable(docker_json(rows), found.unavailable)


async def _local(request, path, params):
    """(status, answer) of this host's dockerd; (None, None) when it is
    away (the other hosts are still listed)."""
    try:
        return await request.app["engine"].json("GET", path, params=params)
    except EngineUnavailable as error:
        LOG.warning("dockerd unavailable for a merged %s: %s", path, error)
        return None, None


def _whole_lists(request, local_params, without_marker):
    """(this host's params, the other hosts' query) for every container of
    the list: no paging filter, no limit."""
    raw = json.dumps(without_marker, sort_keys=True)
    local = [(k, v) for k, v in local_params.items()
             if k not in ("filters", "limit")]
    local.append(("filters", guard.scope(request, raw)))
    peer = [(k, v) for k, v in request.query.items()
            if k not in ("filters", "limit")]
    peer.append(("filters", raw))
    return local, peer


async def ask_peer(request, host, path, kind, query=None, method="GET"):
    """The host's decoded answer (a `kind`, list or dict) to the caller's
    list request `path` (with `query` in place of the caller's, when
    given; a prune is a POST), or None when it failed or answered anything
    else."""
    app = request.app
    config = app["config"]
    session = app["peers"].session
    deadline = deadlines.for_engine_call(method, path, request.query,
                                         config.docker_timeout)

    async def ask():
        url = forward.url_of(host, request)
        if query is not None:
            url = url.with_query(query)
        async with session.request(
                method, url,
                headers=rules.forwarded_headers(request.headers)) as resp:
            return resp.status, await resp.read()
    try:
        if deadline.while_alive:
            status, body = await peers.while_up(
                session, host, ask(), deadline.seconds)
        else:
            async with asyncio.timeout(min(deadline.seconds,
                                           PEER_LIST_SECONDS)):
                status, body = await ask()
    except (asyncio.TimeoutError, aiohttp.ClientError, OSError) as exc:
        app["peers"].failed(host, peers.describe(exc))
        return None
    try:
        answer = json.loads(body) if status == 200 else None
    except ValueError:
        answer = None
    if not isinstance(answer, kind):
        app["peers"].failed(host, "it answered %s to a list" % status)
        return None
    app["peers"].answered(host)
    return answer


def _learn(app, host_name, rows):
    known = app["peers"].known_hosts
    new = {row["Id"]: host_name for row in rows
           if isinstance(row, dict) and isinstance(row.get("Id"), str)
           and known.get(row["Id"]) != host_name}
    if not new:
        return
    if len(known) + len(new) > KNOWN_MAX:
        known.clear()
    try:
        app["hosts"].remember_all("container", new)
    except database.Unavailable as error:
        # Only a shortcut for later calls (they ask every host instead).
        LOG.warning("the hosts of listed containers cannot be recorded: %s",
                    error.orig)
        return
    known.update(new)

"""A prune through the routing endpoint prunes the caller's project on
every host, as `docker container prune` on one daemon prunes all of it.

This host prunes its own first (the single-host route, with its Placement
releases); then every peer up is sent the caller's own request at once, with
X-DD-Local (each host scopes the prune to the caller's project and releases
its own allocations). The answers are merged into one (rules/hosts.py); a
host that did not answer is named in X-DD-Unavailable-Hosts, and what it
holds is left as it was.
"""
import asyncio

from docker_dashboard.proxy.router import find
from docker_dashboard.proxy.router import lists
from docker_dashboard.proxy.routing import docker_json
from docker_dashboard.proxy.rules import hosts as rules


async def answer(request, deleted_key, prune_here):
    """The answer to a prune: every host's on a proxy with peers (unless
    the caller asked for this host's alone), else this host's own."""
    if find.routes(request):
        return await merged(request, deleted_key, prune_here)
    status, answer_here = await prune_here()
    return docker_json(answer_here, status=status)


async def merged(request, deleted_key, prune_here):
    """The answer to a prune on a proxy with peers: `prune_here()` is this
    host's own prune, (status, answer); `deleted_key` names the answer's
    list of what went ("ContainersDeleted", "VolumesDeleted")."""
    app = request.app
    # This host first: a prune its dockerd refuses (bad filters) is the
    # caller's answer, and no other host is asked to do it.
    status, answer = await prune_here()
    if status != 200:
        return docker_json(answer, status=status)
    others, down = app["peers"].up()
    remote_answers = await asyncio.gather(*(lists.ask_peer(
        request, host, request.path, dict, method="POST") for host in others))
    unavailable = [host.name for host in down]
    answers = [answer]
    for host, found in zip(others, remote_answers):
        if found is None:
            unavailable.append(host.name)
        else:
            answers.append(found)
    return lists.with_unavailable(
        docker_json(rules.merge_prunes(answers, deleted_key)), unavailable)

"""Finding a host that holds an image the caller may see.

The hosts recorded for the image (when the caller named it by its whole
id) are asked first; else every host at once. Each is asked with the
caller's own token and X-DD-Local, so it is that host's proxy that decides
whether the caller may see the image: another project's image is missing
everywhere, exactly as on one host.
"""
import asyncio

from docker_dashboard.proxy.rules import delivery as rules


async def find(delivery, token, ref, leave_out):
    """(host, its inspect answer) of a host other than `leave_out` whose
    proxy shows the caller the image `ref`, or (None, None)."""
    hosts = [h for h in delivery.every_host() if h.name != leave_out]
    image_id = rules.full_id(ref)
    if image_id is not None:
        by_name = {h.name: h for h in hosts}
        for name in delivery.image_hosts.holders(image_id):
            host = by_name.get(name)
            if host is None:
                continue
            body = await delivery.inspect(host, token, ref)
            if body is not None:
                return host, body
            # Gone from that host (or never reachable by this caller, in
            # which case another caller's delivery records it again).
            delivery.image_hosts.forget(image_id, name)
    return await first_holder(delivery, hosts, token, ref)


async def first_holder(delivery, hosts, token, ref, wanted=None):
    """Every host asked at once; the first whose answer passes `wanted`
    (any answer when None) wins, the other questions are dropped."""
    async def ask(host):
        return host, await delivery.inspect(host, token, ref)

    asked = [asyncio.ensure_future(ask(host)) for host in hosts]
    try:
        for done in asyncio.as_completed(asked):
            host, body = await done
            if body is not None and (wanted is None or wanted(body)):
                return host, body
        return None, None
    finally:
        for job in asked:
            job.cancel()
        await asyncio.gather(*asked, return_exceptions=True)

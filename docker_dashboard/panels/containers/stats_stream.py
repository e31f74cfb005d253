"""Live stats as server-sent events.

The browser opens one EventSource; this view reads the proxy's
`stats?stream=1` (one sample a second, pushed by Docker) and forwards a small
summary of each. The stream is bounded: after MAX_SAMPLES it says "end" and
the page offers to resume, so an open tab never holds a worker for ever.
"""
import json

from django import http
from django.views import generic

from docker_dashboard.api import docker_proxy

MAX_SAMPLES = 60


def summarize(sample):
    """CPU %, memory, and cumulative network and block I/O bytes from one
    Docker stats sample (the same arithmetic as `docker stats`)."""
    cpu = sample.get("cpu_stats") or {}
    precpu = sample.get("precpu_stats") or {}
    cpu_delta = ((cpu.get("cpu_usage") or {}).get("total_usage", 0)
                 - (precpu.get("cpu_usage") or {}).get("total_usage", 0))
    system_delta = (cpu.get("system_cpu_usage", 0)
                    - precpu.get("system_cpu_usage", 0))
    online = cpu.get("online_cpus") or len(
        (cpu.get("cpu_usage") or {}).get("percpu_usage") or []) or 1
    cpu_percent = (cpu_delta / system_delta * online * 100.0
                   if system_delta > 0 and cpu_delta > 0 else 0.0)
    memory = sample.get("memory_stats") or {}
    details = memory.get("stats") or {}
    # Page cache is not the container's own use (docker stats subtracts it).
    cache = details.get("inactive_file", details.get("cache", 0))
    used = max(memory.get("usage", 0) - cache, 0)
    rx = tx = 0
    for net in (sample.get("networks") or {}).values():
        rx += net.get("rx_bytes", 0)
        tx += net.get("tx_bytes", 0)
    read = write = 0
    blkio = (sample.get("blkio_stats") or {}).get(
        "io_service_bytes_recursive") or []
    for entry in blkio:
        op = (entry.get("op") or "").lower()
        if op == "read":
            read += entry.get("value", 0)
        elif op == "write":
            write += entry.get("value", 0)
    return {"time": sample.get("read"), "cpu": round(cpu_percent, 2),
            "mem": used, "mem_limit": memory.get("limit", 0),
            "net_rx": rx, "net_tx": tx, "blk_read": read, "blk_write": write}


def events(samples, limit=MAX_SAMPLES):
    """Server-sent event text for each summarized sample, then "end"."""
    count = 0
    try:
        for sample in samples:
            yield "data: %s\n\n" % json.dumps(summarize(sample))
            count += 1
            if count >= limit:
                break
    except Exception as exc:
        message = getattr(exc, "message", None) or "stats unavailable"
        yield "event: failure\ndata: %s\n\n" % json.dumps(message)
    yield "event: end\ndata: {}\n\n"


class StatsEventsView(generic.View):
    def get(self, request, container_id):
        samples = docker_proxy.container_stats_stream(request, container_id)
        response = http.StreamingHttpResponse(
            events(samples), content_type="text/event-stream")
        response["Cache-Control"] = "no-cache"
        # Ask any buffering front proxy to pass events on as they come.
        response["X-Accel-Buffering"] = "no"
        return response

"""dockerd's JSON progress streams (pull, push, build) read into a task.

A `ProgressTap` is given each chunk of the answer on its way to the caller
(transport.forward's `tap`): it never changes the stream, it only counts.
Pull and push: per-layer `progressDetail` bytes, summed over the layers
seen so far. Build: the classic builder's "Step n/m". The stream says how
it ended: an `error` line, or the line each kind ends a success with (a
pull's "Status: ...", a push's digest, a build's image id).
"""
import re

from docker_dashboard.proxy.streams.json_messages import JsonMessages

STEP = re.compile(r"^Step (\d+)/(\d+) : ")
# A layer's line that says it is all there, whatever its progress said.
LAYER_DONE = ("Download complete", "Pull complete", "Already exists",
              "Pushed", "Layer already exists", "Mounted from")


class ProgressTap:
    def __init__(self, task):
        self.task = task
        self.error = None
        self.ended = False
        self._split = JsonMessages()
        self._layers = {}

    def __call__(self, chunk):
        before = self.task.done_bytes, self.task.total_bytes
        for message in self._split.feed(chunk):
            self._read(message)
        done = sum(d for d, _ in self._layers.values())
        total = sum(t for _, t in self._layers.values())
        if self._layers and (done, total) != before:
            self.task.set_progress(done, total)

    def _read(self, message):
        error = message.get("error") or (message.get("errorDetail") or {}
                                         ).get("message")
        if error:
            self.error = str(error)
            return
        if set(message) == {"message"}:
            # Not a progress stream: dockerd refused before it began.
            self.error = str(message["message"])
            return
        self._layer(message)
        self._end(message)

    def _layer(self, message):
        layer, status = message.get("id"), message.get("status") or ""
        detail = message.get("progressDetail") or {}
        if not layer:
            return
        if status in ("Downloading", "Pushing") and detail.get("total"):
            self._layers[layer] = (int(detail.get("current") or 0),
                                   int(detail["total"]))
        elif status.startswith(LAYER_DONE) and layer in self._layers:
            total = self._layers[layer][1]
            self._layers[layer] = (total, total)

    def _end(self, message):
        """Overridden by each kind: notes what says it ended well."""


class PullTap(ProgressTap):
    def _end(self, message):
        if str(message.get("status") or "").startswith("Status: "):
            self.ended = True


class PushTap(ProgressTap):
    def _end(self, message):
        aux = message.get("aux")
        if isinstance(aux, dict) and aux.get("Digest"):
            self.ended = True
            self.task.result["digest"] = aux["Digest"]


class BuildTap(ProgressTap):
    def _end(self, message):
        aux = message.get("aux")
        if isinstance(aux, dict) and isinstance(aux.get("ID"), str):
            self.ended = True
            self.task.result["image_id"] = aux["ID"]
        step = STEP.match(str(message.get("stream") or ""))
        if step:
            # Steps, not bytes: the row's counters say how far it is.
            self.task.set_progress(int(step.group(1)) - 1,
                                   int(step.group(2)))


def conclude(task, tap, status=200, **result):
    """Ends a tracked task as its stream said; one cut short is left
    running for TaskRegistry.done to fail with its reason."""
    tap(b"\n")  # a last line without its newline (a small JSON answer)
    if status >= 400 or tap.error:
        task.fail(tap.error or "dockerd answered %s" % status)
    elif tap.ended:
        task.succeed(**result)


class StreamFailed(Exception):
    """A stream the proxy read itself (a retried pull or push) failed."""


async def drain(resp, tap, chunks):
    """Reads a whole progress stream (`chunks`, the body of `resp`) into
    `tap`; raises when it failed."""
    if resp.status >= 400:
        tap(await resp.read() + b"\n")
        raise StreamFailed(tap.error or "dockerd answered %s" % resp.status)
    async for chunk in chunks:
        tap(chunk)
    tap(b"\n")
    if tap.error:
        raise StreamFailed(tap.error)
    if not tap.ended:
        raise StreamFailed("dockerd's answer ended before the work did")

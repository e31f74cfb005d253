"""`docker load` with the archive the proxy wrote, streamed to dockerd.

Both loads (`POST /images/load` and a Glance load) pass their bytes through
`rules.archive.rewrite.ArchiveRewrite` on the way to dockerd: dockerd reads
only the proxy's archive, chunk by chunk, and the decision on its tags is
taken once the caller's archive has been read to its end, before the last
bytes (the held-back byte, the proxy's manifest and the end marker) go. A
refusal cuts the request there, so dockerd sees a truncated tar and loads
nothing; the refusal is what the caller is answered.
"""
from docker_dashboard.proxy.rules.archive.rewrite import ArchiveRewrite

HEADERS = {"Content-Type": "application/x-tar"}


class RewrittenBody:
    """The body to send to dockerd is `stream()`. `check_input()`, when
    given, is awaited once the caller's bytes ended (a checksum over them),
    then `decide(plan)` once the archive was read; either raises to refuse.
    After the request, `raise_refusal()` re-raises what stopped the body
    (aiohttp reports a failed body as a connection error of its own)."""

    def __init__(self, chunks, max_bytes, decide, check_input=None):
        self.rewrite = ArchiveRewrite(max_bytes)
        self._chunks = chunks
        self._decide = decide
        self._check_input = check_input
        self.error = None
        self.passed = False

    @property
    def plan(self):
        return self.rewrite.plan

    async def stream(self):
        rewrite = self.rewrite
        try:
            async for chunk in self._chunks:
                for piece in rewrite.feed_pieces(chunk):
                    yield piece
            if self._check_input is not None:
                await self._check_input()
            out = rewrite.finish()
            if out:
                yield out
            await self._decide(rewrite.plan)
        except BaseException as exc:
            self.error = exc
            raise
        self.passed = True
        yield rewrite.closing()

    def raise_refusal(self):
        if self.error is not None:
            raise self.error

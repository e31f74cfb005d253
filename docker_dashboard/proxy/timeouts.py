"""A service the proxy called did not answer within its deadline.

The app's `refusals` middleware answers it with 504 and the sentence below,
which names the service and the bound and nothing of the request: no URL,
no header, so never a token.
"""
import asyncio

DOCKER = "The Docker daemon"
KEYSTONE = "Keystone"
GLANCE = "Glance"


def _seconds(value):
    return ("%d" % value) if float(value).is_integer() else ("%g" % value)


class DeadlinePassed(Exception):
    """`service` did not answer within `seconds`."""

    def __init__(self, service, seconds):
        self.service = service
        self.seconds = seconds
        super().__init__(self.sentence)

    @property
    def sentence(self):
        return "%s did not answer within %s s" % (self.service,
                                                   _seconds(self.seconds))


async def idle_bounded(chunks, seconds, error):
    """`chunks` (an async iterator) passed on, with at most `seconds` of
    silence between two of them (None: no bound); past it, `error()` is
    raised. Bounds a silence, never the length of the whole."""
    iterator = chunks.__aiter__()
    while True:
        try:
            if seconds is None:
                chunk = await iterator.__anext__()
            else:
                async with asyncio.timeout(seconds):
                    chunk = await iterator.__anext__()
        except StopAsyncIteration:
            return
        except asyncio.TimeoutError as exc:
            raise error() from exc
        yield chunk

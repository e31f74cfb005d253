"""Pure (no I/O) parsers for the log and console streams of dockerd.

Kept free of aiohttp and Django so they can be tested byte by byte.
"""

from docker_dashboard.proxy.streams.frames import (  # noqa: F401
    Chunk, FrameDecoder, FrameError, RawDecoder, make_decoder)
from docker_dashboard.proxy.streams.lines import (  # noqa: F401
    DEFAULT_MAX_LINE_BYTES, LineAssembler, LogLine)
from docker_dashboard.proxy.streams.logs import LogStreamError, LogStreamParser  # noqa: F401
from docker_dashboard.proxy.streams.resume import ResumeFilter  # noqa: F401
from docker_dashboard.proxy.streams.timestamps import (  # noqa: F401
    docker_since, split_timestamp, timestamp_ns)

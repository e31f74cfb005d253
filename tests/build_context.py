"""A Docker build context holding only a Dockerfile, as tests and
benchmarks send it to `POST /build`."""
import io
import tarfile


def dockerfile_context(dockerfile):
    """The tar bytes of a context whose only file is this Dockerfile."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        data = dockerfile.encode()
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()

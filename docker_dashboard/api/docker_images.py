"""Images through the docker proxy: list, pull, build, tag, push, remove, and
the proxy's layer analysis (its /dd/ endpoints).

Functions take `request` first, like the rest of `docker_dashboard.api`;
streaming ones return generators of the proxy's decoded JSON progress
objects, which the views pass on to the browser as they come.
"""
from concurrent import futures

from docker_dashboard.api import docker_proxy
from docker_dashboard.api.docker_proxy import _call
from docker_dashboard.api.docker_proxy import client
from docker_dashboard.api.wrappers import Image

# Inspects of the shown page's images run side by side (layer counts).
INSPECT_WORKERS = 8


def image_list(request, reference=None):
    """The project's and the public images, each with how many of the
    project's containers use it: one images call and one containers call."""
    api = client(request)
    filters = {"reference": [reference]} if reference else None
    rows = _call(api.images, filters=filters)
    using = {}
    for container in _call(api.containers, all=True):
        image_id = container.get("ImageID")
        using[image_id] = using.get(image_id, 0) + 1
    return [Image(row, using.get(row["Id"], 0)) for row in rows]


def add_layer_counts(request, images):
    """Fills `layer_count` of the given (already paged) rows from their
    inspect answers, in parallel: the list call does not carry it."""
    api = client(request)

    def count(image):
        try:
            detail = _call(api.inspect_image, image.id)
        except Exception:
            return None
        return len((detail.get("RootFS") or {}).get("Layers") or [])
    with futures.ThreadPoolExecutor(INSPECT_WORKERS) as pool:
        for image, layers in zip(images, pool.map(count, images)):
            image.layer_count = layers
    return images


def image_get(request, image_id):
    """One image, inspected: `image["Id"]`, `image.name`, `image.tags`."""
    return Image(_call(client(request).inspect_image, image_id))


def image_tag(request, image_id, repository, tag):
    _call(client(request).tag, image_id, repository, tag or "latest")


def image_delete(request, image_id):
    _call(client(request).remove_image, image_id)


def _progress(stream_factory):
    """The proxy's progress objects, errors translated like every call."""
    stream = _call(stream_factory)
    while True:
        try:
            yield next(stream)
        except StopIteration:
            return
        except Exception as exc:
            raise docker_proxy._translate(exc) from exc


def image_pull(request, repository, tag):
    """Progress of `docker pull`: {"id": layer, "status", "progressDetail"}."""
    api = client(request)
    return _progress(lambda: api.pull(repository, tag=tag or "latest",
                                      stream=True, decode=True))


def image_push(request, repository, tag):
    """Progress of `docker push`: per layer {"id", "status",
    "progressDetail"}, then {"aux": {"Tag", "Digest", "Size"}}; a registry
    failure arrives as an {"error"} object inside the stream."""
    api = client(request)
    return _progress(lambda: api.push(repository, tag=tag or "latest",
                                      stream=True, decode=True))


def image_build(request, context, tag, buildargs=None, gzipped=False,
                dockerfile=None):
    """Build output objects ({"stream": text}, {"aux": {"ID": ...}},
    {"error": ...}) of the classic builder, for a tar (or tar.gz) context."""
    api = client(request)
    return _progress(lambda: api.build(
        fileobj=context, custom_context=True, tag=tag, rm=True, forcerm=True,
        buildargs=buildargs or None, dockerfile=dockerfile or None,
        encoding="gzip" if gzipped else None, decode=True))


# -- the proxy's layer analysis -----------------------------------------------

def _dd_get(request, pathfmt, *args, params=None):
    api = client(request)
    # An analysis reads the whole image the first time: an action's
    # deadline, not a page read's (the proxy still gives up on a hung
    # daemon, DD_DOCKER_TIMEOUT).
    return _call(api.proxy_json, "GET", pathfmt, *args, timeout=api.timeout,
                 params=params)


def image_layers(request, image_id):
    """Layers (command, size, created, digest), efficiency, wasted bytes and
    the top wasting files."""
    return _dd_get(request, "/dd/images/{0}/layers", image_id)


def image_tree(request, image_id, layer, path="/", aggregate=False):
    """One folder of one layer (aggregate: of everything up to it)."""
    return _dd_get(request, "/dd/images/{0}/layers/{1}/tree", image_id,
                   str(layer), params={"path": path,
                                       "aggregate": int(bool(aggregate))})


def image_compare(request, image_a, image_b):
    return _dd_get(request, "/dd/images/compare",
                   params={"a": image_a, "b": image_b})

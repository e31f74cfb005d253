"""An image with a large layer of random bytes, committed through the
proxy as demo: big enough that an export, a load or a pull is still running
when a test stops a service under it."""
import uuid



def commit(client, repository, megabytes, tag="big"):
    """Commits a container that wrote `megabytes` of random data; returns
    the image id. The container is removed whatever happens."""
    container = client.create_container(
        "busybox:latest", name="%s-src-%s" % (repository.rsplit("/", 1)[-1],
                                              uuid.uuid4().hex[:6]),
        command="sh -c 'dd if=/dev/urandom of=/big bs=1M count=%d'"
        % megabytes,
        host_config=client.create_host_config(mem_limit=128 * 1024 ** 2,
                                              nano_cpus=1000000000))
    try:
        client.start(container)
        assert client.wait(container)["StatusCode"] == 0
        return client.commit(container, repository=repository,
                             tag=tag)["Id"]
    finally:
        client.remove_container(container, force=True)

"""Which Docker host holds which image: rows of (image id, host name).

Written by the host that got the image (a delivery, a load, a pull, a build
or a commit made through its proxy) and read by the proxy that must send
the image to a host lacking it (proxy/delivery/). A row can outlive the
image (removed on the daemon directly): whoever reads it asks the host
before trusting it, and forgets the row when the host says no.
"""
import sqlalchemy as sa

from docker_dashboard.proxy.state import upsert
from docker_dashboard.proxy.state.schema import image_hosts as table


class ImageHosts:
    def __init__(self, engine):
        self._engine = engine

    def add(self, image_id, host):
        with self._engine.begin() as connection:
            upsert.insert_if_absent(connection, table,
                                    {"image_id": image_id, "host": host})

    def holders(self, image_id):
        """The names of the hosts recorded as holding `image_id`."""
        with self._engine.connect() as connection:
            return [row[0] for row in connection.execute(
                sa.select(table.c.host).where(table.c.image_id == image_id)
                .order_by(table.c.host))]

    def held_by(self, host):
        """The image ids recorded on `host`."""
        with self._engine.connect() as connection:
            return {row[0] for row in connection.execute(
                sa.select(table.c.image_id).where(table.c.host == host))}

    def forget(self, image_id, host):
        with self._engine.begin() as connection:
            connection.execute(table.delete()
                               .where(table.c.image_id == image_id)
                               .where(table.c.host == host))

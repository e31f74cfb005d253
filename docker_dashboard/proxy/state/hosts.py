"""The Docker hosts that share the state database, and where objects live.

Each host's proxy registers its own row (name, the URL the others reach it
at, its availability zone, its Placement provider) and stamps it while it
runs; the routing part of every proxy reads the rows of the others
(proxy/router/). `object_hosts` says which host holds a container or an
exec, learned from creates and lists, so that a call for it goes straight
to that host instead of asking every host.
"""
import time

import sqlalchemy as sa

from docker_dashboard.proxy.state import upsert
from docker_dashboard.proxy.state.schema import hosts as host_table
from docker_dashboard.proxy.state.schema import object_hosts


class Hosts:
    def __init__(self, engine):
        self._engine = engine

    def register(self, name, url, availability_zone, provider_uuid=None,
                 now=None):
        """Record (or update) a host, stamping `seen_at`. A provider uuid
        of None keeps the one recorded (Placement may answer later)."""
        row = {"name": name, "url": url,
               "availability_zone": availability_zone,
               "seen_at": time.time() if now is None else now}
        with self._engine.begin() as connection:
            if provider_uuid is None:
                provider_uuid = connection.execute(
                    sa.select(host_table.c.provider_uuid)
                    .where(host_table.c.name == name)).scalar() or ""
            row["provider_uuid"] = provider_uuid
            upsert.insert_or_replace(connection, host_table, row)

    def all(self):
        """Every host, by name."""
        with self._engine.connect() as connection:
            return list(connection.execute(
                host_table.select().order_by(host_table.c.name)))

    def by_name(self, name):
        """The host named `name`, or None."""
        with self._engine.connect() as connection:
            return connection.execute(
                host_table.select()
                .where(host_table.c.name == name)).first()

    def by_provider(self, provider_uuid):
        """The host whose Placement provider is `provider_uuid`, or None."""
        if not provider_uuid:
            return None
        with self._engine.connect() as connection:
            return connection.execute(
                host_table.select()
                .where(host_table.c.provider_uuid == provider_uuid)).first()

    def remove(self, name):
        """Forget a host taken out of service (and where its objects were)."""
        with self._engine.begin() as connection:
            connection.execute(object_hosts.delete()
                               .where(object_hosts.c.host == name))
            connection.execute(host_table.delete()
                               .where(host_table.c.name == name))

    def remember(self, kind, object_id, host_name):
        self.remember_all(kind, {object_id: host_name})

    def remember_all(self, kind, where):
        """Record many objects' hosts at once: `where` is {id: host}."""
        if not where:
            return
        with self._engine.begin() as connection:
            for object_id, host_name in where.items():
                upsert.insert_or_replace(
                    connection, object_hosts,
                    {"kind": kind, "object_id": object_id,
                     "host": host_name})

    def where(self, kind, object_id):
        """The name of the host recorded for the object, or None."""
        with self._engine.connect() as connection:
            return connection.execute(
                sa.select(object_hosts.c.host)
                .where(object_hosts.c.kind == kind)
                .where(object_hosts.c.object_id == object_id)).scalar()

    def forget(self, kind, object_id):
        with self._engine.begin() as connection:
            connection.execute(
                object_hosts.delete()
                .where(object_hosts.c.kind == kind)
                .where(object_hosts.c.object_id == object_id))

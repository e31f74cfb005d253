"""Who owns which image: a record in the proxy's state database.

An image's labels cannot change after it is made, and a Dockerfile can write
any label, so labels cannot say which project an image (or a repo:tag)
belongs to. The proxy records it when the image is made through it.

Nothing of the record is cached in the process: proxies sharing one
database honour each other's writes at once. Each call is one short
statement on a pooled connection (see database.py for why it runs in the
event loop's thread).
"""
import sqlalchemy as sa

from docker_dashboard.proxy.state import database
from docker_dashboard.proxy.state import upsert
from docker_dashboard.proxy.state.schema import images
from docker_dashboard.proxy.state.schema import published
from docker_dashboard.proxy.state.schema import snapshots
from docker_dashboard.proxy.state.schema import tags

# The owner an image has while an admin has made it public.
PUBLIC_OWNER = "*public*"


def normal_ref(ref):
    """`repo`, `repo:latest` and `docker.io/library/repo:latest` name the
    same tag; Docker lists it as `repo:latest`."""
    for prefix in ("docker.io/library/", "docker.io/"):
        if ref.startswith(prefix):
            ref = ref[len(prefix):]
            break
    last = ref.rsplit("/", 1)[-1]
    if "@" in last or ":" in last:
        return ref
    return ref + ":latest"


class Ownership:
    def __init__(self, engine):
        self._engine = engine
        # Image ids the operator made public (DD_PUBLIC_IMAGES): a setting,
        # not a record, so it is held in memory and gone with the setting.
        self._operator_public = set()

    def _read(self, statement):
        with self._engine.connect() as connection:
            return connection.execute(statement).all()

    def _one(self, statement):
        rows = self._read(statement)
        return rows[0][0] if rows else None

    def recorded_owner(self, image_id):
        """The owner in the record alone, before the operator's setting."""
        return self._one(sa.select(images.c.project)
                         .where(images.c.id == image_id))

    def image_owner(self, image_id):
        if image_id in self._operator_public:
            return PUBLIC_OWNER
        return self.recorded_owner(image_id)

    def mark_operator_public(self, image_id):
        self._operator_public.add(image_id)

    def set_image_owner(self, image_id, project):
        # The first owner stays: a project cannot claim another's image by
        # re-committing or re-loading the same content, even through
        # another proxy at the same moment.
        with self._engine.begin() as connection:
            upsert.insert_if_absent(connection, images,
                                    {"id": image_id, "project": project})

    def publish(self, image_id):
        """Make the image public (an admin's choice); its owner is kept to
        give it back if it is withdrawn."""
        with database.writing(self._engine) as connection:
            previous = connection.execute(
                sa.select(images.c.project).where(images.c.id == image_id)
                .with_for_update()).scalar()
            if previous == PUBLIC_OWNER:
                return
            upsert.insert_or_replace(connection, published,
                                     {"id": image_id, "previous": previous})
            upsert.insert_or_replace(connection, images,
                                     {"id": image_id,
                                      "project": PUBLIC_OWNER})

    def withdraw(self, image_id):
        with database.writing(self._engine) as connection:
            previous = connection.execute(
                sa.select(published.c.previous)
                .where(published.c.id == image_id).with_for_update()).scalar()
            connection.execute(published.delete()
                               .where(published.c.id == image_id))
            if previous:
                upsert.insert_or_replace(connection, images,
                                         {"id": image_id,
                                          "project": previous})
            else:
                connection.execute(images.delete()
                                   .where(images.c.id == image_id))

    def images_of(self, project):
        return {row[0] for row in self._read(
            sa.select(images.c.id).where(images.c.project == project))}

    def owned_images(self):
        owners = dict(self._read(sa.select(images.c.id, images.c.project)))
        owners.update(dict.fromkeys(self._operator_public, PUBLIC_OWNER))
        return owners

    def set_snapshot(self, image_id, container_id):
        """The image is a commit of that container (made by the proxy)."""
        with self._engine.begin() as connection:
            upsert.insert_if_absent(connection, snapshots,
                                    {"id": image_id,
                                     "container": container_id})

    def snapshots(self):
        return dict(self._read(sa.select(snapshots.c.id,
                                         snapshots.c.container)))

    def tag_owner(self, ref):
        return self._one(sa.select(tags.c.project)
                         .where(tags.c.ref == normal_ref(ref)))

    def set_tag_owner(self, ref, project):
        with self._engine.begin() as connection:
            upsert.insert_or_replace(connection, tags,
                                     {"ref": normal_ref(ref),
                                      "project": project})

    def forget_tag(self, ref):
        with self._engine.begin() as connection:
            connection.execute(tags.delete()
                               .where(tags.c.ref == normal_ref(ref)))

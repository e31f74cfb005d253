"""Who owns which image: a small SQLite record under DD_PROXY_STATE.

An image's labels cannot change after it is made, and a Dockerfile can write
any label, so labels cannot say which project an image (or a repo:tag)
belongs to. The proxy records it when the image is made through it.
"""
import os
import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS images (id TEXT PRIMARY KEY, project TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tags (ref TEXT PRIMARY KEY, project TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS published (id TEXT PRIMARY KEY, previous TEXT);
CREATE TABLE IF NOT EXISTS snapshots (id TEXT PRIMARY KEY,
                                      container TEXT NOT NULL);
"""
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
    def __init__(self, state_dir):
        os.makedirs(state_dir, exist_ok=True)
        path = os.path.join(state_dir, "ownership.sqlite3")
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.executescript(SCHEMA)
        # Image ids the operator made public (DD_PUBLIC_IMAGES): a setting,
        # not a record, so it is held in memory and gone with the setting.
        self._operator_public = set()

    def close(self):
        self._db.close()

    def _one(self, sql, *args):
        row = self._db.execute(sql, args).fetchone()
        return row[0] if row else None

    def recorded_owner(self, image_id):
        """The owner in the record alone, before the operator's setting."""
        return self._one("SELECT project FROM images WHERE id = ?", image_id)

    def image_owner(self, image_id):
        if image_id in self._operator_public:
            return PUBLIC_OWNER
        return self.recorded_owner(image_id)

    def mark_operator_public(self, image_id):
        self._operator_public.add(image_id)

    def set_image_owner(self, image_id, project):
        # The first owner stays: a project cannot claim another's image by
        # re-committing or re-loading the same content.
        self._db.execute("INSERT OR IGNORE INTO images VALUES (?, ?)",
                         (image_id, project))

    def publish(self, image_id):
        """Make the image public (an admin's choice); its owner is kept to
        give it back if it is withdrawn."""
        previous = self.recorded_owner(image_id)
        if previous == PUBLIC_OWNER:
            return
        self._db.execute("INSERT OR REPLACE INTO published VALUES (?, ?)",
                         (image_id, previous))
        self._db.execute("INSERT OR REPLACE INTO images VALUES (?, ?)",
                         (image_id, PUBLIC_OWNER))

    def withdraw(self, image_id):
        previous = self._one("SELECT previous FROM published WHERE id = ?",
                             image_id)
        self._db.execute("DELETE FROM published WHERE id = ?", (image_id,))
        if previous:
            self._db.execute("INSERT OR REPLACE INTO images VALUES (?, ?)",
                             (image_id, previous))
        else:
            self._db.execute("DELETE FROM images WHERE id = ?", (image_id,))

    def images_of(self, project):
        return {r[0] for r in self._db.execute(
            "SELECT id FROM images WHERE project = ?", (project,))}

    def owned_images(self):
        owners = dict(self._db.execute("SELECT id, project FROM images"))
        owners.update(dict.fromkeys(self._operator_public, PUBLIC_OWNER))
        return owners

    def set_snapshot(self, image_id, container_id):
        """The image is a commit of that container (made by the proxy)."""
        self._db.execute("INSERT OR IGNORE INTO snapshots VALUES (?, ?)",
                         (image_id, container_id))

    def snapshots(self):
        return dict(self._db.execute("SELECT id, container FROM snapshots"))

    def tag_owner(self, ref):
        return self._one("SELECT project FROM tags WHERE ref = ?",
                         normal_ref(ref))

    def set_tag_owner(self, ref, project):
        self._db.execute("INSERT OR REPLACE INTO tags VALUES (?, ?)",
                         (normal_ref(ref), project))

    def forget_tag(self, ref):
        self._db.execute("DELETE FROM tags WHERE ref = ?", (normal_ref(ref),))

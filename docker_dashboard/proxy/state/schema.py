"""The tables of the proxy's state, as SQLAlchemy Core metadata.

The migrations (migrations/versions/) are what create and change them in a
database; this file is the shape the code reads and writes, and a test
checks that the newest migration gives exactly this shape.
"""
import sqlalchemy as sa

metadata = sa.MetaData()

# Image ids and tag references are ASCII; 255 keeps them indexable on
# MariaDB's utf8mb4 (767-byte key limit on older row formats).
ID = sa.String(255)
# On MariaDB/MySQL: a binary collation, so that keys compare as Docker
# compares them ("app:V1" and "app:v1" are two tags; the server's default
# collation would make them one row).
TABLE_OPTIONS = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}

# Who owns an image (by id): the first project that made it through the
# proxy, or PUBLIC_OWNER while an admin has made it public.
images = sa.Table(
    "images", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("project", ID, nullable=False, index=True),
    **TABLE_OPTIONS)

# Who owns a repo:tag (normalised, see ownership.normal_ref).
tags = sa.Table(
    "tags", metadata,
    sa.Column("ref", ID, primary_key=True),
    sa.Column("project", ID, nullable=False),
    **TABLE_OPTIONS)

# Images an admin made public, with the owner to give them back to.
published = sa.Table(
    "published", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("previous", ID, nullable=True),
    **TABLE_OPTIONS)

# Images the proxy committed from a container (a snapshot's container).
snapshots = sa.Table(
    "snapshots", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("container", ID, nullable=False),
    **TABLE_OPTIONS)

# Long work (Glance export and load, pull, push, build): a row each, so its
# progress and outcome outlive the proxy process that ran it.
tasks = sa.Table(
    "tasks", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    # export | load | pull | push | build
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("project_id", ID, nullable=False, index=True),
    sa.Column("user_id", ID, nullable=False),
    # running | succeeded | failed | cancelled
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("done_bytes", sa.BigInteger, nullable=False, default=0),
    sa.Column("total_bytes", sa.BigInteger, nullable=False, default=0),
    sa.Column("error", sa.Text, nullable=True),
    # JSON: what the task made (image id, Glance image id, ...).
    sa.Column("result", sa.Text, nullable=False, default="{}"),
    # JSON: what the task was asked to do, enough to offer Retry.
    sa.Column("params", sa.Text, nullable=False, default="{}"),
    # The proxy that runs it (DD_PROXY_NAME, by default host:port): at
    # start-up a proxy fails only the unfinished tasks that were its own,
    # not those of another proxy sharing the database.
    sa.Column("owner", ID, nullable=False, default=""),
    # Seconds since the epoch. Double, not Float: MySQL's FLOAT is single
    # precision, a step of 128 s at today's epoch.
    sa.Column("started", sa.Double, nullable=False),
    sa.Column("finished", sa.Double, nullable=True),
    sa.Column("updated", sa.Double, nullable=False),
    **TABLE_OPTIONS)

# The Docker hosts whose proxies share this database (ARCHITECTURE.md,
# "Where users outgrow one machine"): each proxy writes its own row at start
# and stamps `seen_at` while it runs; every proxy reads the others' rows to
# know its peers.
hosts = sa.Table(
    "hosts", metadata,
    sa.Column("name", ID, primary_key=True),
    # Where the other proxies reach this host's proxy (DD_ADVERTISE_URL).
    sa.Column("url", sa.String(1024), nullable=False),
    sa.Column("availability_zone", ID, nullable=False),
    # Its resource provider in Placement ("" while it has none).
    sa.Column("provider_uuid", sa.String(36), nullable=False, default=""),
    # Seconds since the epoch of its proxy's last stamp.
    sa.Column("seen_at", sa.Double, nullable=False),
    **TABLE_OPTIONS)

# Which host holds an object (kind "container" or "exec", by full id), as
# learned from creates and lists: a per-object call goes straight there.
object_hosts = sa.Table(
    "object_hosts", metadata,
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("object_id", ID, primary_key=True),
    sa.Column("host", ID, nullable=False),
    **TABLE_OPTIONS)

# Which Docker host holds which image (by full id): recorded when an image
# is delivered, loaded, pulled, built or committed on a host, so that a
# host lacking it is sent it from one that holds it (proxy/delivery/).
image_hosts = sa.Table(
    "image_hosts", metadata,
    sa.Column("image_id", ID, primary_key=True),
    sa.Column("host", ID, primary_key=True),
    **TABLE_OPTIONS)

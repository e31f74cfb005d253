"""The first state database: ownership records and tasks.

Creates the tables of schema.py as they were at this revision (written out
here, not imported: a later change to schema.py comes with its own
revision), then imports the ownership file of a proxy from before the
database, when there is one (legacy.py).

Revision ID: 0001
Revises:
"""
from alembic import context
from alembic import op
import sqlalchemy as sa

from docker_dashboard.proxy.state import legacy

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(255)
# Keys compare byte for byte on MariaDB/MySQL, as Docker compares them.
OPTIONS = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}


def upgrade():
    op.create_table(
        "images",
        sa.Column("id", ID, primary_key=True),
        sa.Column("project", ID, nullable=False),
        **OPTIONS)
    op.create_index("ix_images_project", "images", ["project"])
    op.create_table(
        "tags",
        sa.Column("ref", ID, primary_key=True),
        sa.Column("project", ID, nullable=False),
        **OPTIONS)
    op.create_table(
        "published",
        sa.Column("id", ID, primary_key=True),
        sa.Column("previous", ID, nullable=True),
        **OPTIONS)
    op.create_table(
        "snapshots",
        sa.Column("id", ID, primary_key=True),
        sa.Column("container", ID, nullable=False),
        **OPTIONS)
    op.create_table(
        "tasks",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("project_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("done_bytes", sa.BigInteger, nullable=False),
        sa.Column("total_bytes", sa.BigInteger, nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("params", sa.Text, nullable=False),
        sa.Column("owner", ID, nullable=False),
        sa.Column("started", sa.Double, nullable=False),
        sa.Column("finished", sa.Double, nullable=True),
        sa.Column("updated", sa.Double, nullable=False),
        **OPTIONS)
    op.create_index("ix_tasks_project_id", "tasks", ["project_id"])
    op.create_index("ix_tasks_status", "tasks", ["status"])

    attributes = context.config.attributes
    if attributes.get("legacy_dir"):
        path = legacy.import_file(op.get_bind(), attributes["legacy_dir"])
        if path:
            # database.open_database renames it once this is committed.
            attributes["imported"].append(path)


def downgrade():
    for table in ("tasks", "snapshots", "published", "tags", "images"):
        op.drop_table(table)

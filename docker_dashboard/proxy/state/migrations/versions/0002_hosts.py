"""The Docker hosts sharing this database, and which host holds an object.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.String(255)
OPTIONS = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}


def upgrade():
    op.create_table(
        "hosts",
        sa.Column("name", ID, primary_key=True),
        sa.Column("url", sa.String(1024), nullable=False),
        sa.Column("availability_zone", ID, nullable=False),
        sa.Column("provider_uuid", sa.String(36), nullable=False),
        sa.Column("seen_at", sa.Double, nullable=False),
        **OPTIONS)
    op.create_table(
        "object_hosts",
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("object_id", ID, primary_key=True),
        sa.Column("host", ID, nullable=False),
        **OPTIONS)


def downgrade():
    op.drop_table("object_hosts")
    op.drop_table("hosts")

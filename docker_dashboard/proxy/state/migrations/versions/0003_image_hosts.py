"""Which Docker host holds which image.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ID = sa.String(255)
OPTIONS = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}


def upgrade():
    op.create_table(
        "image_hosts",
        sa.Column("image_id", ID, primary_key=True),
        sa.Column("host", ID, primary_key=True),
        **OPTIONS)


def downgrade():
    op.drop_table("image_hosts")

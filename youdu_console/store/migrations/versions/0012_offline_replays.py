"""Offline queue: one row per replayed request, so a request applies once (store/tables.py: OFFLINE_REPLAYS).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mariadb").with_variant(mysql.DATETIME(fsp=6), "mysql")


def upgrade() -> None:
    op.create_table(
        "offline_replays",
        sa.Column("request_id", sa.String(length=32), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("replayed_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_offline_replays")),
    )


def downgrade() -> None:
    op.drop_table("offline_replays")

"""Server API: the system-message outbox (store/tables.py: SYSTEM_MESSAGES).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mariadb").with_variant(mysql.DATETIME(fsp=6), "mysql")


def upgrade() -> None:
    op.create_table(
        "system_messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("app_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("to_users", sa.Text(), nullable=False),
        sa.Column("to_depts", sa.Text(), nullable=False),
        sa.Column("to_all", sa.Boolean(), nullable=False),
        sa.Column("online_only", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(length=190), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_system_messages")),
    )
    with op.batch_alter_table("system_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_system_messages_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("system_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_system_messages_created_at"))
    op.drop_table("system_messages")

"""Scoped administrators' own permission sets (5.4.1: 通讯录 directory, 企业应用 apps) on the admins row; one-time
verification codes for password resets and two-step logins (5.5, store/tables.py: VERIFICATION_CODES).

Existing scoped administrators get the set `access.scoped_admin_permissions` holds (both by default), so nobody
gains or loses a right by the upgrade.

Revision ID: 0015
Revises: 0012
"""

import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mariadb").with_variant(mysql.DATETIME(fsp=6), "mysql")

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("admins") as batch:
        batch.add_column(sa.Column("permissions", sa.Text(), nullable=True))
    conn = op.get_bind()
    settings = sa.table("settings", sa.column("key"), sa.column("value"))
    stored = conn.execute(sa.select(settings.c.value)
                          .where(settings.c.key == "access.scoped_admin_permissions")).scalar()
    try:
        chosen = [x for x in json.loads(stored) if x in ("directory", "apps")] if stored else ["directory", "apps"]
    except (TypeError, ValueError):
        chosen = ["directory", "apps"]
    admins = sa.table("admins", sa.column("role"), sa.column("permissions"))
    conn.execute(admins.update().where(admins.c.role == "scoped").values(permissions=json.dumps(chosen)))
    op.create_table(
        "verification_codes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("code_hash", sa.String(length=200), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("expires_at", Timestamp, nullable=False),
        sa.Column("used_at", Timestamp, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_codes")),
    )
    op.create_index(op.f("ix_verification_codes_member_id"), "verification_codes", ["member_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_verification_codes_member_id"), table_name="verification_codes")
    op.drop_table("verification_codes")
    with op.batch_alter_table("admins") as batch:
        batch.drop_column("permissions")

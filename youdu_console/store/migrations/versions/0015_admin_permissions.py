"""Scoped administrators' own permission sets (5.4.1: 通讯录 directory, 企业应用 apps) on the admins row.

Existing scoped administrators get the set `access.scoped_admin_permissions` holds (both by default), so nobody
gains or loses a right by the upgrade.

Revision ID: 0015
Revises: 0012
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0012"
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


def downgrade() -> None:
    with op.batch_alter_table("admins") as batch:
        batch.drop_column("permissions")

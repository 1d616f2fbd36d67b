"""Members carry their account's natural sort key (numbers by value): `members.account_key`.

The member order is the manual's (5.3.5 按照权重和帐号名排序): larger weight first, then the account — in
natural order, so user2 comes before user10. SQL cannot compute that order, so the key is stored: the change
engine sets it whenever a member row is written with its account; this fills the existing rows. The index
covers the order, the status and the authorisation, so a whole-directory list reads its ids without sorting
and the home page's counts scan it rather than the table.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from youdu_console.domain.collation import collation_key

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch_op:
        batch_op.add_column(sa.Column("account_key", sa.String(length=255), server_default="", nullable=False))
    conn = op.get_bind()
    members = sa.table("members", sa.column("id", sa.BigInteger), sa.column("account", sa.String),
                       sa.column("account_key", sa.String))
    rows = conn.execute(sa.select(members.c.id, members.c.account)).all()
    stmt = members.update().where(members.c.id == sa.bindparam("b_id")).values(account_key=sa.bindparam("b_key"))
    for start in range(0, len(rows), 5000):
        conn.execute(stmt, [{"b_id": i, "b_key": collation_key(a)} for i, a in rows[start:start + 5000]])
    with op.batch_alter_table("members") as batch_op:
        batch_op.create_index("ix_members_order", [sa.text("weight DESC"), "account_key", "account", "status",
                                                     "authorization"],
                              unique=False)


def downgrade() -> None:
    op.drop_index("ix_members_order", table_name="members")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops a column in place (3.35+); a batch copy of the table would trip its foreign keys.
        op.execute("ALTER TABLE members DROP COLUMN account_key")
    else:
        op.drop_column("members", "account_key")

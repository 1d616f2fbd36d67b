"""Members carry their name's natural sort key (numbers by value, pinyin order): `members.name_key`.

Equal weights are ordered by this key, then by account. SQL cannot compute it (Chinese numerals, pinyin),
so it is stored: the change engine sets it whenever a member's name is written; this fills existing rows.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from youdu_console.domain.collation import name_key

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch_op:
        batch_op.add_column(sa.Column("name_key", sa.String(length=255), server_default="", nullable=False))
    conn = op.get_bind()
    members = sa.table("members", sa.column("id", sa.BigInteger), sa.column("name", sa.String),
                       sa.column("name_key", sa.String))
    rows = conn.execute(sa.select(members.c.id, members.c.name)).all()
    stmt = members.update().where(members.c.id == sa.bindparam("b_id")).values(name_key=sa.bindparam("b_key"))
    for start in range(0, len(rows), 5000):
        conn.execute(stmt, [{"b_id": i, "b_key": name_key(n)} for i, n in rows[start:start + 5000]])
    with op.batch_alter_table("members") as batch_op:
        batch_op.create_index("ix_members_order", [sa.text("weight DESC"), "name_key", "account", "status"],
                              unique=False)


def downgrade() -> None:
    op.drop_index("ix_members_order", table_name="members")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops a column in place (3.35+); a batch copy of the table would trip its foreign keys.
        op.execute("ALTER TABLE members DROP COLUMN name_key")
    else:
        op.drop_column("members", "name_key")

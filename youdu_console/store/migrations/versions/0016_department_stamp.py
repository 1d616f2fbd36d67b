"""The departments' stamp: an id_blocks counter every change set touching departments moves on, so each process
keeps its cached department tree across change sets that touch none (services/tree.py: `tree_stamp`).

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

from youdu_console.store.db import first_id

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    blocks = sa.table("id_blocks", sa.column("name"), sa.column("next_id"))
    if conn.execute(sa.select(blocks.c.next_id).where(blocks.c.name == "departments")).first() is None:
        conn.execute(blocks.insert().values(name="departments", next_id=first_id("departments")))


def downgrade() -> None:
    blocks = sa.table("id_blocks", sa.column("name"))
    op.get_bind().execute(blocks.delete().where(blocks.c.name == "departments"))

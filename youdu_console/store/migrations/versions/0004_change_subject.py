"""Change sets keep their subject (a path, accounts, a file) so descriptions render in any language.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("change_sets") as batch_op:
        batch_op.add_column(sa.Column("subject", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("change_sets") as batch_op:
        batch_op.drop_column("subject")

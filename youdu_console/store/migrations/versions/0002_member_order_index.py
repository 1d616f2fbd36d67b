"""Index for the address book's sort rule (larger weight first, then account) over the whole directory.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch_op:
        batch_op.create_index("ix_members_weight_account", ["weight", "account"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("members") as batch_op:
        batch_op.drop_index("ix_members_weight_account")

"""Console administrators' wrong-password counting and lock (where the console checks the password itself).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mariadb").with_variant(mysql.DATETIME(fsp=6), "mysql")


def upgrade() -> None:
    op.create_table(
        "admin_login_state",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_at", Timestamp, nullable=True),
        sa.Column("last_failure_at", Timestamp, nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_admin_login_state")),
    )


def downgrade() -> None:
    op.drop_table("admin_login_state")

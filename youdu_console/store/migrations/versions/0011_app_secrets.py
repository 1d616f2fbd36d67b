"""Apps' secrets out of the journal: the super-only app_secret_history (store/tables.py: APP_SECRET_HISTORY).

The journal (change_sets) of an app operation holds "secret:<ref>" for an EncodingAESKey or callback Token;
the clear value lives here, readable only by super administrators on a secured server (docs/app-secrets.md).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mariadb").with_variant(mysql.DATETIME(fsp=6), "mysql")


def upgrade() -> None:
    op.create_table(
        "app_secret_history",
        sa.Column("ref", sa.String(length=40), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("ref", name=op.f("pk_app_secret_history")),
    )


def downgrade() -> None:
    op.drop_table("app_secret_history")

"""通知公告: categories, announcements, their recipients and reads (store/tables_announcements.py).

Revision ID: 0014
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mariadb").with_variant(mysql.DATETIME(fsp=6), "mysql")
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
LongText = sa.Text().with_variant(sa.Text(2**32 - 1), "mysql", "mariadb")


def upgrade() -> None:
    op.create_table(
        "announcement_categories",
        sa.Column("id", Id, autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcement_categories")),
        sa.UniqueConstraint("name", name=op.f("uq_announcement_categories_name")),
    )
    op.create_table(
        "announcements",
        sa.Column("id", Id, autoincrement=False, nullable=False),
        sa.Column("category_id", Id, nullable=True),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sender", sa.String(length=64), nullable=False),
        sa.Column("audience", sa.Text(), nullable=False),
        sa.Column("recipients", LongText, nullable=False),
        sa.Column("recipient_count", sa.Integer(), nullable=False),
        sa.Column("sent_at", Timestamp, nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("recalled", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.ForeignKeyConstraint(["category_id"], ["announcement_categories.id"],
                                name=op.f("fk_announcements_category_id_announcement_categories")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcements")),
    )
    op.create_index(op.f("ix_announcements_category_id"), "announcements", ["category_id"], unique=False)
    op.create_index(op.f("ix_announcements_sent_at"), "announcements", ["sent_at"], unique=False)
    for name in ("announcement_recipients", "announcement_reads"):
        extra = [sa.Column("read_at", Timestamp, nullable=False)] if name == "announcement_reads" else []
        op.create_table(
            name,
            sa.Column("announcement_id", Id, nullable=False),
            sa.Column("member_id", Id, autoincrement=False, nullable=False),
            *extra,
            sa.ForeignKeyConstraint(["announcement_id"], ["announcements.id"],
                                    name=op.f(f"fk_{name}_announcement_id_announcements")),
            sa.PrimaryKeyConstraint("announcement_id", "member_id", name=op.f(f"pk_{name}")),
        )
    op.create_index("ix_announcement_recipients_member", "announcement_recipients", ["member_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_announcement_recipients_member", table_name="announcement_recipients")
    op.drop_table("announcement_reads")
    op.drop_table("announcement_recipients")
    op.drop_index(op.f("ix_announcements_sent_at"), table_name="announcements")
    op.drop_index(op.f("ix_announcements_category_id"), table_name="announcements")
    op.drop_table("announcements")
    op.drop_table("announcement_categories")

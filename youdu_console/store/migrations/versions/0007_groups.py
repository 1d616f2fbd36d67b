"""群管理: fixed and department groups and their members (store/tables.py).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mariadb").with_variant(mysql.DATETIME(fsp=6), "mysql")


def upgrade() -> None:
    op.create_table(
        "im_groups",
        sa.Column("id", Id, autoincrement=False, nullable=False),
        sa.Column("gid", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("dept_id", Id, nullable=True),
        sa.Column("recursive", sa.Boolean(), nullable=False),
        sa.Column("owner_id", Id, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.ForeignKeyConstraint(["dept_id"], ["departments.id"], name=op.f("fk_im_groups_dept_id_departments")),
        sa.ForeignKeyConstraint(["owner_id"], ["members.id"], name=op.f("fk_im_groups_owner_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_im_groups")),
        sa.UniqueConstraint("dept_id", name=op.f("uq_im_groups_dept_id")),
        sa.UniqueConstraint("gid", name=op.f("uq_im_groups_gid")),
    )
    with op.batch_alter_table("im_groups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_im_groups_name"), ["name"], unique=False)
    op.create_table(
        "im_group_members",
        sa.Column("id", Id, autoincrement=False, nullable=False),
        sa.Column("group_id", Id, nullable=False),
        sa.Column("member_id", Id, nullable=False),
        sa.Column("admin", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["im_groups.id"], name=op.f("fk_im_group_members_group_id_im_groups")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_im_group_members_member_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_im_group_members")),
        sa.UniqueConstraint("group_id", "member_id", name="uq_im_group_members_group_member"),
    )
    with op.batch_alter_table("im_group_members", schema=None) as batch_op:
        batch_op.create_index("ix_im_group_members_member", ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("im_group_members", schema=None) as batch_op:
        batch_op.drop_index("ix_im_group_members_member")
    op.drop_table("im_group_members")
    with op.batch_alter_table("im_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_im_groups_name"))
    op.drop_table("im_groups")

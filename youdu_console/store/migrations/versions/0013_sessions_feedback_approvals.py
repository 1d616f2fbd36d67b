"""Client sessions, feedback (意见反馈) and org/replaceall approvals (store/tables_api.py).

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mariadb").with_variant(mysql.DATETIME(fsp=6), "mysql")
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Blob = sa.LargeBinary().with_variant(sa.LargeBinary(length=4294967295), "mysql")
LongText = sa.Text().with_variant(sa.Text(length=4294967295), "mysql")


def upgrade() -> None:
    op.create_table(
        "client_sessions",
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("device", sa.String(length=16), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("app_id", sa.String(length=64), nullable=False),
        sa.Column("started_at", Timestamp, nullable=False),
        sa.Column("ended_at", Timestamp, nullable=True),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_client_sessions")),
    )
    op.create_index("ix_client_sessions_account_open", "client_sessions", ["account", "ended_at"], unique=False)
    op.create_index(op.f("ix_client_sessions_ended_at"), "client_sessions", ["ended_at"], unique=False)
    op.create_table(
        "feedback",
        sa.Column("id", Id, autoincrement=False, nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("departments", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("attachments", sa.Text(), nullable=False),
        sa.Column("files", LongText, nullable=False),
        sa.Column("client_log", LongText, nullable=False),
        sa.Column("app_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("submitted_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    op.create_index(op.f("ix_feedback_account"), "feedback", ["account"], unique=False)
    op.create_index(op.f("ix_feedback_submitted_at"), "feedback", ["submitted_at"], unique=False)
    op.create_table(
        "api_approvals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("job_id", sa.String(length=32), nullable=False),
        sa.Column("app_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("body", Blob, nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("decided_at", Timestamp, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_approvals")),
        sa.UniqueConstraint("job_id", name=op.f("uq_api_approvals_job_id")),
    )
    op.create_index(op.f("ix_api_approvals_created_at"), "api_approvals", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_api_approvals_created_at"), table_name="api_approvals")
    op.drop_table("api_approvals")
    op.drop_index(op.f("ix_feedback_submitted_at"), table_name="feedback")
    op.drop_index(op.f("ix_feedback_account"), table_name="feedback")
    op.drop_table("feedback")
    op.drop_index(op.f("ix_client_sessions_ended_at"), table_name="client_sessions")
    op.drop_index("ix_client_sessions_account_open", table_name="client_sessions")
    op.drop_table("client_sessions")

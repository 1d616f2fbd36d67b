"""LDAP sync run history (store/tables.py).

Revision ID: 0003
Revises: 0002
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mariadb').with_variant(mysql.DATETIME(fsp=6), 'mysql')


def upgrade() -> None:
    op.create_table('ldap_sync_runs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('started_at', Timestamp, nullable=False),
    sa.Column('finished_at', Timestamp, nullable=True),
    sa.Column('trigger', sa.String(length=16), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('admin', sa.String(length=64), nullable=False),
    sa.Column('server', sa.String(length=255), nullable=False),
    sa.Column('server_id', sa.String(length=255), nullable=False),
    sa.Column('plan_hash', sa.String(length=64), nullable=False),
    sa.Column('cursor', sa.String(length=64), nullable=True),
    sa.Column('counts', sa.Text(), nullable=False),
    sa.Column('errors', sa.Text(), nullable=False),
    sa.Column('notices', sa.Text(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('change_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ldap_sync_runs'))
    )
    with op.batch_alter_table('ldap_sync_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ldap_sync_runs_started_at'), ['started_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ldap_sync_runs_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ldap_sync_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ldap_sync_runs_status'))
        batch_op.drop_index(batch_op.f('ix_ldap_sync_runs_started_at'))
    op.drop_table('ldap_sync_runs')

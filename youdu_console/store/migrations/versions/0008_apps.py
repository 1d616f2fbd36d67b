"""企业应用: the app registry with the system apps, portal templates and message menus (store/tables.py: APPS …).

The system apps (manual 3.5, 4.1, 4.7) are rows from the start, each with its own EncodingAESKey drawn here
from the OS's CSPRNG: a database made by `db init` has them, whichever front end made it.

Revision ID: 0008
Revises: 0007
"""

import base64
import datetime as dt
import secrets

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mariadb").with_variant(mysql.DATETIME(fsp=6), "mysql")

# A copy of domain.apps.SYSTEM_APPS as it stood at this revision (a migration never imports the code it
# migrates for): (app id, name, introduction, built-in icon).
SYSTEM_APPS = (
    ("sysFileAssistant", "文件传输助手", "手机和电脑互传文字、图片和文件", "file"),
    ("sysExmailAssistant", "企业邮箱", "新邮件提醒、单点登录与同步组织架构", "mail"),
    ("sysOrgAssistant", "组织架构同步接口", "通过接口来增删改查组织架构的部门和人员信息", "org"),
    ("sysReportAssistant", "工作汇报", "日报、周报和月报", "report"),
    ("sysDiskAssistant", "网盘", "文件存储在本地服务器上的网盘", "disk"),
    ("sysPunchAssistant", "打卡", "在手机上打卡并自动生成打卡记录", "clock"),
    ("sysNoticeAssistant", "通知公告", "政策文件、重要事件与活动的通知公告", "notice"),
    ("sysFormAssistant", "表单", "问卷调查、活动报名与信息登记", "form"),
    ("sysRemoteAssistant", "远程协助", "远程协助其他成员的电脑", "remote"),
    ("sysMsgAssistant", "系统消息", "对全员或者在线成员发送文本通知", "message"),
    ("sysSmsAssistant", "短信网关", "将有度短信接入企业自己的短信通道", "sms"),
)


def upgrade() -> None:
    op.create_table('message_menus',
    sa.Column('id', Id, autoincrement=False, nullable=False),
    sa.Column('scope', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('icon', sa.Text(), nullable=False),
    sa.Column('types', sa.String(length=64), nullable=False),
    sa.Column('url', sa.String(length=1024), nullable=False),
    sa.Column('window', sa.String(length=12), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', Timestamp, nullable=False),
    sa.Column('updated_at', Timestamp, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message_menus'))
    )
    op.create_table('portal_templates',
    sa.Column('id', Id, autoincrement=False, nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', Timestamp, nullable=False),
    sa.Column('updated_at', Timestamp, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_templates')),
    sa.UniqueConstraint('name', name=op.f('uq_portal_templates_name'))
    )
    op.create_table('apps',
    sa.Column('app_id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('intro', sa.String(length=200), nullable=False),
    sa.Column('icon', sa.String(length=32), nullable=False),
    sa.Column('logo', sa.Text(), nullable=True),
    sa.Column('terminals', sa.String(length=32), nullable=False),
    sa.Column('homepage', sa.String(length=1024), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('sort', sa.Integer(), nullable=False),
    sa.Column('aes_key', sa.String(length=44), nullable=False),
    sa.Column('service_mode', sa.Boolean(), nullable=False),
    sa.Column('callback_url', sa.String(length=1024), nullable=False),
    sa.Column('callback_token', sa.String(length=64), nullable=False),
    sa.Column('auto_replies', sa.Text(), nullable=False),
    sa.Column('menus', sa.Text(), nullable=False),
    sa.Column('owner_dept_id', Id, nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', Timestamp, nullable=False),
    sa.Column('updated_at', Timestamp, nullable=False),
    sa.ForeignKeyConstraint(['owner_dept_id'], ['departments.id'], name=op.f('fk_apps_owner_dept_id_departments')),
    sa.PrimaryKeyConstraint('app_id', name=op.f('pk_apps')),
    sa.UniqueConstraint('name', name=op.f('uq_apps_name'))
    )
    op.create_table('portal_audience',
    sa.Column('id', Id, autoincrement=False, nullable=False),
    sa.Column('template_id', Id, nullable=False),
    sa.Column('member_id', Id, nullable=True),
    sa.Column('dept_id', Id, nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['dept_id'], ['departments.id'], name=op.f('fk_portal_audience_dept_id_departments')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_portal_audience_member_id_members')),
    sa.ForeignKeyConstraint(['template_id'], ['portal_templates.id'], name=op.f('fk_portal_audience_template_id_portal_templates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_audience'))
    )
    with op.batch_alter_table('portal_audience', schema=None) as batch_op:
        batch_op.create_index('ix_portal_audience_dept', ['dept_id'], unique=False)
        batch_op.create_index('ix_portal_audience_member', ['member_id'], unique=False)
        batch_op.create_index('ix_portal_audience_template', ['template_id'], unique=False)

    op.create_table('portal_apps',
    sa.Column('id', Id, autoincrement=False, nullable=False),
    sa.Column('template_id', Id, nullable=False),
    sa.Column('app_id', sa.String(length=40), nullable=False),
    sa.Column('group_name', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['app_id'], ['apps.app_id'], name=op.f('fk_portal_apps_app_id_apps')),
    sa.ForeignKeyConstraint(['template_id'], ['portal_templates.id'], name=op.f('fk_portal_apps_template_id_portal_templates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_apps')),
    sa.UniqueConstraint('template_id', 'app_id', name='uq_portal_apps_template_app')
    )

    op.create_table(
        "workbench",
        sa.Column("key", sa.String(length=16), nullable=False),
        sa.Column("corp_name", sa.String(length=64), nullable=False),
        sa.Column("image", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_workbench")),
    )
    apps = sa.table("apps", *(sa.column(c) for c in (
        "app_id", "name", "kind", "intro", "icon", "logo", "terminals", "homepage", "enabled", "sort", "aes_key",
        "service_mode", "callback_url", "callback_token", "auto_replies", "menus", "owner_dept_id", "version",
        "created_at", "updated_at")))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    op.bulk_insert(apps, [
        {"app_id": app_id, "name": name, "kind": "system", "intro": intro, "icon": icon, "logo": None,
         "terminals": "desktop,mobile", "homepage": "", "enabled": True, "sort": n,
         "aes_key": base64.b64encode(secrets.token_bytes(32)).decode("ascii"), "service_mode": False,
         "callback_url": "", "callback_token": "", "auto_replies": "[]", "menus": "[]", "owner_dept_id": None,
         "version": 1, "created_at": now, "updated_at": now}
        for n, (app_id, name, intro, icon) in enumerate(SYSTEM_APPS)])


def downgrade() -> None:
    op.drop_table("workbench")
    op.drop_table('portal_apps')
    with op.batch_alter_table('portal_audience', schema=None) as batch_op:
        batch_op.drop_index('ix_portal_audience_template')
        batch_op.drop_index('ix_portal_audience_member')
        batch_op.drop_index('ix_portal_audience_dept')

    op.drop_table('portal_audience')
    op.drop_table('apps')
    op.drop_table('portal_templates')
    op.drop_table('message_menus')

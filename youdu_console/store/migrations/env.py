"""Alembic environment: runs on the connection the console hands it (never reads alembic.ini URLs)."""

from alembic import context

from youdu_console.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic revision --autogenerate` from a developer shell
    from sqlalchemy import create_engine

    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///:memory:")
    connection = engine.connect()

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()

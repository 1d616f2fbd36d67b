"""Smoke test of the throwaway database servers (tests/fixtures/dbservers.py).

Each backend accepts a connection, runs ``SELECT 1``, starts out empty and round-trips Chinese
text (including a 4-byte UTF-8 character, which needs utf8mb4 on MariaDB).
"""

from __future__ import annotations

import sqlalchemy as sa

CHINESE = ["研发部", "𠮷野家 / 财务部"]  # '𠮷' (U+20BB7) is outside the BMP


def test_fresh_db_roundtrips_chinese(fresh_db_url: str) -> None:
    engine = sa.create_engine(fresh_db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT 1")).scalar_one() == 1
        assert sa.inspect(engine).get_table_names() == [], "fresh database is not empty"

        meta = sa.MetaData()
        dept = sa.Table(
            "dept",
            meta,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("name", sa.String(100), nullable=False),
        )
        meta.create_all(engine)
        with engine.begin() as conn:
            conn.execute(sa.insert(dept), [{"name": n} for n in CHINESE])
        with engine.connect() as conn:
            names = conn.execute(sa.select(dept.c.name).order_by(dept.c.id)).scalars().all()
            assert names == CHINESE
            found = conn.execute(sa.select(dept.c.id).where(dept.c.name == "研发部")).scalar_one()
            assert found == 1
    finally:
        engine.dispose()


def test_server_db_is_a_server(server_db_url: str) -> None:
    assert server_db_url.startswith(("postgresql+psycopg://", "mysql+pymysql://"))
    engine = sa.create_engine(server_db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT 1")).scalar_one() == 1
    finally:
        engine.dispose()

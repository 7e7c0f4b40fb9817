"""Alembic environment for responder.

Run from the application (``responder.store.db`` builds the Config in code and hands its open
connection over in ``config.attributes["connection"]``, so an in-memory SQLite database works),
or with a ``sqlalchemy.url`` main option, or offline (``--sql``) to print the DDL.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Enum
from sqlalchemy.engine import Connection

from responder.adapters.store import models
from responder.adapters.store.db import COMPARE_OPTIONS, create_engine_for

config = context.config
target_metadata = models.Base.metadata


def render_item(kind: str, obj: Any, autogen_context: AutogenContext) -> str | bool:
    """Render our column types as plain SQLAlchemy types, so migrations never import the models.

    A migration is frozen history: it must still produce the same schema after models.py moves on.
    """
    if kind != "type":
        return False
    if isinstance(obj, models.UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if isinstance(obj, Enum) and not obj.native_enum:
        return f"sa.String(length={obj.length})"
    return False


def _options(dialect_name: str) -> dict[str, Any]:
    return {
        "target_metadata": target_metadata,
        "render_as_batch": dialect_name == "sqlite",
        "render_item": render_item,
        **COMPARE_OPTIONS,
    }


def run_with(connection: Connection) -> None:
    context.configure(connection=connection, **_options(connection.dialect.name))
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    engine = create_engine_for(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.begin() as connection:
            run_with(connection)
    finally:
        engine.dispose()


def run_offline() -> None:
    url = config.get_main_option("sqlalchemy.url") or ""
    dialect_name = url.split(":", 1)[0].split("+", 1)[0]
    context.configure(url=url, literal_binds=True, **_options(dialect_name))
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()

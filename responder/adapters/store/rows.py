"""Writing rows fast: one compiled ``INSERT … RETURNING id`` per table, outside the unit of work.

A backlog writes several rows per message; the ORM's flush costs several times the INSERT
itself, so the store writes new rows with Core (and on SQLite on the driver's cursor) and attaches
them to the session as if flushed. Used by the named queries only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Dialect,
    Insert,
    Table,
    UniqueConstraint,
    bindparam,
    insert,
    select,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.sql.visitors import iterate

from responder.adapters.store.models import (
    Base,
)

if TYPE_CHECKING:

    pass

RowT = TypeVar("RowT", bound=Base)

# ---- helpers ------------------------------------------------------------------------------


def column_values(row: Base) -> dict[str, object]:
    """The row's column values for a Core INSERT, the models' scalar defaults filled in."""
    values: dict[str, object] = {}
    for column in type(row).__table__.columns:
        if column.primary_key:
            continue
        value = getattr(row, column.key)
        if value is None and column.default is not None and getattr(column.default, "is_scalar", False):
            value = column.default.arg
        values[column.key] = value
    return values


def table_of(model: type[Base]) -> Table:
    """The model's Table: declarative types ``__table__`` as any FromClause, and UPDATE wants a table."""
    table = model.__table__
    assert isinstance(table, Table), f"{model.__name__} is not mapped to a plain table"
    return table


@cache
def _insert_returning_id(table: Table) -> Insert:
    """One prepared ``INSERT … RETURNING id`` per table: built and compiled once, not per row."""
    return insert(table).returning(table.c.id)


def insert_row(session: Session, row: Base) -> None:
    """INSERT a new row's values with Core on the session's connection and give the row its id."""
    values = column_values(row)
    row.id = insert_values(session, table_of(type(row)), values)  # type: ignore[attr-defined]
    take_values(row, values)


def insert_values(session: Session, table: Table, values: dict[str, object]) -> int:
    """INSERT one row given as every column's value but the id (no ORM object); its new id.

    For a row nothing reads back in the same transaction: building, filling and attaching an ORM
    object costs more than the INSERT.
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        new_id = _run_on_driver(connection, _driver_insert(connection.dialect, table, None), values)
        assert new_id is not None
        return new_id
    return int(connection.execute(_insert_returning_id(table), values).scalar_one())


@dataclass(frozen=True)
class _DriverInsert:
    """An ``INSERT … RETURNING id`` compiled once for one SQLite dialect: SQL, parameter order, converters."""

    sql: str
    names: tuple[str, ...]
    converters: tuple[Callable[[Any], Any] | None, ...]


@lru_cache(maxsize=64)
def _driver_insert(dialect: Dialect, table: Table, unique: tuple[str, ...] | None) -> _DriverInsert:
    """The INSERT of every column but the id (``ON CONFLICT (unique) DO NOTHING`` when given), compiled once."""
    columns = [column for column in table.columns if not column.primary_key]
    statement = sqlite_insert(table).values({c.key: bindparam(c.key, type_=c.type) for c in columns})
    if unique is not None:
        statement = statement.on_conflict_do_nothing(index_elements=list(unique))
    compiled = statement.returning(table.c.id).compile(dialect=dialect)
    names = tuple(compiled.positiontup or ())
    converters = tuple(table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names)
    return _DriverInsert(compiled.string, names, converters)


def _run_on_driver(connection: Connection, prepared: _DriverInsert, values: dict[str, object]) -> int | None:
    """Run a prepared SQLite INSERT on the driver's cursor; the new id, or None when nothing was inserted.

    SQLAlchemy's execution costs ten times the INSERT itself (cache key, parameter processing,
    result object); the statement is compiled once and the column types convert the values as
    SQLAlchemy would. It runs in the connection's transaction, and errors come back as
    SQLAlchemy's (StatementError for a value refused, IntegrityError and the like from SQLite).
    """
    try:
        parameters = tuple(value if convert is None else convert(value)
                           for convert, value in zip(prepared.converters, (values[name] for name in prepared.names),
                                                     strict=True))
    except Exception as exc:
        raise StatementError(f"({type(exc).__module__}.{type(exc).__name__}) {exc}", prepared.sql, values, exc) from exc
    driver = connection.dialect.loaded_dbapi
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(prepared.sql, parameters)
        found = cursor.fetchone()
    except driver.Error as exc:
        raise DBAPIError.instance(prepared.sql, parameters, exc, driver.Error) from exc
    finally:
        cursor.close()
    return None if found is None else int(found[0])


def take_values(row: Base, values: dict[str, object]) -> None:
    """Give the row the values written for it: only the defaults filled in differ from its own."""
    current = row.__dict__
    for key, value in values.items():
        if current.get(key) is not value:
            setattr(row, key, value)


def attach_inserted(session: Session, *rows: Base | None) -> None:
    """Make rows just INSERTed persistent in the session, without reading back what was written.

    A row of the same identity can still be in the session when a rolled-back savepoint's id is
    given out again (SQLite reuses the highest rowid): that stale row is dropped first.
    """
    inserted = [row for row in rows if row is not None]
    for row in inserted:
        stale = session.identity_map.get(session.identity_key(type(row), row.id))  # type: ignore[attr-defined]
        if stale is not None and stale is not row:
            session.expunge(stale)
        make_transient_to_detached(row)
    for row in inserted:
        if row not in session:
            session.add(row)


def insert_unless_exists(session: Session, row: RowT, duplicate: ColumnElement[bool]) -> RowT | None:
    """Insert ``row`` unless a row matching ``duplicate`` exists; None then, else the row, attached.

    When ``duplicate`` compares exactly the columns of one of the table's UNIQUE constraints, on
    SQLite and PostgreSQL the constraint decides in one ``INSERT … ON CONFLICT DO NOTHING``: no
    flush, no SELECT, no savepoint, and race-safe. Elsewhere the SELECT settles the usual case
    and a savepoint catches the rare race where another transaction inserted the same key in
    between. Any other integrity error (a missing foreign key, say) is re-raised.
    """
    model = type(row)
    dialect = session.get_bind().dialect.name
    table = table_of(model)
    unique = _unique_columns(table, duplicate)
    if unique is not None and dialect in ("sqlite", "postgresql"):
        _flush_pending_parents(session, table)
        values = column_values(row)
        connection = session.connection()
        if dialect == "sqlite":
            new_id = _run_on_driver(connection, _driver_insert(connection.dialect, table, unique), values)
        else:
            new_id = connection.execute(_insert_or_nothing(dialect, table, unique), values).scalar_one_or_none()
        if new_id is None:
            return None
        take_values(row, values)
        row.id = new_id  # type: ignore[attr-defined]
        attach_inserted(session, row)
        return row
    session.flush()  # the caller's pending rows must not share the savepoint's fate
    if session.scalar(select(model.id).where(duplicate)) is not None:  # type: ignore[attr-defined]
        return None
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        if session.scalar(select(model.id).where(duplicate)) is not None:  # type: ignore[attr-defined]
            return None
        raise
    return row


def _unique_columns(table: Table, duplicate: ColumnElement[bool]) -> tuple[str, ...] | None:
    """The columns of the table's UNIQUE constraint that ``duplicate`` compares, if it compares one exactly."""
    compared = {node.name for node in iterate(duplicate) if isinstance(node, Column) and node.table is table}
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint) and {c.name for c in constraint.columns} == compared:
            return tuple(c.name for c in constraint.columns)
    return None


@cache
def _insert_or_nothing(dialect: str, table: Table, unique: tuple[str, ...]) -> Insert:
    """``INSERT … ON CONFLICT (unique) DO NOTHING RETURNING id``, built once per table."""
    insert_for_dialect = sqlite_insert if dialect == "sqlite" else postgresql_insert
    return insert_for_dialect(table).on_conflict_do_nothing(index_elements=list(unique)).returning(table.c.id)


def _flush_pending_parents(session: Session, table: Table) -> None:
    """Flush first if a row this table refers to is still pending (a Core INSERT does not autoflush)."""
    parents = {key.column.table for key in table.foreign_keys}
    if any(getattr(type(pending), "__table__", None) in parents for pending in session.new):
        session.flush()

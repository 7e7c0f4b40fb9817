"""Opening the database and keeping its schema current.

SQLite (the default, one file next to the config) and PostgreSQL (through psycopg 3) are both
supported; the same Alembic migrations run on both, from the application itself: ``open_store``
migrates on start and ``responder db upgrade`` calls :func:`upgrade`. The Alembic configuration
is built in code, so no ``alembic.ini`` is needed; the migrations are found through
``importlib.resources`` (``responder/_migrations`` in a wheel, ``<repo>/migrations`` in a source
or editable checkout), never relative to the working directory.

Every failure to open or migrate becomes one :class:`StorageError` line naming the URL with its
password hidden.

Making a new revision (source checkout only): change ``models.py``, then run::

    .venv/bin/python -c "from responder.store.db import make_revision; print(make_revision('add x'))"

It autogenerates ``migrations/versions/NNNN_add_x.py`` against an in-memory SQLite database at
head. Read and clean the result (autogenerate misses renames and PostgreSQL-only details), and
``tests/integration/test_migrations.py`` checks on both backends that it matches the models.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url, pool
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

# Through migrate, which quiets alembic's import-time log lines before importing it.
from responder.adapters.store.migrate import (
    COMPARE_OPTIONS,
    CommandError,
    MigrationContext,
    ScriptDirectory,
    alembic_config,
    command,
    head_revision,
    known_revisions,
    migrations_folder,
    quiet_alembic,
    run_alembic,
)
from responder.errors import StorageError

__all__ = ["COMPARE_OPTIONS", "Store", "alembic_config", "check", "create_engine_for", "current_revision", "display_url",
           "downgrade", "head_revision", "make_revision", "migrations_folder", "open_store", "resolve_url", "upgrade"]

log = logging.getLogger("responder.store")


# Milliseconds a SQLite connection waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Seconds to wait for a PostgreSQL server that does not answer (unless the URL sets connect_timeout).
PG_CONNECT_TIMEOUT_S = 10


class Store:
    """The engine and a session factory, owned together so they are disposed together."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        """The database URL with its password hidden, for messages and logs."""
        return display_url(self.engine.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        Never open a second session inside the first in the same thread: on SQLite each session
        holds the write lock from its start, so the inner one would wait for the outer one until
        the busy timeout and then fail.
        """
        with self._sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def display_url(url: str | URL) -> str:
    """``url`` with the password replaced by ``***``; unparseable text is shown as a placeholder."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


def resolve_url(url: str, config_folder: Path) -> str:
    """Make a relative SQLite file path relative to the config folder; other URLs pass unchanged.

    ``sqlite://`` and ``sqlite:///:memory:`` stay in memory, as do SQLite URI-mode names
    (``file:…``), which SQLite resolves itself.
    """
    parsed = _parse(url)
    if parsed.get_backend_name() != "sqlite" or _in_memory(parsed):
        return url
    database = parsed.database or ""
    if database.startswith("file:"):
        return url
    path = Path(database).expanduser()
    if not path.is_absolute():
        path = config_folder / path
    return parsed.set(database=str(path)).render_as_string(hide_password=False)


def create_engine_for(url: str | URL) -> Engine:
    """An engine set up for the service: SQLite pragmas and real transactions, or psycopg 3.

    ``postgresql://`` without a driver means psycopg 3 (SQLAlchemy would pick psycopg2).
    """
    parsed = _parse(url) if isinstance(url, str) else url
    try:
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed)
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        connect_args = {} if "connect_timeout" in parsed.query else {"connect_timeout": PG_CONNECT_TIMEOUT_S}
        return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise StorageError(f"storage: cannot use {display_url(parsed)}: {_reason(exc, parsed)}") from exc


def _sqlite_engine(url: URL) -> Engine:
    """SQLite with foreign keys on, WAL and a busy timeout for files, and transactions that begin.

    The sqlite3 driver (before Python 3.16) only begins a transaction on INSERT/UPDATE/DELETE,
    so reads and DDL would run outside it. As SQLAlchemy's SQLite notes recommend, the driver's
    own BEGIN is switched off and we emit ``BEGIN IMMEDIATE``: the write lock is taken at the
    start, so a read-then-write transaction never fails with SQLITE_BUSY half-way (WAL readers
    in other processes are not blocked). An in-memory database (tests, demos) is one shared
    connection, so every session sees the same data; it is not meant for concurrent threads.
    """
    memory = _in_memory(url)
    if memory:
        engine = create_engine(url, poolclass=pool.StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Connect, then migrate to the latest schema (or, with ``migrate=False``, insist it is current)."""
    engine = create_engine_for(url)
    try:
        if migrate:
            upgrade(engine)
        else:
            _require_head(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine)


def check(url: str) -> str:
    """One line for ``responder check``: reachable, and at which schema revision.

    A SQLite file that does not exist yet is not created here; the service creates it on start.
    """
    parsed = _parse(url)
    if parsed.get_backend_name() == "sqlite" and not _in_memory(parsed):
        path = Path(parsed.database or "")
        if not path.exists():
            return _check_new_sqlite_file(parsed, path)
    engine = create_engine_for(parsed)
    try:
        current = current_revision(engine)
    finally:
        engine.dispose()
    head = head_revision()
    shown = display_url(parsed)
    if current == head:
        return f"{shown}: schema at {head} (latest)"
    if current is None:
        return f"{shown}: reachable, empty; the schema is created on start or by responder db upgrade"
    if current not in known_revisions():
        raise StorageError(_unknown_revision_message(parsed, current))
    return f"{shown}: schema at {current}, {head} is applied on start or by responder db upgrade"


def _check_new_sqlite_file(url: URL, path: Path) -> str:
    folder = path.parent
    if not folder.is_dir():
        raise StorageError(f"storage: cannot open {display_url(url)}: folder {folder} does not exist")
    return f"{display_url(url)}: new database, created on start"


def upgrade(target: Engine | str) -> list[str]:
    """Bring the schema to the latest revision; return the revisions applied, oldest first."""
    if isinstance(target, str):
        engine = create_engine_for(target)
        try:
            return upgrade(engine)
        finally:
            engine.dispose()
    return _migrate(target, "upgrade", "head")


def downgrade(target: Engine, revision: str) -> list[str]:
    """Undo migrations down to ``revision`` (``"base"`` empties the database); for tests and rescues."""
    return _migrate(target, "downgrade", revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it has never been migrated."""
    with _storage_errors(engine.url), engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def make_revision(message: str, *, script_location: Path | None = None) -> str:
    """Autogenerate the next numbered revision from the models; return the new file's path.

    The comparison runs against an in-memory SQLite database brought to head first, so no
    server is needed. Only meaningful in a source checkout, where ``migrations/`` is writable.
    """
    engine = create_engine_for("sqlite://")
    try:
        with engine.begin() as connection:
            cfg = alembic_config(connection, script_location)
            command.upgrade(cfg, "head")
            head = ScriptDirectory.from_config(cfg).get_current_head()
            rev_id = f"{int(head or '0') + 1:04d}"
            script = command.revision(cfg, message=message, autogenerate=True, rev_id=rev_id)
    finally:
        engine.dispose()
    if script is None or isinstance(script, list):  # pragma: no cover - one head, one script
        raise StorageError("storage: alembic did not write exactly one revision")
    return str(script.path)


def _migrate(engine: Engine, direction: str, revision: str) -> list[str]:
    quiet_alembic()
    with _storage_errors(engine.url), engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        try:
            with connection.begin():
                applied = run_alembic(connection, direction, revision)
                if sqlite:
                    _sqlite_check_foreign_keys(connection)
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, on=True)
    if applied:
        verb = "applied" if direction == "upgrade" else "reverted"
        log.info("database %s: %s revisions %s", display_url(engine.url), verb, ", ".join(applied))
    return applied


def _sqlite_foreign_keys(connection: Connection, *, on: bool) -> None:
    """Switch SQLite's foreign keys outside any transaction (the pragma is ignored inside one).

    Batch migrations rebuild tables (copy, drop, rename); with foreign keys on, dropping a
    referenced table would cascade-delete the rows that point at it. SQLite's own
    table-rebuild procedure turns them off first and checks them before committing.
    """
    dbapi = connection.connection.dbapi_connection
    assert dbapi is not None
    dbapi.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _sqlite_check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise StorageError(f"storage: migration left broken foreign keys in {', '.join(tables)}; rolled back")


def _require_head(engine: Engine) -> None:
    current, head = current_revision(engine), head_revision()
    if current == head:
        return
    if current is not None and current not in known_revisions():
        raise StorageError(_unknown_revision_message(engine.url, current))
    raise StorageError(
        f"storage: {display_url(engine.url)} is at schema {current or 'none'}, not {head}: run responder db upgrade"
    )


def _unknown_revision_message(url: URL, revision: str) -> str:
    return (
        f"storage: {display_url(url)} is at schema {revision}, unknown to this version of responder "
        "(was it migrated by a newer one?)"
    )


@contextmanager
def _storage_errors(url: URL) -> Iterator[None]:
    """Turn database and migration failures into one StorageError line without the password."""
    try:
        yield
    except StorageError:
        raise
    except CommandError as exc:
        match = re.search(r"Can't locate revision identified by '([^']+)'", str(exc))
        if match:
            raise StorageError(_unknown_revision_message(url, match.group(1))) from exc
        raise StorageError(f"storage: cannot migrate {display_url(url)}: {_reason(exc, url)}") from exc
    except (SQLAlchemyError, OSError, ImportError) as exc:
        raise StorageError(f"storage: cannot open {display_url(url)}: {_reason(exc, url)}") from exc


def _reason(exc: BaseException, url: URL) -> str:
    """The driver's own message on one line, with the password masked should it appear."""
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    text = " ".join(line if line[-1] in ".:;,?!" or n == len(lines) - 1 else f"{line}." for n, line in enumerate(lines))
    text = re.sub(r"\s*\(Background on this error at: [^)]*\)", "", text)
    if url.password:
        text = text.replace(str(url.password), "***")
    return text or type(original).__name__


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise StorageError(f"storage: not a database URL: {display_url(url)}") from exc


def _in_memory(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")

"""Database fixtures: one storage contract, run against SQLite and PostgreSQL alike.

* ``pg_server`` (session): makes sure the local PostgreSQL answers on 127.0.0.1:5432, starting
  the installed cluster if needed, and creates a throwaway database for this test session
  (each xdist worker is a session: its own database), dropped at the end. A server this fixture had to start is left running: it is the machine's
  server, and another test session may be using it by then.
* ``db_url``: parametrized ``sqlite`` (a file in ``tmp_path``) and ``postgresql`` (a fresh
  schema per test in the session's database, selected through ``search_path``: creating a
  schema is much faster than creating a database).
* ``engine``: an engine on ``db_url``, not migrated, for migration tests.
* ``store``: a migrated :class:`~responder.store.db.Store` on ``db_url``.

Teardown asserts that no connection was left checked out of the pool, as APScheduler's
datastore suite does: a leaked connection is a leaked transaction (and locks) in production.
"""

from __future__ import annotations

import secrets
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import URL, Engine
from sqlalchemy.pool import QueuePool

from responder.adapters.store.db import Store, create_engine_for, open_store

PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_USER = "postgres"
PG_START_TIMEOUT = 30.0


@dataclass(frozen=True)
class PgServer:
    """The session's throwaway database on the local PostgreSQL server."""

    database: str

    def conninfo(self, database: str | None = None) -> str:
        return f"host={PG_HOST} port={PG_PORT} user={PG_USER} dbname={database or self.database} connect_timeout=5"

    def url(self, schema: str | None = None) -> str:
        query = {"options": f"-csearch_path={schema}"} if schema else {}
        url = URL.create(
            "postgresql+psycopg", username=PG_USER, host=PG_HOST, port=PG_PORT, database=self.database, query=query
        )
        return url.render_as_string(hide_password=False)

    def execute(self, statement: str, name: str) -> None:
        """Run ``statement`` with ``{}`` replaced by the quoted identifier ``name``."""
        with psycopg.connect(self.conninfo(), autocommit=True) as connection:
            connection.execute(sql.SQL(statement).format(sql.Identifier(name)))


def _port_open() -> bool:
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            return True
    except OSError:
        return False


def _installed_versions() -> list[str]:
    """PostgreSQL versions with a ``main`` cluster, newest first."""
    found = [p.parent.name for p in Path("/etc/postgresql").glob("*/main") if p.parent.name.isdigit()]
    return sorted(found, key=int, reverse=True)


def _start_cluster() -> str:
    """Start the newest installed cluster; what went wrong, or "".

    A failure is not final: another xdist worker may be starting the same cluster right now,
    and then this start fails ("already running") just before the server answers.
    """
    versions = _installed_versions()
    if not versions:
        pytest.fail(
            f"PostgreSQL is not running on {PG_HOST}:{PG_PORT} and no cluster is installed under /etc/postgresql"
        )
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main", "start"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        return f"{' '.join(command)} failed: {result.stderr.strip() or result.stdout.strip()}"
    return ""


def _wait_until_answering(server: str, start_error: str = "") -> None:
    """Ready means a real login and ``SELECT 1`` answered, not an open port."""
    deadline = time.monotonic() + PG_START_TIMEOUT
    while True:
        try:
            with psycopg.connect(server, autocommit=True) as connection:
                connection.execute("SELECT 1")
                return
        except psycopg.OperationalError as exc:
            if time.monotonic() > deadline:
                pytest.fail(f"PostgreSQL did not answer within {PG_START_TIMEOUT:.0f}s: {exc}\n{start_error}")
            time.sleep(0.1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    admin = PgServer("postgres")
    start_error = "" if _port_open() else _start_cluster()
    _wait_until_answering(admin.conninfo(), start_error)
    server = PgServer(f"responder_test_{secrets.token_hex(4)}")
    admin.execute("CREATE DATABASE {}", server.database)
    try:
        yield server
    finally:
        admin.execute("DROP DATABASE IF EXISTS {} WITH (FORCE)", server.database)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'responder.db'}"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    schema = f"t_{secrets.token_hex(6)}"
    server.execute("CREATE SCHEMA {}", schema)
    try:
        yield server.url(schema)
    finally:
        server.execute("DROP SCHEMA {} CASCADE", schema)


def assert_no_leaked_connections(engine: Engine) -> None:
    checked_out = engine.pool.checkedout() if isinstance(engine.pool, QueuePool) else 0
    assert checked_out == 0, f"{checked_out} connection(s) still checked out of the pool at teardown"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on the empty database, not migrated."""
    engine = create_engine_for(db_url)
    try:
        yield engine
        assert_no_leaked_connections(engine)
    finally:
        engine.dispose()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A Store migrated to the latest schema."""
    store = open_store(db_url)
    try:
        yield store
        assert_no_leaked_connections(store.engine)
    finally:
        store.dispose()

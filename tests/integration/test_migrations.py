"""The migrations produce exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, Column, Engine, Integer, MetaData, inspect, text

from responder.adapters.store import db
from responder.adapters.store.models import NAMING_CONVENTION, Base
from responder.errors import StorageError

TABLES = {"sync_state", "messages", "threads", "assignments", "message_facts", "outbox", "flags", "poll_runs"}


def schema_diff(engine: Engine, metadata: MetaData = Base.metadata) -> list[Any]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=dict(db.COMPARE_OPTIONS))
        return list(compare_metadata(context, metadata))


def test_schema_matches_the_models_after_upgrade(engine: Engine) -> None:
    assert db.upgrade(engine) == ["0001", "0002"]
    assert schema_diff(engine) == []


def test_drift_check_notices_a_model_the_migrations_lack(engine: Engine) -> None:
    db.upgrade(engine)
    drifted = MetaData(naming_convention=NAMING_CONVENTION)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(drifted)
    messages = drifted.tables["messages"]
    messages.append_column(Column("spam_score", Integer, nullable=True))
    messages.append_constraint(CheckConstraint("size >= 0", name="size_not_negative"))
    diff = repr(schema_diff(engine, drifted))
    assert "spam_score" in diff
    assert "ck_messages_size_not_negative" in diff


def test_upgrade_twice_is_a_no_op(engine: Engine) -> None:
    assert db.upgrade(engine) == ["0001", "0002"]
    assert db.upgrade(engine) == []
    assert db.current_revision(engine) == db.head_revision() == "0002"


def test_downgrade_to_base_then_upgrade_again(engine: Engine) -> None:
    db.upgrade(engine)
    assert db.downgrade(engine, "base") == ["0002", "0001"]
    assert db.current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    assert db.upgrade(engine) == ["0001", "0002"]
    assert TABLES <= set(inspect(engine).get_table_names())
    assert schema_diff(engine) == []


def _names(engine: Engine) -> dict[str, set[str]]:
    inspector = inspect(engine)
    names: dict[str, set[str]] = {}
    for table in TABLES:
        found = {inspector.get_pk_constraint(table)["name"]}
        found |= {c["name"] for c in inspector.get_unique_constraints(table)}
        found |= {c["name"] for c in inspector.get_foreign_keys(table)}
        found |= {c["name"] for c in inspector.get_check_constraints(table)}
        found |= {i["name"] for i in inspector.get_indexes(table)}
        names[table] = {str(name) for name in found}
    return names


def _expected_names() -> dict[str, set[str]]:
    expected: dict[str, set[str]] = {}
    for table in Base.metadata.sorted_tables:
        found = {str(c.name) for c in table.constraints} | {str(i.name) for i in table.indexes}
        expected[table.name] = found
    return expected


def test_constraint_names_follow_the_convention(engine: Engine) -> None:
    db.upgrade(engine)
    assert _names(engine) == _expected_names()


def test_migrations_are_found_from_any_working_directory(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert db.migrations_folder().is_absolute()
    assert db.upgrade(engine) == ["0001", "0002"]


def test_upgrade_is_quiet_on_stdout_and_at_info(
    engine: Engine, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.INFO)
    db.upgrade(engine)
    assert capsys.readouterr().out == ""
    assert [r.name for r in caplog.records if r.name.startswith("alembic")] == []
    assert [r.getMessage() for r in caplog.records if r.name == "responder.store"] == [
        f"database {db.display_url(engine.url)}: applied revisions 0001, 0002"
    ]


def test_a_database_from_a_newer_responder_is_refused(engine: Engine, db_url: str) -> None:
    db.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StorageError, match="schema 9999, unknown to this version"):
        db.open_store(db_url)
    with pytest.raises(StorageError, match="schema 9999, unknown to this version"):
        db.check(db_url)


def test_check_reports_the_schema_state(engine: Engine, db_url: str) -> None:
    with engine.connect() as connection:  # an empty database that exists (SQLite: the file)
        connection.exec_driver_sql("SELECT 1")
    assert "reachable, empty" in db.check(db_url)
    db.upgrade(engine)
    assert db.check(db_url).endswith("schema at 0002 (latest)")


def test_check_does_not_create_a_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    assert db.check(f"sqlite:///{path}").endswith("new database, created on start")
    assert not path.exists()
    with pytest.raises(StorageError, match="does not exist"):
        db.check(f"sqlite:///{tmp_path / 'missing' / 'r.db'}")


def test_in_memory_sqlite_is_migrated_and_shared() -> None:
    store = db.open_store("sqlite://")
    try:
        with store.session() as session:
            session.execute(
                text(
                    "INSERT INTO threads (key, subject, first_activity_at, last_activity_at) "
                    "VALUES ('k', '', '2026-07-06 09:00:00', '2026-07-06 09:00:00')"
                )
            )
        with store.session() as session:
            assert session.scalar(text("SELECT count(*) FROM threads")) == 1
    finally:
        store.dispose()


def test_make_revision_finds_nothing_to_add(tmp_path: Path) -> None:
    """Autogenerate against the models writes an empty revision: the migrations are complete."""
    location = tmp_path / "migrations"
    shutil.copytree(db.migrations_folder(), location, ignore=shutil.ignore_patterns("__pycache__"))
    path = Path(db.make_revision("nothing new", script_location=location))
    assert path.name == "0003_nothing_new.py"
    source = path.read_text()
    assert "down_revision: str | Sequence[str] | None = '0002'" in source
    assert "op." not in source

"""`responder reprocess`: the facts it derives from stored bytes are those a fresh ingest stores.

The demo's sample mailbox (clients, a stonewalling delegate, a list, a bounce, an auto-reply, a
newsletter) goes through the pipeline; then the database is made to look like one written by a
release that stored no facts, and reprocess must give back exactly what ingest wrote, on SQLite
and PostgreSQL, whether it runs once, twice, or is interrupted half-way.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, select, update

from responder import config
from responder.adapters.store import facts as store_facts
from responder.adapters.store import models
from responder.adapters.store.db import Store
from responder.cli import demo
from responder.cli.main import cli
from responder.service import reprocess

NOW = dt.datetime(2026, 8, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def ingested(tmp_path: Path, store: Store) -> tuple[config.Config, dict[int, dict[str, object]], dict[int, tuple[str, str]]]:
    """The sample through the pipeline; the facts and outbox texts ingest stored, by row id."""
    config_path, maildir = demo.prepare(tmp_path / "sample")
    cfg = config.load(config_path)
    demo.deliver_in_time(cfg, store, maildir, demo.FolderTransport(tmp_path / "outbox"))
    return cfg, stored_facts(store), outbox_texts(store)


def stored_facts(store: Store) -> dict[int, dict[str, object]]:
    with store.session() as session:
        rows = session.scalars(select(models.MessageFacts)).all()
        return {row.message_id: store_facts.judged_values(row) for row in rows}


def outbox_texts(store: Store) -> dict[int, tuple[str, str]]:
    with store.session() as session:
        return {item.id: (item.subject, item.text) for item in session.scalars(select(models.OutboxItem))}


def as_written_by_an_older_release(store: Store) -> None:
    with store.session() as session:
        session.execute(delete(models.MessageFacts))
        session.execute(update(models.OutboxItem).values(subject="", text=""))


def test_reprocess_gives_the_facts_a_fresh_ingest_stores(ingested, store: Store) -> None:  # type: ignore[no-untyped-def]
    cfg, fresh, texts = ingested
    assert len(fresh) >= 15
    roles = {values["sender_role"] for values in fresh.values()}
    assert {models.Role.client, models.Role.delegate, models.Role.robot} <= roles
    assert any(values["stonewall_sentence"] and values["stonewall_rules"] for values in fresh.values())
    assert all(subject and text for subject, text in texts.values())
    as_written_by_an_older_release(store)
    summary = reprocess.run(cfg, store, now=NOW)
    assert (summary.examined, summary.added, summary.changed) == (len(fresh), len(fresh), 0)
    assert stored_facts(store) == fresh
    refilled = outbox_texts(store)
    assert summary.outbox_texts == len(texts)
    for item_id, (subject, text) in texts.items():
        assert refilled[item_id][0] == subject
        assert refilled[item_id][1].split() == text.split()


def test_a_second_run_changes_nothing_and_no_flag_is_raised_twice(ingested, store: Store) -> None:  # type: ignore[no-untyped-def]
    cfg, fresh, _texts = ingested
    with store.session() as session:
        flags_before = len(session.scalars(select(models.Flag)).all())
    summary = reprocess.run(cfg, store, now=NOW)
    assert (summary.added, summary.changed, summary.unchanged, summary.flags_raised) == (0, 0, len(fresh), 0)
    with store.session() as session:
        assert len(session.scalars(select(models.Flag)).all()) == flags_before


def test_an_interrupted_run_keeps_its_batches_and_the_next_one_finishes(  # type: ignore[no-untyped-def]
        ingested, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg, fresh, _texts = ingested
    as_written_by_an_older_release(store)
    monkeypatch.setattr(reprocess, "BATCH", 4)

    def stop_after_the_first_batch(done: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        reprocess.run(cfg, store, now=NOW, progress=stop_after_the_first_batch)
    assert len(stored_facts(store)) == 4
    summary = reprocess.run(cfg, store, now=NOW, missing_only=True)
    assert summary.added == len(fresh) - 4
    assert stored_facts(store) == fresh


def test_a_changed_judgement_is_written_and_reported(ingested, store: Store) -> None:  # type: ignore[no-untyped-def]
    cfg, fresh, _texts = ingested
    with store.session() as session:
        row = session.scalars(select(models.MessageFacts).where(
            models.MessageFacts.sender_role == models.Role.client)).first()
        assert row is not None
        changed_id, row.sender_role, row.request = row.message_id, models.Role.stranger, "stale"
    summary = reprocess.run(cfg, store, now=NOW)
    assert summary.changed == 1
    assert summary.changes[0].startswith(f"message {changed_id} ")
    assert "sender_role" in summary.changes[0] and "request" in summary.changes[0]
    assert stored_facts(store) == fresh


def test_the_command_reports_in_one_line_and_sends_nothing(ingested, store: Store, db_url: str) -> None:  # type: ignore[no-untyped-def]
    cfg, fresh, _texts = ingested
    as_written_by_an_older_release(store)
    with store.session() as session:
        queued_before = {item.id: item.state for item in session.scalars(select(models.OutboxItem))}
    text = cfg.path.read_text(encoding="utf-8").replace('url = "sqlite:///responder.db"', f'url = "{db_url}"')
    assert db_url in text
    cfg.path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["reprocess", "--config", str(cfg.path)])
    assert result.exit_code == 0, result.output
    assert f"reprocess: {len(fresh)} messages: facts added for {len(fresh)}, changed for 0" in result.output
    with store.session() as session:
        assert {item.id: item.state for item in session.scalars(select(models.OutboxItem))} == queued_before
    assert stored_facts(store) == fresh


def test_commands_derive_the_facts_an_earlier_release_did_not_store(ingested, store: Store, db_url: str) -> None:  # type: ignore[no-untyped-def]
    cfg, fresh, _texts = ingested
    as_written_by_an_older_release(store)
    text = cfg.path.read_text(encoding="utf-8").replace('url = "sqlite:///responder.db"', f'url = "{db_url}"')
    cfg.path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["flags", "--config", str(cfg.path), "--json"])
    assert result.exit_code == 0, result.output
    assert stored_facts(store) == fresh


def test_a_database_of_the_previous_schema_is_upgraded_and_given_the_same_facts(  # type: ignore[no-untyped-def]
        ingested, store: Store) -> None:
    """Down to revision 0001 (no facts, no margin, no outbox text: as the previous release wrote it), then up."""
    from responder.adapters.store import db

    cfg, fresh, texts = ingested
    assert db.downgrade(store.engine, "0001") == ["0002"]
    assert db.upgrade(store.engine) == ["0002"]
    assert stored_facts(store) == {}
    summary = reprocess.run(cfg, store, now=NOW, missing_only=True)
    assert summary.added == len(fresh)
    assert stored_facts(store) == fresh
    assert {item_id: subject for item_id, (subject, _text) in outbox_texts(store).items()} == {
        item_id: subject for item_id, (subject, _text) in texts.items()}

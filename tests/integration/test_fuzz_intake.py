"""The whole intake under broken and hostile mail: every message processed or recorded as failed
with its reason, and the next message processed (support/fuzzmail.py; ``scripts/fuzz-intake``
runs the same for as many messages as asked)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from responder import config
from responder.adapters.store.db import open_store
from responder.service.pipeline import Pipeline
from support import fuzzmail
from support.configs import write_config

NOW = dt.datetime(2026, 7, 8, 10, 0, tzinfo=dt.UTC)
BRIEFS = Path(__file__).resolve().parents[1] / "data" / "briefs"
IMAP = {"host": "127.0.0.1", "port": 10143, "security": "none", "username": "claire", "password_env": "UNUSED_PW"}
SMTP = {"host": "127.0.0.1", "port": 10025, "security": "none"}
PROJECTS = [{"id": "atlas", "name": "Atlas ERP migration", "brief": str(BRIEFS / "atlas.md"),
             "clients": ["@acme.example"], "keywords": ["ERP", "Atlas", "cutover"]}]


@pytest.mark.parametrize("seed", [1, 2])
def test_broken_mail_never_stops_the_intake(tmp_path: Path, seed: int) -> None:
    cfg = config.load(write_config(tmp_path, imap=IMAP, smtp=SMTP, projects=PROJECTS,
                                   reply={"max_per_hour": 10_000, "max_per_sender_per_day": 10_000}))
    store = open_store(f"sqlite:///{tmp_path / 'fuzz.db'}")
    try:
        tally = fuzzmail.run(Pipeline(cfg, store, now=lambda: NOW), store, seed=seed, count=600)
    finally:
        store.dispose()
    assert tally.processed + sum(tally.failed.values()) == 600 and tally.controls == 60

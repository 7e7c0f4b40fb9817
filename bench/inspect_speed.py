#!/usr/bin/env python3
"""Messages per second for `inspect` over the dev corpus repeated to about 2,000 messages.

usage: bench/inspect_speed.py [CORPUS_DIR] [--messages N]

Runs in one process on one core, the way `responder inspect` does: parse, thread, decide, sort,
choose the section, record in an in-memory SQLite database. Start-up (loading briefs, building
indexes, migrating the database) is timed separately. Also times the pure steps alone on the
same messages, so a regression can be traced to its step. The target is >= 300 messages/s.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from score_corpus import build_config  # noqa: E402

from responder import config, language, mime  # noqa: E402
from responder.pipeline import Incoming, Pipeline  # noqa: E402
from responder.store import db  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()
    corpus = Path(args.corpus).resolve()
    files = sorted((corpus / "messages").glob("*.eml"))
    raws = [f.read_bytes() for f in files]
    repeats = max(1, round(args.messages / len(raws)))
    batch = raws * repeats
    with tempfile.TemporaryDirectory() as tmp:
        cfg = config.load(build_config(corpus, Path(tmp)))
        started = time.perf_counter()
        store = db.open_store("sqlite://")
        pipeline = Pipeline(cfg, store, now=lambda: dt.datetime.now(dt.UTC))
        startup = time.perf_counter() - started
        language.detect("warm up the model")
        started = time.perf_counter()
        # Each repetition gets its own folder so nothing is taken for a duplicate; batches of 50
        # per transaction, as `inspect` and the poller use.
        incoming = [Incoming(raw=raw, source="bench", folder=f"r{n // len(raws)}", label=str(n)) for n, raw in enumerate(batch)]
        for start in range(0, len(incoming), 50):
            pipeline.process_batch(incoming[start:start + 50])
        elapsed = time.perf_counter() - started
        store.dispose()
    parse_times = []
    for raw in raws:
        t0 = time.perf_counter()
        mime.parse(raw)
        parse_times.append(time.perf_counter() - t0)
    floor = floor_rate(batch)
    rate = len(batch) / elapsed
    print(f"messages: {len(batch)} ({len(raws)} distinct x {repeats})")
    print(f"start-up (briefs, indexes, migrations): {startup * 1000:.0f} ms")
    print(f"inspect pipeline: {rate:.0f} messages/s ({elapsed * 1000 / len(batch):.2f} ms per message)")
    print(f"  of which mime+quoting alone: {statistics.mean(parse_times) * 1000:.2f} ms per message (mean)")
    print(f"floor, same run (stdlib message_from_bytes + get_body): {floor:.0f} messages/s; pipeline/floor = {rate / floor:.3f}")
    print("target: >= 300 messages/s")


def floor_rate(batch: list[bytes]) -> float:
    """What the standard library alone does with the same bytes: the machine's speed today."""
    started = time.perf_counter()
    for raw in batch:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
        try:
            if body is not None:
                body.get_content()
        except (LookupError, ValueError):  # a broken part: the floor does not repair it, it moves on
            pass
    return len(batch) / (time.perf_counter() - started)


if __name__ == "__main__":
    main()

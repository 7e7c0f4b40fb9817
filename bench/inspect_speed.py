#!/usr/bin/env python3
"""Messages per second for `inspect` over the dev corpus repeated to about 2,000 messages.

usage: bench/inspect_speed.py [CORPUS_DIR] [--messages N]

Runs in one process on one core, the way `responder inspect` does: parse, thread, decide, sort,
choose the section, record in an in-memory SQLite database. Start-up (loading briefs, building
indexes, migrating the database) is timed separately. One more pass over the corpus, with a
timer around each step, prints what each step costs per message, so a regression can be traced
to its step; the "no information" detection is also timed alone. The targets are >= 300
messages/s and a detection under 2 ms per message.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import email
import email.policy
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from score_corpus import build_config  # noqa: E402

from responder import config  # noqa: E402
from responder.adapters.store import db, queries  # noqa: E402
from responder.adapters.store import facts as store_facts  # noqa: E402
from responder.judge import flags, guard, stonewall  # noqa: E402
from responder.judge.parties import Directory  # noqa: E402
from responder.mail import contacts, language, mime  # noqa: E402
from responder.service.pipeline import Catalog, Incoming, Pipeline  # noqa: E402

# The steps of Pipeline._process, timed one by one: (label, object, attribute holding the step).
STEPS: tuple[tuple[str, Any, str], ...] = (
    ("mime parse + quoting", mime, "parse"),
    ("threading (find the thread)", Pipeline, "_thread"),
    ("guard (reply or not)", guard, "decide"),
    ("no-information detection", stonewall, "find"),
    ("project sort", Pipeline, "_sort"),
    ("language", language, "detect"),
    ("section choice", Pipeline, "_excerpt"),
    ("thread record (database)", Pipeline, "_save_thread"),
    ("message record (database)", Pipeline, "_record"),
    ("contact details (signature)", contacts, "contact_details"),
    ("request sentence", flags, "request_sentence"),
    ("facts record (database)", store_facts, "record_facts"),
    ("flags (rules)", flags, "for_message"),
    ("flags (database)", queries, "raise_message_flags"),
    ("reply text", Pipeline, "_queue_reply"),
)


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
        catalog = Catalog.from_config(cfg)
        store = db.open_store("sqlite://")
        Pipeline(cfg, store, now=lambda: dt.datetime.now(dt.UTC), catalog=catalog)
        startup = time.perf_counter() - started
        store.dispose()
        language.detect("warm up the model")
        elapsed = cpu = 0.0
        # Each repetition is the corpus arriving in a fresh mailbox (its own in-memory database),
        # so every message is decided, threaded and answered as new mail would be; a repeated
        # Message-ID in the same database would be taken for a copy and decided only once.
        # Batches of 50 per transaction, as `inspect` and the poller use.
        for _ in range(repeats):
            store = db.open_store("sqlite://")
            pipeline = Pipeline(cfg, store, now=lambda: dt.datetime.now(dt.UTC), catalog=catalog, replies="text")
            incoming = [Incoming(raw=raw, source="bench", folder="INBOX", label=str(n)) for n, raw in enumerate(raws)]
            t0, c0 = time.perf_counter(), time.process_time()
            for start in range(0, len(incoming), 50):
                pipeline.process_batch(incoming[start:start + 50])
            elapsed, cpu = elapsed + time.perf_counter() - t0, cpu + time.process_time() - c0
            store.dispose()
        steps, steps_total = step_costs(cfg, catalog, raws)
        detection = detection_cost(cfg, raws)
    parse_times = []
    for raw in raws:
        t0 = time.perf_counter()
        mime.parse(raw)
        parse_times.append(time.perf_counter() - t0)
    floor, floor_cpu = floor_rate(batch)
    rate, rate_cpu = len(batch) / elapsed, len(batch) / cpu
    print(f"messages: {len(batch)} ({len(raws)} distinct x {repeats})")
    print(f"start-up (briefs, indexes, templates, migrations): {startup * 1000:.0f} ms")
    print(f"inspect pipeline: {rate_cpu:.0f} messages/s of CPU time ({cpu * 1000 / len(batch):.2f} ms per message); "
          f"{rate:.0f} messages/s wall clock")
    print(f"  of which mime+quoting alone: {statistics.mean(parse_times) * 1000:.2f} ms per message (mean, wall clock)")
    print(f"floor, same run (stdlib message_from_bytes + get_body): {floor_cpu:.0f} messages/s of CPU time "
          f"({floor:.0f} wall clock); pipeline/floor = {rate_cpu / floor_cpu:.3f}")
    print(f"no-information detection alone (stonewall.find: phrases, lemmas, substance; every message read in full): {detection:.3f} ms per message "
          "(CPU time; target < 2 ms)")
    print(f"per step, one more pass over the {len(raws)} messages with a timer around each step "
          f"(CPU ms per message; {steps_total:.2f} in all, timers included):")
    for label, cost in steps.items():
        print(f"  {label:<32} {cost:6.3f}")
    print("target: >= 300 messages/s on one core (CPU time: what a shared, noisy machine does not distort)")


def step_costs(cfg: config.Config, catalog: Catalog, raws: list[bytes]) -> tuple[dict[str, float], float]:
    """CPU ms per message of each step of the pipeline, and of the rest (commit, outcome, logging)."""
    spent: collections.Counter[str] = collections.Counter()
    store = db.open_store("sqlite://")
    try:
        pipeline = Pipeline(cfg, store, now=lambda: dt.datetime.now(dt.UTC), catalog=catalog, replies="text")
        incoming = [Incoming(raw=raw, source="bench", folder="INBOX", label=str(n)) for n, raw in enumerate(raws)]
        with _timed_steps(spent):
            started = time.process_time()
            for start in range(0, len(incoming), 50):
                pipeline.process_batch(incoming[start:start + 50])
            total = time.process_time() - started
    finally:
        store.dispose()
    costs = {label: spent[label] * 1000 / len(raws) for label, owner, name in STEPS if hasattr(owner, name)}
    costs["the rest (commit, outcome, log)"] = (total - sum(spent.values())) * 1000 / len(raws)
    return costs, total * 1000 / len(raws)


@contextmanager
def _timed_steps(spent: collections.Counter[str]) -> Iterator[None]:
    """Wrap each step in STEPS (those this version has) with a CPU timer for the duration of the block."""
    present = [(label, owner, name) for label, owner, name in STEPS if hasattr(owner, name)]
    originals = [(owner, name, getattr(owner, name)) for _, owner, name in present]
    for (label, owner, name), (_, _, step) in zip(present, originals, strict=True):
        setattr(owner, name, _timer(label, step, spent))
    try:
        yield
    finally:
        for owner, name, step in originals:
            setattr(owner, name, step)


def _timer(label: str, step: Callable[..., Any], spent: collections.Counter[str]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return step(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - started
    return timed


def detection_cost(cfg: config.Config, raws: list[bytes], rounds: int = 5) -> float:
    """CPU ms per message of the stonewall judgement (phrases, lemmas, substance) over the parsed corpus."""
    parsed = [mime.parse(raw) for raw in raws]
    directory = Directory.build(cfg.employee.addresses, cfg.delegate.address, {})
    started = time.process_time()
    for _ in range(rounds):
        for message in parsed:
            stonewall.find(message, directory=directory, delegate_name=cfg.delegate.name, mass_or_robot=False,
                           language=None)
    return (time.process_time() - started) * 1000 / (rounds * len(parsed))


def floor_rate(batch: list[bytes]) -> tuple[float, float]:
    """What the standard library alone does with the same bytes: the machine's speed today (wall, CPU)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    for raw in batch:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
        try:
            if body is not None:
                body.get_content()
        except (LookupError, ValueError):  # a broken part: the floor does not repair it, it moves on
            pass
    return len(batch) / (time.perf_counter() - started), len(batch) / (time.process_time() - cpu_started)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Measure the digest on a labeled corpus: are the stonewalled threads listed first, and only they?

The corpus (format: ../shared/corpus/SPEC.md) is processed file by file, in arrival order,
through the service's own pipeline on a throwaway SQLite database; flags are raised as the
service raises them; then the return-day digest is built. The corpus' own thread ids are mapped
to responder's through the messages' Message-IDs.

Prints:
  * labelled-true threads listed: corpus threads holding a message labeled delegate_no_info=true
    that appear in "Call first", out of all such threads;
  * listed threads whose labels are all false: "Call first" threads with no message labeled
    delegate_no_info=true (overall, and among those flagged no_information);
  * whether the "Call first" order follows severity (at_risk, no_information, unanswered, angry).

Usage: bench/digest_corpus.py [CORPUS] [--show] [--output FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from score_corpus import build_config  # noqa: E402

from responder import config  # noqa: E402
from responder.adapters.store import db, models  # noqa: E402
from responder.mail import mime
from responder.returnday import digest
from responder.service import digest_job
from responder.service.pipeline import Incoming, Pipeline, fallback_message_id  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    parser.add_argument("--show", action="store_true", help="Print the call-first list with the corpus' threads.")
    parser.add_argument("--output", type=Path, help="Also write the digest as text to this file, to read it whole.")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    labels = [json.loads(line) for line in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        cfg = config.load(build_config(corpus, Path(tmp)))
        morning = dt.datetime.combine(cfg.absence.end + dt.timedelta(days=1), digest_job.parse_send_at(cfg.digest.send_at),
                                      cfg.absence.zone) + dt.timedelta(minutes=5)
        store = db.open_store(db.resolve_url(cfg.storage.url, cfg.folder))
        try:
            pipeline = Pipeline(cfg, store, now=lambda: morning)
            ids: dict[str, str] = {}
            for label in labels:
                raw = (corpus / "messages" / label["file"]).read_bytes()
                parsed = mime.parse(raw)
                ids[label["file"]] = parsed.message_id or fallback_message_id(parsed, raw)
                pipeline.process(Incoming(raw=raw, source="file", folder="corpus", label=label["file"]))
            built = digest.collect(cfg, store, now=morning)
            if args.output:
                args.output.write_text(digest.render(built, "text", digest.digest_templates(cfg)), encoding="utf-8")
            with store.session() as session:
                ours = {m.message_id: m.thread_id for m in session.query(models.Message) if m.reply_reason != "copy"}
        finally:
            store.dispose()
    report(labels, ids, ours, built, show=args.show)


def report(labels: list[dict], ids: dict[str, str], ours: dict[str, int | None], built: digest.Digest, *, show: bool) -> None:
    corpus_of: dict[int, set[str]] = defaultdict(set)  # our thread → corpus threads
    ours_of: dict[str, set[int]] = defaultdict(set)  # corpus thread → our threads
    true_threads: set[str] = set()
    for label in labels:
        thread = ours.get(ids[label["file"]])
        if thread is not None:
            corpus_of[thread].add(label["thread"])
            ours_of[label["thread"]].add(thread)
        if label["delegate_no_info"] is True:
            true_threads.add(label["thread"])
    listed = {view.id for view in built.call_first}
    found = {t for t in true_threads if ours_of[t] & listed}
    false_listed = [v for v in built.call_first if not corpus_of[v.id] & true_threads]
    false_no_info = [v for v in false_listed if "no_information" in v.kinds]
    ranks = [digest.KIND_ORDER.index(v.kind) for v in built.call_first]
    print(f"labelled-true threads listed: {len(found)}/{len(true_threads)}")
    missed = sorted(true_threads - found)
    if missed:
        print(f"  not listed: {', '.join(missed)}")
    print(f"threads listed whose labels are all false: {len(false_listed)} of {len(built.call_first)} listed "
          f"({len(false_no_info)} of them flagged no_information)")
    for view in false_listed:
        print(f"  {view.label} {', '.join(view.kinds)} (corpus {', '.join(sorted(corpus_of[view.id]))}): {view.why[:90]}")
    print(f"order follows severity: {'yes' if ranks == sorted(ranks) else 'no'} "
          f"({', '.join(f'{k} {ranks.count(i)}' for i, k in enumerate(digest.KIND_ORDER))})")
    if show:
        for view in built.call_first:
            print(f"  {view.label:<5} {view.kind:<15} {', '.join(sorted(corpus_of[view.id]))}  {view.client.address}")


if __name__ == "__main__":
    main()

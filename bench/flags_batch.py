#!/usr/bin/env python3
"""Score the at-risk and angry flags on labelled challenge batches, per language, through `responder inspect`.

A batch (tests/fixtures/flags/*.jsonl, written blind by people who read neither the rules nor the
dev corpus) holds one client message a line: from, to, subject, body, ``kind`` (at_risk | angry),
``label`` (does the client's new text say it) and ``lang``. The messages are laid out as a corpus
(as bench/stonewall_batch.py does) and run through `responder inspect --json`; a message counts as
flagged when its ``flags`` hold the batch's kind.

Usage: bench/flags_batch.py BATCH.jsonl [BATCH.jsonl …] [--responder CMD] [--misses] [--json]
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from score_corpus import run_inspect  # noqa: E402
from stonewall_batch import as_corpus  # noqa: E402


def _as_batch_item(item: dict[str, Any]) -> dict[str, Any]:
    """The stonewall layout's fields for a flags item: never a stonewall, recipients as lists."""
    to, cc = item.get("to") or [], item.get("cc") or []
    return {**item, "to": [to] if isinstance(to, str) else to, "cc": [cc] if isinstance(cc, str) else cc,
            "stonewall": False, "evidence": None}


def flagged(items: list[dict[str, Any]], responder: str) -> list[bool]:
    """Whether inspect raised each item's own kind of flag."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = as_corpus([_as_batch_item(item) for item in items], Path(tmp) / "corpus")
        labels = [json.loads(line) for line in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
        preds = run_inspect(corpus, labels, responder)
    return [item["kind"] in (preds.get(label["file"], {}).get("flags") or []) for item, label in zip(items, labels)]


def figures(items: list[dict[str, Any]], found: list[bool]) -> dict[str, Any]:
    tp = sum(f and bool(i["label"]) for i, f in zip(items, found))
    fp = sum(f and not i["label"] for i, f in zip(items, found))
    positives = sum(bool(i["label"]) for i in items)
    return {"precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / positives, 4) if positives else None,
            "positives": positives, "messages": len(items)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("batches", nargs="+", type=Path)
    parser.add_argument("--responder", default=f"{shlex.quote(sys.executable)} -m responder")
    parser.add_argument("--misses", action="store_true", help="list the messages judged wrongly")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    items = [json.loads(line) for path in args.batches for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    found = flagged(items, args.responder)
    report: dict[str, Any] = {}
    for kind in sorted({item["kind"] for item in items}):
        by_lang: dict[str, list[int]] = defaultdict(list)
        for n, item in enumerate(items):
            if item["kind"] == kind:
                by_lang[item["lang"]].append(n)
                by_lang["all"].append(n)
        report[kind] = {lang: figures([items[n] for n in ns], [found[n] for n in ns]) for lang, ns in sorted(by_lang.items())}
        if args.misses and not args.json:
            for n in by_lang["all"]:
                if found[n] != bool(items[n]["label"]):
                    print(f"  {items[n]['id']} {'FN' if items[n]['label'] else 'FP'} ({items[n].get('category', '')})")
    if args.json:
        print(json.dumps(report))
        return
    for kind, langs in report.items():
        for lang, values in langs.items():
            print(f"{kind} {lang:>4}: precision {values['precision']}, recall {values['recall']} "
                  f"({values['positives']} positives in {values['messages']} messages)")


if __name__ == "__main__":
    main()

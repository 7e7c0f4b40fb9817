#!/usr/bin/env python3
"""Score stonewall detection on labelled challenge batches, per language, with the corpus scorer's definitions.

A batch (tests/fixtures/stonewall/*.jsonl, written blind by people who read neither the detector
nor the dev corpus) holds one message a line: from, to, cc, subject, body, ``stonewall`` and
``evidence`` (authored | quoted | reported | null), ``lang`` and ``kind``. Each batch file, and
all of them together, is laid out as a corpus in ../shared/corpus/SPEC.md's format (people.toml,
projects.toml, briefs, messages/*.eml, labels.jsonl) and scored through `responder inspect`
with bench/score_corpus.py, so the figures are those ../shared/tools/score.py prints.

Usage: bench/stonewall_batch.py BATCH.jsonl [BATCH.jsonl …] [--responder CMD] [--semantic] [--misses] [--json]

--semantic turns on ``[detection] semantic`` (needs responder[semantic]): the rules, then the
doubt zone read by meaning.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
from collections import defaultdict
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from score_corpus import metrics, run_inspect  # noqa: E402

PEOPLE = """[employee]
name = "Claire Martin"
address = "claire.martin@atelier-nord.example"
aliases = []

[delegate]
name = "Paul Durand"
address = "paul.durand@atelier-nord.example"
phone = "+33 4 72 00 00 00"
role = "Project engineer"

[absence]
start = "2026-07-06"
end = "2026-07-24"
timezone = "Europe/Paris"
"""

# The four client firms the batch writers were given (README of tests/fixtures/stonewall):
# (id, name, client domain, keywords).
FIRMS = (
    ("hafen", "Hafen warehouse renovation", "brueckner-logistik.example", ("Hafen", "warehouse", "Lager")),
    ("quai-ouest", "Quai Ouest office fit-out", "immo-rivage.example", ("Quai Ouest", "aménagement")),
    ("school", "School extension", "vandijkbouw.example", ("school", "uitbreiding")),
    ("pavilion", "Event pavilion", "harbourevents.example", ("pavilion", "paviljoen")),
)
PROJECTS = "\n".join(
    f'[[projects]]\nid = "{pid}"\nname = "{name}"\nbrief = "briefs/{pid}.md"\nclients = ["@{domain}"]\n'
    f"keywords = {json.dumps(list(keywords), ensure_ascii=False)}\n" for pid, name, domain, keywords in FIRMS)

BRIEFS = {
    "school": "# School extension\n\n## Planning\nDe uitbreiding is half november klaar.\n",
    "pavilion": "# Event pavilion\n\n## Schedule\nThe pavilion is built from 3 August.\n",
    "hafen": "# Hafen\n\n## Schedule\nDemolition ends 17 July; roofing starts 20 July.\n\n"
             "## Budget (internal)\nMargin 12 %.\n",
    "quai-ouest": "# Quai Ouest\n\n## Planning\nLivraison des cloisons le 21 juillet.\n\n"
                  "## Marges (internal)\nMarge 10 %.\n",
}


def as_corpus(items: list[dict[str, Any]], folder: Path) -> Path:
    """Lay the batch out as a corpus folder (SPEC.md format) and return it."""
    (folder / "messages").mkdir(parents=True)
    (folder / "briefs").mkdir()
    (folder / "people.toml").write_text(PEOPLE, encoding="utf-8")
    (folder / "projects.toml").write_text(PROJECTS, encoding="utf-8")
    for name, text in BRIEFS.items():
        (folder / "briefs" / f"{name}.md").write_text(text, encoding="utf-8")
    labels = []
    for n, item in enumerate(items, start=1):
        file = f"{n:04d}.eml"
        (folder / "messages" / file).write_bytes(_message(item, n))
        labels.append({"file": file, "thread": f"t{n:04d}", "kind": item.get("kind", ""), "language": item.get("lang"),
                       "delegate_no_info": bool(item["stonewall"]), "evidence": item.get("evidence"), "id": item["id"],
                       "reply": False, "reply_reason": None})
    (folder / "labels.jsonl").write_text("".join(json.dumps(label, ensure_ascii=False) + "\n" for label in labels),
                                         encoding="utf-8")
    return folder


def _message(item: dict[str, Any], n: int) -> bytes:
    import datetime as dt

    message = EmailMessage()
    # As the firm's receiving server delivers it: the sender's domain passed DMARC (the batches are not about forgery).
    sender_domain = item["from"].rsplit("@", 1)[-1].strip("> ")
    message["Authentication-Results"] = f"mx1.atelier-nord.example; dmarc=pass header.from={sender_domain}"
    message["From"] = item["from"]
    message["To"] = ", ".join(item.get("to") or []) or "Claire Martin <claire.martin@atelier-nord.example>"
    if item.get("cc"):
        message["Cc"] = ", ".join(item["cc"])
    message["Subject"] = item.get("subject", "")
    message["Date"] = format_datetime(dt.datetime(2026, 7, 14, 9, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=n))
    message["Message-ID"] = make_msgid(f"b{n}", domain="batch.example")
    message.set_content(item["body"])
    return bytes(message)


def score(items: list[dict[str, Any]], responder: str, config_extra: str = "") -> tuple[dict[str, Any], list[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = as_corpus(items, Path(tmp) / "corpus")
        labels = [json.loads(line) for line in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
        preds = run_inspect(corpus, labels, responder, config_extra)
        result, _misses = metrics(labels, preds, corpus)
        wrong = []
        for label in labels:
            pred = preds.get(label["file"], {})
            if bool(pred.get("delegate_no_info")) != label["delegate_no_info"]:
                wrong.append(f"{label['id']} {'FN' if label['delegate_no_info'] else 'FP'} ({label['kind']})")
            elif label["delegate_no_info"] and pred.get("evidence") != label["evidence"]:
                wrong.append(f"{label['id']} evidence {pred.get('evidence')} for {label['evidence']} ({label['kind']})")
    return {k: result.get(k) for k in ("noinfo_precision", "noinfo_recall", "evidence_acc")}, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("batches", nargs="+", type=Path)
    parser.add_argument("--responder", default=f"{shlex.quote(sys.executable)} -m responder")
    parser.add_argument("--semantic", action="store_true", help="turn on [detection] semantic")
    parser.add_argument("--misses", action="store_true", help="list the messages judged wrongly")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    extra = "[detection]\nsemantic = true\n" if args.semantic else ""
    items = [json.loads(line) for path in args.batches for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    by_lang: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        by_lang[item["lang"]].append(item)
    figures: dict[str, Any] = {}
    for lang, group in sorted(by_lang.items()):
        figures[lang], wrong = score(group, args.responder, extra)
        figures[lang]["messages"] = len(group)
        figures[lang]["stonewalls"] = sum(bool(i["stonewall"]) for i in group)
        if args.misses and not args.json:
            print(f"{lang} misses ({len(wrong)}):")
            for line in wrong:
                print(f"  {line}")
    figures["all"], _ = score(items, args.responder, extra)
    figures["all"]["messages"] = len(items)
    figures["all"]["stonewalls"] = sum(bool(i["stonewall"]) for i in items)
    if args.json:
        print(json.dumps(figures))
        return
    for name, values in figures.items():
        print(f"{name:>4}: precision {values['noinfo_precision']}, recall {values['noinfo_recall']}, evidence "
              f"{values['evidence_acc']} ({values['stonewalls']} stonewalls in {values['messages']} messages)")


if __name__ == "__main__":
    main()

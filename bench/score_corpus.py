#!/usr/bin/env python3
"""Score `responder inspect` against a labeled corpus and print the figures the issues quote.

usage: bench/score_corpus.py [CORPUS_DIR] [--responder CMD] [--misses FIELD] [--json]

CORPUS_DIR defaults to ../shared/corpus/dev beside the checkout (format: corpus/SPEC.md). The
metrics follow the shared reference scorer's definitions exactly, so both print the same
numbers; this one adds the messages behind each miss (--misses project|section|language|reply|
reason|noinfo|evidence) to see what to improve.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LOOP_REASONS = {"list", "bulk", "auto-submitted", "bounce", "noreply", "self", "delegate", "spam"}


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if hasattr(value, "isoformat"):
        return json.dumps(value.isoformat())
    return json.dumps(str(value), ensure_ascii=False)


def build_config(corpus: Path, tmp: Path, extra: str = "") -> Path:
    """A config from the corpus' people.toml and projects.toml, with loopback servers; ``extra`` is
    appended as written (more tables, e.g. "[detection]\nsemantic = true")."""
    people = tomllib.loads((corpus / "people.toml").read_text(encoding="utf-8"))
    projects = tomllib.loads((corpus / "projects.toml").read_text(encoding="utf-8"))
    lines: list[str] = []
    for table in ("employee", "delegate", "absence"):
        lines.append(f"[{table}]")
        lines += [f"{k} = {toml_value(v)}" for k, v in people[table].items()]
    for project in projects["projects"]:
        lines.append("[[projects]]")
        for key, value in project.items():
            lines.append(f"{key} = {toml_value(str((corpus / value).resolve()) if key == 'brief' else value)}")
    lines += ["[imap]", 'host = "127.0.0.1"', "port = 10143", 'security = "none"', 'username = "employee"',
              'password_env = "RESPONDER_BENCH_PASSWORD"', "[smtp]", 'host = "127.0.0.1"', "port = 10025",
              'security = "none"', "[storage]", f'url = "sqlite:///{tmp}/state.db"']
    path = tmp / "config.toml"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def internal_lines(corpus: Path) -> list[str]:
    """Lines (30+ characters) of every "(internal)" section: none may appear in a reply."""
    found = []
    for project in tomllib.loads((corpus / "projects.toml").read_text(encoding="utf-8"))["projects"]:
        inside = False
        for line in (corpus / project["brief"]).read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                inside = line.rstrip().lower().endswith("(internal)")
                continue
            text = line.strip(" -*\t")
            if inside and len(text) >= 30:
                found.append(text)
    return found


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().strip("#").strip()).lower()


def ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def run_inspect(corpus: Path, labels: list[dict[str, Any]], responder: str,
                config_extra: str = "") -> dict[str, dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        config = build_config(corpus, Path(tmp), config_extra)
        files = [str(corpus / "messages" / label["file"]) for label in labels]
        env = dict(os.environ, RESPONDER_BENCH_PASSWORD="unused")
        done = subprocess.run([*shlex.split(responder), "inspect", "--config", str(config), "--json", *files],
                              capture_output=True, text=True, env=env, timeout=900, check=False)
    if done.returncode != 0:
        sys.exit(f"inspect failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}")
    predictions = {}
    for line in done.stdout.splitlines():
        if line.strip().startswith("{"):
            obj = json.loads(line)
            predictions[os.path.basename(obj.get("file", ""))] = obj
    return predictions


def metrics(labels: list[dict[str, Any]], preds: dict[str, dict[str, Any]], corpus: Path) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The reference scorer's metrics, plus the files behind each miss."""
    p = lambda label: preds.get(label["file"], {})  # noqa: E731
    m: dict[str, Any] = {"messages": len(labels), "answered": sum(l["file"] in preds for l in labels)}
    misses: dict[str, list[str]] = {}

    def miss(kind: str, label: dict[str, Any], got: Any) -> None:
        misses.setdefault(kind, []).append(f"{label['file']}: want {label.get(kind_field[kind])!r} got {got!r}")

    kind_field = {"project": "project", "section": "section", "language": "language", "reply": "reply",
                  "reason": "reply_reason", "noinfo": "delegate_no_info", "evidence": "evidence", "false_project": "project"}
    with_project = [l for l in labels if l.get("project")]
    m["project_acc"] = ratio(sum(p(l).get("project") == l["project"] for l in with_project), len(with_project))
    for l in with_project:
        if p(l).get("project") != l["project"]:
            miss("project", l, p(l).get("project"))
    no_project = [l for l in labels if not l.get("project")]
    m["project_false_assign"] = ratio(sum(bool(p(l).get("project")) for l in no_project), len(no_project))
    for l in no_project:
        if p(l).get("project"):
            miss("false_project", l, p(l).get("project"))
    with_section = [l for l in labels if l.get("section") and l.get("excerpt") and p(l).get("project") == l.get("project")]
    m["section_acc"] = ratio(sum(norm(p(l).get("section")) == norm(l["section"]) for l in with_section), len(with_section))
    for l in with_section:
        if norm(p(l).get("section")) != norm(l["section"]):
            miss("section", l, p(l).get("section"))
    with_language = [l for l in labels if l.get("language")]
    m["language_acc"] = ratio(sum((p(l).get("language") or "")[:2] == l["language"] for l in with_language), len(with_language))
    for l in with_language:
        if (p(l).get("language") or "")[:2] != l["language"]:
            miss("language", l, p(l).get("language"))
    have_reply = [l for l in labels if p(l).get("reply") is not None]
    if have_reply:
        m["reply_agree"] = ratio(sum(bool(p(l)["reply"]) == bool(l["reply"]) for l in have_reply), len(have_reply))
        m["loop_replies"] = sum(bool(p(l)["reply"]) and l.get("reply_reason") in LOOP_REASONS for l in have_reply)
        negative = [l for l in have_reply if not l["reply"] and l.get("reply_reason")]
        m["reason_agree"] = ratio(sum(p(l).get("reply_reason") == l["reply_reason"] for l in negative), len(negative))
        m["missed_replies"] = sum(l["reply"] and not p(l)["reply"] for l in have_reply)
        for l in have_reply:
            if bool(p(l)["reply"]) != bool(l["reply"]):
                miss("reply", l, (p(l)["reply"], p(l).get("reply_reason")))
            elif not l["reply"] and l.get("reply_reason") and p(l).get("reply_reason") != l["reply_reason"]:
                miss("reason", l, p(l).get("reply_reason"))
    m["excerpt_leaks"] = sum(bool(p(l).get("excerpt")) and l.get("excerpt") is False for l in labels)
    internals = internal_lines(corpus)
    m["internal_leaks"] = sum(any(s in (p(l).get("reply_text") or "") for s in internals) for l in labels)
    scored = [l for l in labels if l.get("delegate_no_info") is not None and p(l).get("delegate_no_info") is not None]
    if scored:
        tp = [l for l in scored if l["delegate_no_info"] and p(l)["delegate_no_info"]]
        fp = [l for l in scored if not l["delegate_no_info"] and p(l)["delegate_no_info"]]
        fn = [l for l in scored if l["delegate_no_info"] and not p(l)["delegate_no_info"]]
        m["noinfo_precision"] = ratio(len(tp), len(tp) + len(fp))
        m["noinfo_recall"] = ratio(len(tp), len(tp) + len(fn))
        m["evidence_acc"] = ratio(sum(p(l).get("evidence") == l.get("evidence") for l in tp), len(tp))
        for l in fp + fn:
            miss("noinfo", l, p(l).get("delegate_no_info"))
        for l in tp:
            if p(l).get("evidence") != l.get("evidence"):
                miss("evidence", l, p(l).get("evidence"))
    m["parse_failures"] = m["messages"] - m["answered"]
    m["internal_sections_chosen"] = sum(norm(p(l).get("section")).endswith("(internal)") for l in labels)
    m["messages_with_defects"] = sum(bool(p(l).get("defects")) for l in labels)
    return m, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    parser.add_argument("--responder", default=str(ROOT / ".venv" / "bin" / "responder"))
    parser.add_argument("--misses", action="append", default=[], help="print the messages missed for this field")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    corpus = Path(args.corpus).resolve()
    labels = [json.loads(line) for line in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    preds = run_inspect(corpus, labels, args.responder)
    result, misses = metrics(labels, preds, corpus)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    for kind in args.misses:
        print(f"\n{kind} misses ({len(misses.get(kind, []))}):")
        for line in misses.get(kind, []):
            print("  " + line)


if __name__ == "__main__":
    main()

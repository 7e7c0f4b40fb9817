#!/usr/bin/env python3
"""Milliseconds to compose one auto-reply and one handover, best of several runs.

usage: bench/compose_speed.py [--runs N] [--number N]

The message writer is on the path of every client message during an absence; this keeps its
cost visible beside the rest of the pipeline. Each run times ``--number`` messages; the figure
is the best run's mean (the other runs are what the machine's neighbours cost), and the median.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import timeit
from pathlib import Path
from zoneinfo import ZoneInfo

from responder.compose.composer import (
    Delegate,
    InternalText,
    Person,
    ProjectInfo,
    ReplySettings,
    compose_handover,
    compose_reply,
)
from responder.compose.templates import TemplateSet
from responder.judge import briefs
from responder.mail import mime

ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2026, 7, 20, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
SETTINGS = ReplySettings(Person("Alex Durand", "alex.durand@corp.example"),
                         Delegate("Sam Martin", "sam.martin@corp.example", "+33 1 23 45 67 89", "Project manager"),
                         dt.date(2026, 7, 24))
MESSAGE = (
    "From: =?utf-8?q?Jos=C3=A9_Lambert?= <jo@acme.example>\r\nTo: Alex Durand <alex.durand@corp.example>\r\n"
    "Subject: =?utf-8?q?Re=3A_R=C3=A9union_de_lancement?=\r\nDate: Mon, 20 Jul 2026 09:00:00 +0200\r\n"
    "Message-ID: <q1@acme.example>\r\nReferences: <r1@acme.example> <r2@acme.example>\r\n\r\n"
    "Bonjour Alex,\r\n\r\nQuand a lieu la mise en production du module de stock ?\r\n\r\nJosé\r\n"
).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--number", type=int, default=500)
    args = parser.parse_args()
    brief = briefs.load(ROOT / "tests" / "data" / "briefs" / "atlas.md")
    internal = InternalText.from_briefs([brief])
    templates = TemplateSet(None, "en")
    project = ProjectInfo("atlas", "Atlas ERP migration")
    excerpt = next(s for s in brief.public_sections if s.heading == "Schedule")
    original = mime.parse(MESSAGE)

    def reply() -> None:
        compose_reply(original, settings=SETTINGS, templates=templates, language="fr", now=NOW, internal=internal,
                      project=project, excerpt=excerpt)

    def handover() -> None:
        compose_handover(original, settings=SETTINGS, templates=templates, language="fr", now=NOW, thread="t1",
                         project=project, sections=brief.sections, excerpt=excerpt)

    for label, function in (("reply", reply), ("handover", handover)):
        function()  # warm the caches, as a running service has them
        runs = [seconds * 1000 / args.number for seconds in timeit.repeat(function, number=args.number, repeat=args.runs)]
        print(f"{label:9s} best {min(runs):.3f} ms/message  median {statistics.median(runs):.3f}  "
              f"({args.runs} runs of {args.number})")


if __name__ == "__main__":
    main()

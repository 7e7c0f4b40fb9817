#!/usr/bin/env python3
"""Where a backlog poll's time goes: `poll --once` run in this process, a timer around each phase.

usage: bench/poll_phases.py [--messages N]

Starts a private Dovecot and an SMTP recorder (as bench/poll_speed.py does, with the same
messages), runs `commands.poll_once` in-process and prints, per incoming message, the time spent
in fetching, parsing, the pipeline, composing and queueing, and each delivery step, beside the
floor of the same run. The SMTP recorder runs in this process, so its work counts in the
delivery figures here, unlike in poll_speed.py: read these as shares, not as the bench figure.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import functools
import inspect
import logging
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import poll_speed as ps  # noqa: E402

from responder.adapters import smtp
from responder.adapters.sources import imap as imap_source  # noqa: E402
from responder.cli import commands  # noqa: E402
from responder.compose import composer
from responder.mail import mime
from responder.service import outbox, pipeline, replies

SECONDS: dict[str, float] = collections.defaultdict(float)
CALLS: collections.Counter[str] = collections.Counter()

PHASES = [
    (imap_source.ImapSource, "fetch"), (pipeline.Pipeline, "process_batch"), (mime, "parse"),
    (replies.ReplyQueue, "queue"), (composer, "compose_reply"), (composer, "compose_handover"),
    (outbox.Outbox, "deliver_all"), (smtp.SmtpTransport, "send"), (outbox.Outbox, "_claim"),
    (outbox.Outbox, "_record_sent"), (outbox.Outbox, "_save_copies"),
]


def timed(owner: Any, name: str) -> None:
    """Replace ``owner.name`` by a wrapper adding its wall time to SECONDS (coroutines too)."""
    original: Callable[..., Any] = getattr(owner, name)
    label = f"{getattr(owner, '__name__', owner)}.{name}"

    if inspect.iscoroutinefunction(original):
        @functools.wraps(original)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                SECONDS[label] += time.perf_counter() - started
                CALLS[label] += 1
    else:
        @functools.wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                SECONDS[label] += time.perf_counter() - started
                CALLS[label] += 1
    setattr(owner, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=1000, help="backlog size (default 1000)")
    count = parser.parse_args().messages
    for owner, name in PHASES:
        timed(owner, name)
    tmp = Path(tempfile.mkdtemp(prefix="responder-poll-phases-"))
    tmp.chmod(0o755)
    pki = ps.make_pki(tmp / "pki")
    dovecot = ps.DovecotServer(tmp, pki, port=ps.free_port(), tls_port=ps.free_port())
    recorder = ps.SmtpServer(pki, port=ps.free_port(), starttls_port=ps.free_port(), tls_port=ps.free_port())
    try:
        rng, start = random.Random(2024), dt.datetime.combine(ps.ABSENCE[0], dt.time(9), dt.UTC)
        dated = [start + dt.timedelta(seconds=n * 97) for n in range(count)]
        ps.seed_folder(dovecot.maildir("employee"), [(ps.make_message(n, rng, when), when) for n, when in enumerate(dated)])
        if os.getuid() == 0:
            ps.chown_tree(dovecot.layout.home_root, dovecot.accounts.mail_uid, dovecot.accounts.mail_gid)
        dovecot.start()
        recorder.start()
        cfg_path = ps.write_config(tmp, imap=ps.imap_settings(dovecot, security="none"),
                                   smtp=ps.smtp_settings(recorder, security="none"),
                                   absence={"start": ps.ABSENCE[0], "end": ps.ABSENCE[1]},
                                   storage={"url": f"sqlite:///{tmp}/state.db"})
        ps.floor_run(dovecot, "employee")  # warm-up, untimed
        floor_wall, _floor_cpu, _n = ps.floor_run(dovecot, "employee")
        cfg = commands.load_config(str(cfg_path))
        logging.disable(logging.INFO)
        wall, cpu = time.perf_counter(), time.process_time()
        commands.poll_once(cfg)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{count} messages: poll --once {wall:.2f} s wall, {cpu:.2f} s CPU; floor {floor_wall:.2f} s; "
              f"ratio {wall / floor_wall:.2f}; {len(recorder.received)} SMTP messages")
        print(f"  {'floor (fetch + stdlib parse)':<40} {1000 * floor_wall / count:6.2f} ms per message")
        for label, seconds in sorted(SECONDS.items(), key=lambda item: -item[1]):
            print(f"  {label:<40} {1000 * seconds / count:6.2f} ms per message ({CALLS[label]} calls)")
    finally:
        recorder.stop()
        dovecot.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

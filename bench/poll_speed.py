#!/usr/bin/env python3
"""Polling speed against a private Dovecot and an aiosmtpd recorder, all started (and removed) here.

usage: bench/poll_speed.py [--messages N] [--quick]

Prints, measured in one run (figures as ratios to a floor of the same run: the machine is shared):

1. backlog: N mixed messages (2-50 KB: plain, HTML, attachments; dated inside the absence,
   distinct client senders) through `responder poll --once` in a subprocess (fetch, parse, sort,
   decide, store in SQLite, queue, deliver to the SMTP recorder, copy to Sent), against a floor
   of one `UID FETCH 1:* (BODY.PEEK[])` plus stdlib parse and get_body() on the same messages.
   Target <= 3. The floor is timed before and after the backlog; the faster one is used.
2. nothing new: one `poll_folder` call on a folder of 10,000 messages vs one of 100, the sync
   state primed (written directly) so the watermark is at the top. Each folder is polled on its
   own connection, kept from one poll to the next, as `responder run` does. Targets ratio <= 1.2,
   <= 50 ms. Also printed, for reference: the first poll on a new connection (connect, login,
   EXAMINE). The bench used to poll both folders on one connection, so each poll re-opened a
   folder after the other one, which Dovecot pays in proportion to the folder's size.
3. IDLE latency, APPEND done to reply received, if `responder run` exists. Target <= 250 ms.
   Also measured: Dovecot's own notice to a bare IDLE client, which no client can be faster than.
4. peak RSS of the backlog subprocess (wait4 ru_maxrss, started through a small launcher process
   so that the bench's own memory is not counted: see LAUNCH). Target <= 200 MB.

Mailboxes are seeded as Maildir files before Dovecot starts: far faster than APPEND over IMAP.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import email
import email.policy
import json
import logging
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import imapclient
from imapclient.response_parser import parse_fetch_response

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from responder import config  # noqa: E402
from responder.adapters.sources.imap import ImapSource  # noqa: E402
from responder.adapters.store import db, queries  # noqa: E402
from responder.service.pipeline import Pipeline  # noqa: E402
from responder.service.poller import poll_folder, source_name  # noqa: E402
from support.configs import imap_settings, smtp_settings, write_config  # noqa: E402
from support.dovecot import DovecotServer  # noqa: E402
from support.pki import make_pki  # noqa: E402
from support.servers import free_port  # noqa: E402
from support.smtpd import SmtpServer  # noqa: E402

RESPONDER = [sys.executable, "-m", "responder"]
ABSENCE = tuple(dt.date.today() + dt.timedelta(days=d) for d in (-14, 14))  # contains now: IDLE mail gets replies
WORDS = ("atlas migration cutover weekend invoice schedule delivery server data export read-only "
         "contract planning meeting question thanks access test report release backup window").split()


def text(rng: random.Random, size: int) -> str:
    words = rng.choices(WORDS, k=max(12, size // 7))  # about 7 characters per word and space
    return "\n".join(" ".join(words[i:i + 12]).capitalize() + "." for i in range(0, len(words), 12))


def make_message(n: int, rng: random.Random, when: dt.datetime, size: int | None = None, bulk: bool | None = None) -> bytes:
    """One deterministic client message of 2-50 KB: plain, HTML + plain, or with an attachment."""
    size = size or rng.randint(2_000, 50_000)
    kind = rng.choice(("plain", "html", "attachment"))
    bulk = n % 10 == 9 if bulk is None else bulk  # one in ten is a newsletter: no reply
    sender = f"news{n}@lists.example" if bulk else f"client{n}@acme.example"
    msg = EmailMessage()
    msg["Received"] = f"from mail.acme.example by mx.example.com; {format_datetime(when)}"
    msg["Authentication-Results"] = "mx.example.com; dmarc=pass header.from=acme.example"
    msg["From"] = f"Client {n} <{sender}>"
    msg["To"] = "Claire Martin <claire@example.com>"
    msg["Subject"] = f"Atlas {rng.choice(WORDS)} question #{n}"
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<bench{n}.{rng.getrandbits(32):x}@acme.example>"
    if bulk:
        msg["List-Id"] = "<news.lists.example>"
        msg["Precedence"] = "bulk"
    words = {"plain": size - 700, "html": (size - 900) // 2, "attachment": 800}[kind]  # HTML repeats the text
    body = "Hello Claire,\n\n" + text(rng, words) + "\n\nRegards,\nClient"
    msg.set_content(body)
    if kind == "html":
        msg.add_alternative("<html><body><p>" + body.replace("\n", "<br>\n") + "</p></body></html>", subtype="html")
    elif kind == "attachment":
        blob = rng.randbytes(max(500, (size - 2_000) * 3 // 4))
        msg.add_attachment(blob, maintype="application", subtype="octet-stream", filename=f"data{n}.bin")
    return bytes(msg)


def seed_folder(maildir: Path, raws: list[tuple[bytes, dt.datetime]]) -> None:
    """Write messages as Maildir files (unseen, in cur/); the file's mtime is the INTERNALDATE."""
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    for n, (raw, when) in enumerate(raws):
        stamp = when.timestamp()
        path = maildir / "cur" / f"{int(stamp)}.M{n}P{os.getpid()}.bench:2,"
        path.write_bytes(raw)
        os.utime(path, (stamp, stamp))


def chown_tree(root: Path, uid: int, gid: int) -> None:
    for folder, _dirs, files in os.walk(root):  # directories are visited as `folder` in turn
        for name in [folder, *(os.path.join(folder, f) for f in files)]:
            os.chown(name, uid, gid)


def floor_run(server: DovecotServer, user: str) -> tuple[float, float, int]:
    """(wall, CPU, messages): one UID FETCH 1:* (BODY.PEEK[]) and stdlib parse + get_body() on each."""
    wall, cpu = time.perf_counter(), time.process_time()
    client = imapclient.IMAPClient(server.host, server.port, ssl=False, timeout=60)
    try:
        client.login(user, server.password(user))
        client.select_folder("INBOX", readonly=True)
        # imapclient 4.1's fetch() int()s "1:*" to filter its answer: send it by imaplib, parse as it does.
        typ, raw = client._imap.uid("FETCH", "1:*", "(BODY.PEEK[])")
        assert typ == "OK", raw
        data = parse_fetch_response(raw, False, True)
    finally:
        client.logout()
    for item in data.values():  # exactly the floor the target names: parse, then find the body
        message = email.message_from_bytes(item[b"BODY[]"], policy=email.policy.default)
        message.get_body()  # type: ignore[attr-defined]
    return time.perf_counter() - wall, time.process_time() - cpu, len(data)


# `poll --once` delivers the whole outbox; this drain is a check that nothing was left behind
# (it sends what a run of the service would find still due, normally nothing).
DRAIN = """
import asyncio, datetime as dt, sys
from responder.cli import commands
from responder.service import outbox
from responder.adapters.store import db
cfg = commands.load_config(sys.argv[1])
box = outbox.from_config(cfg, db.open_store(commands.storage_url(cfg)))
while asyncio.run(box.deliver_due(dt.datetime.now(dt.UTC))).sent:
    pass
"""


# Children are started by this small launcher, not by the bench itself: on exec, Linux carries the
# peak RSS of the calling process over to the new program (its ru_maxrss starts from there), so a
# child started straight from the bench, which holds the whole backlog, would report the bench's
# peak as its own. The launcher's is about 10 MB.
LAUNCH = """
import json, os, subprocess, sys, time
with open(sys.argv[1], "wb") as sink:
    started = time.perf_counter()
    proc = subprocess.Popen(sys.argv[2:], stdout=sink, stderr=subprocess.STDOUT)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
print(json.dumps([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]))
"""


def run_child(args: list[str], tmp: Path) -> tuple[float, float, int, str]:
    """(wall s, CPU s, peak RSS KB, output) of one responder subprocess, started by the launcher."""
    out = tmp / "child.out"
    launched = subprocess.run([sys.executable, "-c", LAUNCH, str(out), *args], capture_output=True, cwd=tmp, check=True)
    wall, cpu, rss_kb, code = json.loads(launched.stdout)
    text_out = out.read_text(errors="replace")
    if code != 0:
        raise RuntimeError(f"{args[1:4]} failed ({code}):\n{text_out[-3000:]}")
    return wall, cpu, rss_kb, text_out.strip()


def idle_cycles(cfg_path: Path, folders: dict[str, int], cycles: int
                ) -> tuple[dict[str, tuple[list[float], list[float]]], dict[str, list[float]]]:
    """Per folder: (wall ms, CPU ms) of `poll_folder` with nothing new, sync state primed at the top,
    each folder on its own kept connection (as the service polls); and the wall ms of a first poll
    on a new connection, login included."""
    cfg = config.load(cfg_path)
    store = db.open_store(cfg.storage.url)
    now = lambda: dt.datetime.now(dt.UTC)  # noqa: E731
    pipeline, name, since = Pipeline(cfg, store, now=now), source_name(cfg.imap), ABSENCE[0] - dt.timedelta(days=1)
    timings: dict[str, tuple[list[float], list[float]]] = {folder: ([], []) for folder in folders}
    cold: dict[str, list[float]] = {folder: [] for folder in folders}
    try:
        with contextlib.ExitStack() as stack:
            sources = {folder: stack.enter_context(ImapSource.open(cfg.imap)) for folder in folders}
            for folder, source in sources.items():
                status = source.select(folder)
                with store.session() as session:  # priming: as if a first full sync had just finished
                    state = queries.get_sync_state(session, name, folder)
                    state.uidvalidity, state.last_uid = status.uidvalidity, (status.uidnext or 1) - 1
                poll_folder(source, folder, store, pipeline, name=name, now=now, since=since)  # warm-up, untimed
            for _ in range(cycles):
                for folder, source in sources.items():  # interleaved, so noise hits both alike
                    wall, cpu = time.perf_counter(), time.process_time()
                    poll_folder(source, folder, store, pipeline, name=name, now=now, since=since)
                    timings[folder][0].append((time.perf_counter() - wall) * 1000)
                    timings[folder][1].append((time.process_time() - cpu) * 1000)
            for _ in range(max(3, cycles // 4)):
                for folder in folders:
                    wall = time.perf_counter()
                    with ImapSource.open(cfg.imap) as source:
                        poll_folder(source, folder, store, pipeline, name=name, now=now, since=since)
                    cold[folder].append((time.perf_counter() - wall) * 1000)
    finally:
        store.dispose()
    return timings, cold


def idle_notice(dovecot: DovecotServer, count: int) -> list[float]:
    """ms from APPEND done to the EXISTS a bare IDLE client is sent: the server's own share of (3).

    Dovecot learns of a change by inotify, then waits a fixed 500 ms (NOTIFY_DELAY_MSECS in its
    mailbox-watch.c) before telling idling clients, so that a burst of changes goes as one notice.
    """
    rng, notices = random.Random(11), []
    client = imapclient.IMAPClient(dovecot.host, dovecot.port, ssl=False, timeout=30)
    try:
        client.login("employee", dovecot.password("employee"))
        client.select_folder("INBOX", readonly=True)
        for n in range(count):
            client.idle()
            raw = make_message(800_000 + n, rng, dt.datetime.now(dt.UTC), size=4_000, bulk=False)
            dovecot.deliver("employee", raw)
            appended = time.perf_counter()
            while not any(item[1] == b"EXISTS" for item in client.idle_check(timeout=10)):
                if time.perf_counter() - appended > 10:
                    raise RuntimeError("no EXISTS from Dovecot within 10 s")
            notices.append((time.perf_counter() - appended) * 1000)
            client.idle_done()
    finally:
        client.logout()
    return notices


def idle_latency(cfg_path: Path, tmp: Path, dovecot: DovecotServer, smtp: SmtpServer, count: int) -> list[float] | None:
    """ms from APPEND done to a reply at the recorder, `responder run` in a subprocess; None if there is none."""
    if subprocess.run([*RESPONDER, "run", "--help"], capture_output=True, cwd=tmp, check=False).returncode != 0:
        return None
    rng, latencies = random.Random(7), []
    log = (tmp / "run.log").open("wb")
    proc = subprocess.Popen([*RESPONDER, "run", "--config", str(cfg_path)], stdout=log, stderr=subprocess.STDOUT, cwd=tmp)
    try:
        for n in range(count + 1):  # the first one only waits for the service to be up and idling
            client = f"client{900_000 + n}@acme.example"
            raw = make_message(900_000 + n, rng, dt.datetime.now(dt.UTC), size=4_000, bulk=False)
            dovecot.deliver("employee", raw)
            appended = time.perf_counter()
            deadline = appended + (30 if n == 0 else 10)
            while not any(client in r.rcpt_tos for r in list(smtp.received)):
                if time.perf_counter() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"no reply from responder run to message {n}")
                time.sleep(0.002)
            if n:
                latencies.append((time.perf_counter() - appended) * 1000)
            time.sleep(0.3)  # let the handover and the Sent copy go before the next one
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    return latencies


def main() -> None:
    logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd warns of its own deprecations per AUTH
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, help="backlog size (default 2000, 300 with --quick)")
    parser.add_argument("--quick", action="store_true", help="300 messages, big folder of 2000, 5 cycles")
    parser.add_argument("--profile", metavar="FILE", help="write cProfile statistics of the backlog's `poll --once` to FILE")
    args = parser.parse_args()
    responder = [*RESPONDER[:1], "-m", "cProfile", "-o", str(Path(args.profile).resolve()), *RESPONDER[1:]] if args.profile else RESPONDER
    backlog = args.messages or (300 if args.quick else 2000)
    big, small, cycles = (2_000 if args.quick else 10_000), 100, (5 if args.quick else 20)
    tmp = Path(tempfile.mkdtemp(prefix="responder-poll-bench-"))
    tmp.chmod(0o755)  # Dovecot's unprivileged processes must reach their files when we are root
    dovecot = smtp = None
    try:
        pki = make_pki(tmp / "pki")
        dovecot = DovecotServer(tmp, pki, port=free_port(), tls_port=free_port())
        smtp = SmtpServer(pki, port=free_port(), starttls_port=free_port(), tls_port=free_port())
        rng, start = random.Random(2024), dt.datetime.combine(ABSENCE[0], dt.time(9), dt.UTC)
        dated = lambda n: start + dt.timedelta(seconds=n * 97)  # noqa: E731 - all inside the absence, before now
        started = time.perf_counter()
        inbox = [(make_message(n, rng, dated(n)), dated(n)) for n in range(backlog)]
        sizes = [len(raw) for raw, _ in inbox]
        maildir = dovecot.maildir("employee")
        seed_folder(maildir, inbox)
        filler = [(make_message(100_000 + n, rng, dated(n), size=2_000), dated(n)) for n in range(big)]
        seed_folder(maildir / ".Big", filler)
        seed_folder(maildir / ".Small", filler[:small])
        if os.getuid() == 0:  # Dovecot reads the mail as nobody
            chown_tree(dovecot.layout.home_root, dovecot.accounts.mail_uid, dovecot.accounts.mail_gid)
        print(f"seeded {backlog + big + small} messages as Maildir files in {time.perf_counter() - started:.1f} s "
              f"(backlog {sum(sizes) / 1e6:.1f} MB, {min(sizes) // 1000}-{max(sizes) // 1000} KB)")
        dovecot.start()
        smtp.start()
        cfg_path = write_config(tmp, imap=imap_settings(dovecot, security="none"), smtp=smtp_settings(smtp, security="none"),
                                absence={"start": ABSENCE[0], "end": ABSENCE[1]},
                                storage={"url": f"sqlite:///{tmp}/state.db"})
        floor_run(dovecot, "employee")  # warm Dovecot's index and the page cache, untimed

        # (1) + (4) the backlog
        floor_before = floor_run(dovecot, "employee")
        wall, cpu, rss_kb, output = run_child([*responder, "poll", "--once", "--config", str(cfg_path)], tmp)
        sent_by_poll = len(smtp.received)
        drain_wall, drain_cpu, _rss, _out = run_child([sys.executable, "-c", DRAIN, str(cfg_path)], tmp)
        floor_after = floor_run(dovecot, "employee")
        floor_wall, floor_cpu, floored = min(floor_before, floor_after)
        replies = sum(1 for r in smtp.received if r.rcpt_tos and any("acme.example" in t for t in r.rcpt_tos))
        print(f"poll --once said: {output!r}; it sent {sent_by_poll} outbox items, the drain {len(smtp.received) - sent_by_poll} more: "
              f"{len(smtp.received)} SMTP messages in all, {replies} replies to clients")
        print(f"backlog {backlog} messages, poll --once: {backlog / wall:.0f} messages/s wall ({wall:.1f} s), "
              f"{backlog / cpu:.0f} messages/s CPU ({cpu:.1f} s, start-up included); "
              f"outbox drain: {drain_wall:.1f} s wall, {drain_cpu:.1f} s CPU")
        print(f"floor (UID FETCH 1:* + stdlib parse/get_body, {floored} messages): {backlog / floor_wall:.0f} messages/s wall "
              f"({floor_wall:.2f} s), {backlog / floor_cpu:.0f} messages/s CPU ({floor_cpu:.2f} s)")
        print(f"(1) backlog/floor: poll --once {wall / floor_wall:.2f} wall, {cpu / floor_cpu:.2f} CPU; with every "
              f"reply delivered {(wall + drain_wall) / floor_wall:.2f} wall, {(cpu + drain_cpu) / floor_cpu:.2f} CPU"
              "   target <= 3")
        print(f"(4) peak RSS of `responder poll --once`: {rss_kb / 1024:.0f} MB   target <= 200 MB")
        # (2) a poll with nothing new
        timings, cold = idle_cycles(cfg_path, {"Big": big, "Small": small}, cycles)
        (big_wall, big_cpu), (small_wall, small_cpu) = ([statistics.median(v) for v in timings[f]] for f in ("Big", "Small"))
        print(f"(2) nothing new, median of {cycles} (sync state primed at the top): {big} messages {big_wall:.1f} ms "
              f"(CPU {big_cpu:.1f} ms), {small} messages {small_wall:.1f} ms (CPU {small_cpu:.1f} ms); "
              f"ratio {big_wall / small_wall:.2f} wall, {big_cpu / small_cpu:.2f} CPU   targets ratio <= 1.2, <= 50 ms each")
        big_cold, small_cold = (statistics.median(cold[f]) for f in ("Big", "Small"))
        print(f"    for reference, the first poll on a new connection (connect, login, EXAMINE), median of {len(cold['Big'])}: "
              f"{big} messages {big_cold:.1f} ms, {small} messages {small_cold:.1f} ms")
        # (3) IDLE latency
        try:
            latencies = idle_latency(cfg_path, tmp, dovecot, smtp, 5 if args.quick else 20)
        except RuntimeError as exc:
            errors = [line for line in (tmp / "run.log").read_text(errors="replace").splitlines() if "Error" in line]
            print(f"(3) idle latency: not measured ({exc}; last error in its log: {errors[-1:] or 'none'})")
        else:
            print("(3) idle latency: not measured (responder run not available)" if latencies is None else
                  f"(3) idle latency, APPEND done to reply received, median of {len(latencies)}: "
                  f"{statistics.median(latencies):.0f} ms (max {max(latencies):.0f} ms)   target <= 250 ms")
            notice = statistics.median(idle_notice(dovecot, 5 if args.quick else 20))
            if latencies:
                print(f"    of which Dovecot's own IDLE notice (a bare client, APPEND done to EXISTS, same run): "
                      f"{notice:.0f} ms; responder's share (fetch, process, send, SMTP server): "
                      f"{statistics.median(latencies) - notice:.0f} ms")
    finally:
        for server in (smtp, dovecot):
            if server is not None:
                server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Broken mail on demand: well-formed messages mutated the ways real and hostile mail breaks.

Deterministic for a seed, so a failure found by the CI run or by ``scripts/fuzz-intake`` is found
again. Used to hold the whole intake (parse, judge, record) to "one bad message never stops the
others": each message either is processed or is recorded as failed with its reason.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

from support.mailfactory import make

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "mail"
_GARBAGE = [b"\x00", b"\xff\xfe", b"\r", b"\n", b"\r\n", b"=?", b"?=", b"=?utf-8?q?", b"=?x-unknown?b?", b"--", b"<", b">",
            b":", b";", b"\t", b" ", b"\xc3", b"\xe9", b"\\", b'"', b"(", b")", b"@", b"=\r\n", b"%", b"\x1b"]
_HEADERS = [b"From", b"To", b"Cc", b"Subject", b"Date", b"Message-ID", b"In-Reply-To", b"References", b"Reply-To",
            b"Content-Type", b"Content-Transfer-Encoding", b"Authentication-Results", b"Received", b"Return-Path",
            b"Auto-Submitted", b"List-Id", b"Precedence", b"MIME-Version", b"Content-Disposition", b"X-Spam-Flag"]
_VALUES = [b"", b"multipart/mixed; boundary=", b'multipart/alternative; boundary="b"', b"text/plain; charset=klingon",
           b"base64", b"quoted-printable", b"x-uuencode", b"Fri, 31 Dec 9999 23:59:59 -9999", b"Mon, 32 Foo -1 25:61:61",
           b"<>", b"<@>", b"=?utf-8?b?////?=", b"=?utf-8?q?=FF=FE?=", b"\xff" * 40, b"a" * 5000, b"<" + b"x" * 3000 + b"@y>",
           b"undisclosed-recipients:;", b"group: a@b.example, c@; ", b"\"unterminated <a@b.example>", b"auto-replied",
           b"mx.example.com; dmarc=pass header.from=acme.example", b"message/rfc822", b"text/html; charset=utf-8"]


def seeds() -> list[bytes]:
    """Real-looking mail to start from: the sample files and a few built messages."""
    built = [make(), make(sender="Paul Durand <paul@example.com>", to="jo@acme.example", body="Sorry, no information."),
             make(html="<p>Hello <b>there</b></p>"), make(subject="Réunion", body="Bonjour,\n\nQuand ?\n")]
    return [p.read_bytes() for p in sorted(SAMPLES.glob("*.eml"))] + built


def _flip(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 20)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def _insert(rng: random.Random, raw: bytes) -> bytes:
    at = rng.randint(0, len(raw))
    return raw[:at] + b"".join(rng.choice(_GARBAGE) for _ in range(rng.randint(1, 30))) + raw[at:]


def _cut(rng: random.Random, raw: bytes) -> bytes:
    start = rng.randint(0, len(raw))
    return raw[:start] + raw[start + rng.randint(1, 400):]


def _truncate(rng: random.Random, raw: bytes) -> bytes:
    return raw[:rng.randint(0, len(raw))]


def _header(rng: random.Random, raw: bytes) -> bytes:
    line = rng.choice(_HEADERS) + rng.choice([b": ", b":", b" : ", b""]) + rng.choice(_VALUES) + rng.choice([b"\r\n", b"\n"])
    return line * rng.randint(1, 3) + raw


def _nest(rng: random.Random, raw: bytes) -> bytes:
    depth = rng.randint(2, 120)
    head = b"".join(b'Content-Type: multipart/mixed; boundary="n%d"\r\n\r\n--n%d\r\n' % (n, n) for n in range(depth))
    return b"From: jo@acme.example\r\nTo: claire@example.com\r\nMIME-Version: 1.0\r\n" + head + raw


def _line_ends(rng: random.Random, raw: bytes) -> bytes:
    return raw.replace(b"\r\n", b"\n").replace(b"\n", rng.choice([b"\r", b"\r\r\n", b"\n\r", b"\r\n"]))


def _random(rng: random.Random, raw: bytes) -> bytes:
    return bytes(rng.randrange(256) for _ in range(rng.randint(0, 3000)))


MUTATIONS: tuple[Callable[[random.Random, bytes], bytes], ...] = (
    _flip, _insert, _cut, _truncate, _header, _nest, _line_ends, _random)


def messages(seed: int, count: int) -> Iterator[bytes]:
    """``count`` broken messages, each a seed message put through one to four mutations."""
    rng = random.Random(seed)
    base = seeds()
    for _ in range(count):
        raw = rng.choice(base)
        for _step in range(rng.randint(1, 4)):
            raw = rng.choice(MUTATIONS)(rng, raw)
        yield raw


class Tally:
    """What a fuzz run saw: messages processed, recorded as failed (with their reasons), controls answered."""

    def __init__(self) -> None:
        self.processed = 0
        self.failed: dict[str, int] = {}
        self.controls = 0

    def line(self) -> str:
        reasons = ", ".join(f"{reason} {count}" for reason, count in sorted(self.failed.items(), key=lambda kv: -kv[1]))
        return (f"{self.processed} processed, {sum(self.failed.values())} recorded as failed ({reasons or 'none'}), "
                f"{self.controls} control messages processed after them")


def run(pipeline: object, store: object, *, seed: int, count: int, control_every: int = 10) -> Tally:
    """Feed ``count`` broken messages through ``pipeline`` as the poller does (one UID each), with a
    well-formed control message after every ``control_every``; raise AssertionError on any breach:
    an exception out of the pipeline, a message not recorded, a failure without a reason, a control
    message not processed."""
    from sqlalchemy import func, select

    from responder.adapters.store import models, queries
    from responder.service.pipeline import Incoming, Pipeline

    assert isinstance(pipeline, Pipeline)
    with store.session() as session:  # type: ignore[attr-defined]
        queries.reset_uidvalidity(queries.get_sync_state(session, "fuzz", "INBOX"), 1)
    tally = Tally()
    uid = 0
    for n, raw in enumerate(messages(seed, count)):
        uid += 1
        outcome = pipeline.process(Incoming(raw=raw, source="fuzz", folder="INBOX", uidvalidity=1, uid=uid,
                                            label=f"fuzz-{seed}-{n}"))
        if outcome.error:
            assert outcome.error.strip(), f"message {n}: failed without a reason"
            kind = outcome.error.split(":", 1)[0]
            tally.failed[kind] = tally.failed.get(kind, 0) + 1
        else:
            tally.processed += 1
        if (n + 1) % control_every == 0:
            uid += 1
            control = make(sender=f"Control {n} <c{n}@acme.example>", message_id=f"<control-{seed}-{n}@acme.example>",
                           subject=f"Atlas question {n}")
            checked = pipeline.process(Incoming(raw=control, source="fuzz", folder="INBOX", uidvalidity=1, uid=uid))
            assert not checked.error and checked.project == "atlas", f"control after message {n}: {checked}"
            tally.controls += 1
    with store.session() as session:  # type: ignore[attr-defined]
        stored = session.scalar(select(func.count()).select_from(models.Message).where(models.Message.source == "fuzz"))
        reasons = session.scalars(select(models.Message.error).where(models.Message.status != models.MessageStatus.processed))
        assert all(reason for reason in reasons), "a failed message was recorded without its reason"
    assert stored == uid, f"{uid} messages given, {stored} recorded"
    return tally

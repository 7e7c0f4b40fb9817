"""Hostile subjects, names and bodies through every output: the digest (text, HTML, Markdown), the
manager's report (report.md, report.html) and the handover. None may carry live markup or forged
structure (a fake section, a broken table row)."""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from responder import config
from responder.adapters.store.db import Store
from responder.returnday import digest, report
from responder.service.pipeline import Incoming, Pipeline
from support.configs import write_config
from support.mailfactory import make

NOW = dt.datetime(2026, 7, 8, 10, 0, tzinfo=dt.UTC)
RETURN_MORNING = dt.datetime(2026, 7, 25, 8, 5, tzinfo=ZoneInfo("Europe/Paris"))
IMAP = {"host": "127.0.0.1", "port": 10143, "security": "none", "username": "claire", "password_env": "UNUSED_PW"}
SMTP = {"host": "127.0.0.1", "port": 10025, "security": "none"}
LIVE = "<script>alert(1)</script>"
SUBJECT = f"Cutover {LIVE} | col | x\n## Forged section\n<img src=x onerror=alert(2)>"
# The line breaks arrive RFC 2047-encoded, the way a header can carry them.
ENCODED_SUBJECT = "=?utf-8?b?" + base64.b64encode(SUBJECT.encode()).decode() + "?="
NAME = "Jo [click](javascript:alert(3)) | Lambert"
BODY = (f"Hello,\n\n{LIVE}\n# Forged heading\n| a | b |\n[here](javascript:alert(4)) <img src=x onerror=alert(5)>\n\n"
        "We will have to reconsider our collaboration and move to another supplier.\n\nJo")
STONEWALL = f"Sorry, I have no information about that {LIVE}, you will have to wait for Claire."


@pytest.fixture
def mailbox(tmp_path: Path, store: Store) -> config.Config:
    cfg = config.load(write_config(tmp_path, imap=IMAP, smtp=SMTP))
    pipeline = Pipeline(cfg, store, now=lambda: NOW)
    messages = [
        make(sender=f'"{NAME}" <jo@acme.example>', subject=ENCODED_SUBJECT, body=BODY),
        make(sender="Paul Durand <paul@example.com>", to="Jo Lambert <jo@acme.example>", cc="claire@example.com",
             subject="Re: Cutover", body=f"Hello Jo,\n\n{STONEWALL}\n\nPaul", message_id="<d1@example.com>",
             in_reply_to="<q1@acme.example>", when=NOW + dt.timedelta(hours=2)),
    ]
    for n, raw in enumerate(messages):
        pipeline.process(Incoming(raw=raw, source="file", folder="fixtures", label=f"{n}.eml"))
    return cfg


def live_markup(text: str) -> list[str]:
    """Raw HTML tags, event handlers and javascript: links that a Markdown or HTML viewer would run."""
    unescaped = re.findall(r"(?<!\\)<(?:script|img)\b", text) + re.findall(r"(?<!\\)\]\(javascript:", text)
    return unescaped


def test_markdown_digest_shows_client_text_as_words(mailbox: config.Config, store: Store) -> None:
    built = digest.collect(mailbox, store, now=RETURN_MORNING)
    markdown = digest.render(built, "markdown", digest.digest_templates(mailbox))
    assert not live_markup(markdown)
    assert not re.search(r"^#+ Forged", markdown, flags=re.MULTILINE)
    assert "\\<script\\>" in markdown  # shown, not dropped


def test_html_digest_escapes_client_text(mailbox: config.Config, store: Store) -> None:
    built = digest.collect(mailbox, store, now=RETURN_MORNING)
    html = digest.render(built, "html", digest.digest_templates(mailbox))
    assert "<script>" not in html and "<img src=x" not in html and "&lt;script&gt;" in html


def test_text_digest_keeps_the_subject_on_one_line(mailbox: config.Config, store: Store) -> None:
    built = digest.collect(mailbox, store, now=RETURN_MORNING)
    text = digest.render(built, "text", digest.digest_templates(mailbox))
    assert not re.search(r"^#+ Forged section", text, flags=re.MULTILINE)


def test_report_markdown_table_and_sections_hold(mailbox: config.Config, store: Store, tmp_path: Path) -> None:
    out = tmp_path / "report"
    report.write(report.collect(mailbox, store, now=RETURN_MORNING), out, digest.digest_templates(mailbox))
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert not live_markup(markdown)
    assert not re.search(r"^#+ Forged", markdown, flags=re.MULTILINE)
    rows = [line for line in markdown.splitlines() if line.startswith("| t")]
    assert rows and all(len(re.findall(r"(?<!\\)\|", row)) == 6 for row in rows), rows
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "<img src=x" not in html

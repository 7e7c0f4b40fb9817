"""`responder flags`: flags raised by the pipeline, unanswered threads found by time, listed and resolved by hand.

Runs on SQLite and PostgreSQL (the ``db_url`` fixture): messages go through the real pipeline
into the database the configuration names, then the command line reads them back.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from responder import config
from responder.adapters.store import db
from responder.cli.main import cli
from responder.service.pipeline import Incoming, Pipeline
from support.configs import write_config
from support.mailfactory import make

SERVERS = {"host": "127.0.0.1", "port": 10143, "security": "none", "username": "claire", "password_env": "UNUSED_PW"}
SMTP = {"host": "127.0.0.1", "port": 10025, "security": "none"}
NOW = dt.datetime.now(dt.UTC)
CLIENT = "Jo Lambert <jo@acme.example>"
DELEGATE = "Paul Durand <paul@example.com>"
EMPLOYEE = "Claire Martin <claire@example.com>"


def days_ago(days: float) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def setup(tmp_path: Path, db_url: str, **overrides: object) -> config.Config:
    """Two projects; ``unanswered`` flags on, as when the delegate copies the employee on every answer."""
    overrides.setdefault("flags", {"unanswered": "on"})
    projects = [{"id": "atlas", "name": "Atlas", "brief": "briefs/atlas.md", "clients": ["@acme.example"],
                 "keywords": ["atlas"]},
                {"id": "boreal", "name": "Boreal", "brief": "briefs/boreal.md", "clients": ["@north.example"],
                 "keywords": ["boreal"]}]
    return config.load(write_config(tmp_path, imap=SERVERS, smtp=SMTP, storage={"url": db_url}, projects=projects,
                                    **overrides))


def feed(cfg: config.Config, db_url: str, messages: list[bytes]) -> list[str]:
    """Process the messages in order through the pipeline; their thread labels."""
    store = db.open_store(db_url)
    try:
        pipeline = Pipeline(cfg, store, now=lambda: NOW, replies="text")
        outcomes = [pipeline.process(Incoming(raw=raw, source="file", folder="test", label=str(n)))
                    for n, raw in enumerate(messages)]
    finally:
        store.dispose()
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    return [o.thread or "" for o in outcomes]


def run(cfg: config.Config, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["flags", *args[:1], "--config", str(cfg.path), *args[1:]]
                                if args and args[0] == "resolve" else ["flags", "--config", str(cfg.path), *args])
    return result.exit_code, result.stdout, result.stderr


def story() -> list[bytes]:
    return [
        # 0: an angry client about to leave (atlas)
        make(sender=CLIENT, subject="Atlas roof", message_id="<a1@acme.example>", when=days_ago(1),
             body="Hello Claire,\n\nThis is completely unacceptable. We will cancel the contract if the roof is not "
                  "fixed by Friday.\n\nJo"),
        # 1, 2: a client question, then the delegate telling her he has no information (atlas)
        make(sender=CLIENT, subject="Atlas invoice", message_id="<b1@acme.example>", when=days_ago(3),
             body="Hello Claire,\n\nCould you confirm the amount of the second invoice?\n\nJo"),
        make(sender=DELEGATE, to=CLIENT, cc=EMPLOYEE, subject="Re: Atlas invoice", message_id="<b2@example.com>",
             in_reply_to="<b1@acme.example>", references="<b1@acme.example>", when=days_ago(3) + dt.timedelta(hours=2),
             body="Hello Jo,\n\nI'm sorry, I have no information about the second invoice.\n\nPaul"),
        # 3: a question nobody answered for days (boreal)
        make(sender="Kim Berg <kim@north.example>", subject="Boreal schedule", message_id="<c1@north.example>",
             when=days_ago(9), body="Hello Claire,\n\nWhen does the boreal site visit take place?\n\nKim"),
        # 4, 5: a question the delegate answered (boreal): never unanswered
        make(sender="Kim Berg <kim@north.example>", subject="Boreal access", message_id="<d1@north.example>",
             when=days_ago(9), body="Hello,\n\nWho has the boreal site keys?\n\nKim"),
        make(sender=DELEGATE, to="Kim Berg <kim@north.example>", cc=EMPLOYEE, subject="Re: Boreal access",
             message_id="<d2@example.com>", in_reply_to="<d1@north.example>", references="<d1@north.example>",
             when=days_ago(8), body="Hello Kim,\n\nThe keys are at the site office, ask for Lea.\n\nPaul"),
        # 6: a newsletter with the same words: never a flag
        make(sender="News <news@lists.example>", subject="Weekly", message_id="<n1@lists.example>", when=days_ago(2),
             headers={"List-Id": "<weekly.lists.example>", "Precedence": "bulk"},
             body="Hello,\n\nThis is unacceptable, we will cancel the contract!\n\nThe team"),
    ]


def test_flags_are_listed_most_severe_first_and_resolved_by_hand(tmp_path: Path, db_url: str) -> None:
    cfg = setup(tmp_path, db_url)
    labels = feed(cfg, db_url, story())
    angry, invoice, unanswered, answered, newsletter = labels[0], labels[1], labels[3], labels[4], labels[6]
    assert labels[2] == invoice and labels[5] == answered

    code, out, _ = run(cfg, "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["thread"] for row in rows] == [angry, invoice, unanswered]
    assert rows[0]["kinds"] == ["at_risk", "angry"] and rows[0]["project"] == "atlas"
    assert rows[0]["client"] == "jo@acme.example"
    assert [f["sentence"] for f in rows[0]["flags"]] == [
        "We will cancel the contract if the roof is not fixed by Friday.", "This is completely unacceptable."]
    assert rows[1]["flags"][0] | {"date": None} == {
        "kind": "no_information", "severity": 3, "evidence": "authored", "from": "paul@example.com", "date": None,
        "sentence": "I'm sorry, I have no information about the second invoice."}
    assert rows[2]["kinds"] == ["unanswered"] and rows[2]["project"] == "boreal"
    assert rows[2]["flags"][0]["sentence"] == "When does the boreal site visit take place?"
    assert dt.datetime.fromisoformat(rows[2]["flags"][0]["date"]) == days_ago(9).replace(microsecond=0)
    assert answered not in {row["thread"] for row in rows} and newsletter not in {row["thread"] for row in rows}

    code, out, _ = run(cfg)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"{angry}  atlas  jo@acme.example  at_risk, angry")
    assert '    no_information (authored), ' in out and "paul@example.com: \"I'm sorry, I have no information" in out

    code, out, _ = run(cfg, "--project", "boreal", "--json")
    assert [json.loads(line)["thread"] for line in out.splitlines()] == [unanswered]

    code, out, _ = run(cfg, "resolve", angry)
    assert (code, out.strip()) == (0, f"{angry}: 2 flags resolved")
    code, out, _ = run(cfg, "resolve", angry)
    assert (code, out.strip()) == (0, f"{angry}: no open flags")
    code, out, _ = run(cfg, "resolve", unanswered)
    assert code == 0
    code, out, _ = run(cfg, "--json")
    assert [json.loads(line)["thread"] for line in out.splitlines()] == [invoice]  # resolved by hand stays resolved


def test_a_new_client_message_after_a_resolved_flag_raises_a_new_one(tmp_path: Path, db_url: str) -> None:
    cfg = setup(tmp_path, db_url)
    (thread,) = feed(cfg, db_url, [story()[3]])
    assert run(cfg, "resolve", thread)[1].strip() == f"{thread}: 1 flag resolved"
    follow_up = make(sender="Kim Berg <kim@north.example>", subject="Re: Boreal schedule", message_id="<c2@north.example>",
                     in_reply_to="<c1@north.example>", references="<c1@north.example>", when=days_ago(6),
                     body="Hello again,\n\nAny news about the boreal site visit?\n\nKim")
    assert feed(cfg, db_url, [follow_up]) == [thread]
    rows = [json.loads(line) for line in run(cfg, "--json")[1].splitlines()]
    assert [(r["thread"], r["flags"][0]["sentence"]) for r in rows] == [(thread, "Any news about the boreal site visit?")]


def test_an_answer_since_resolves_the_unanswered_flag(tmp_path: Path, db_url: str) -> None:
    cfg = setup(tmp_path, db_url)
    (thread,) = feed(cfg, db_url, [story()[3]])
    assert [json.loads(line)["kinds"] for line in run(cfg, "--json")[1].splitlines()] == [["unanswered"]]
    answer = make(sender=DELEGATE, to="Kim Berg <kim@north.example>", subject="Re: Boreal schedule",
                  message_id="<c3@example.com>", in_reply_to="<c1@north.example>", references="<c1@north.example>",
                  when=days_ago(1), body="Hello Kim,\n\nThe visit is on Tuesday at 10:00.\n\nPaul")
    assert feed(cfg, db_url, [answer]) == [thread]
    assert run(cfg)[1].strip() == "no open flags"


def test_only_a_clients_question_waits_for_an_answer(tmp_path: Path, db_url: str) -> None:
    """A thank-you waits for nothing; nor does a question outside every project (a friend, a supplier)."""
    cfg = setup(tmp_path, db_url)
    thanks = make(sender="Kim Berg <kim@north.example>", subject="Re: Boreal access", message_id="<d3@north.example>",
                  in_reply_to="<d2@example.com>", references="<d1@north.example> <d2@example.com>", when=days_ago(7),
                  body="Hello Paul,\n\nThank you, that is perfect.\n\nKim")
    friend = make(sender="Sam <sam@mail.example>", subject="Dinner", message_id="<f1@mail.example>", when=days_ago(9),
                  body="Hi Claire,\n\nAre you free for dinner on Friday?\n\nSam")
    feed(cfg, db_url, [*story()[4:6], thanks, friend])
    assert run(cfg)[1].strip() == "no open flags"


def test_the_employees_own_auto_reply_is_not_an_answer(tmp_path: Path, db_url: str) -> None:
    cfg = setup(tmp_path, db_url)
    auto = make(sender=EMPLOYEE, to="Kim Berg <kim@north.example>", subject="Auto: Boreal schedule",
                message_id="<auto1@example.com>", in_reply_to="<c1@north.example>", references="<c1@north.example>",
                when=days_ago(9) + dt.timedelta(minutes=1), headers={"Auto-Submitted": "auto-replied"},
                body="I am away; Paul Durand covers for me.")
    feed(cfg, db_url, [story()[3], auto])
    assert [json.loads(line)["kinds"] for line in run(cfg, "--json")[1].splitlines()] == [["unanswered"]]


@pytest.mark.parametrize(("args", "message"), [
    (("resolve", "t999"), "error: no thread t999 in "),
    (("resolve", "latest"), "error: 'latest' is not a thread: give it as responder flags prints it, e.g. t12"),
    (("--project", "nope"), "error: --project: unknown project 'nope' (projects: atlas, boreal)"),
])
def test_user_mistakes_get_one_line_and_exit_2(tmp_path: Path, db_url: str, args: tuple[str, ...], message: str) -> None:
    cfg = setup(tmp_path, db_url)
    code, out, err = run(cfg, *args)
    assert code == 2 and out == ""
    assert err.startswith(message) and len(err.strip().splitlines()) == 1


def test_quoted_and_reported_statements_raise_no_information_with_their_evidence(tmp_path: Path, db_url: str) -> None:
    cfg = setup(tmp_path, db_url)
    quoted = make(sender=CLIENT, subject="Re: Atlas invoice", message_id="<q2@acme.example>", when=days_ago(1),
                  body="Claire,\n\nSee what I was told.\n\nOn Mon, 6 Jul 2026 at 10:02, Paul Durand <paul@example.com> wrote:\n"
                       "> Hello Jo,\n>\n> I have no information about the invoice, sorry.\n")
    reported = make(sender="Kim Berg <kim@north.example>", subject="Boreal", message_id="<r1@north.example>",
                    when=days_ago(1), body="Bonjour Claire,\n\nVotre collègue m'a dit qu'il n'avait aucune information "
                                           "sur la visite du site boreal.\n\nKim")
    labels = feed(cfg, db_url, [quoted, reported])
    rows = {json.loads(line)["thread"]: json.loads(line) for line in run(cfg, "--json")[1].splitlines()}
    assert [(f["kind"], f["evidence"], f["from"]) for f in rows[labels[0]]["flags"]] == [
        ("no_information", "quoted", "jo@acme.example")]
    assert rows[labels[0]]["flags"][0]["sentence"] == "I have no information about the invoice, sorry."
    assert [(f["kind"], f["evidence"]) for f in rows[labels[1]]["flags"]] == [("no_information", "reported")]


def test_the_configured_number_of_business_hours_is_honoured(tmp_path: Path, db_url: str) -> None:
    cfg = setup(tmp_path, db_url, flags={"unanswered": "on", "unanswered_after_hours": 200})
    feed(cfg, db_url, [story()[3]])  # nine days old: overdue after the default 16 business hours, not after 200
    assert run(cfg)[1].strip() == "no open flags"


def test_unanswered_needs_the_delegates_answers_in_sight_by_default(tmp_path: Path, db_url: str) -> None:
    """Without his Sent folder, an answer that did not copy the employee is invisible: no thread is called unanswered."""
    blind = setup(tmp_path / "blind", db_url, flags={})
    feed(blind, db_url, [story()[3]])
    assert run(blind)[1].strip() == "no open flags"

    sent_folder = {**SERVERS, "username": "paul", "folders": ["Sent"]}
    off = setup(tmp_path / "off", db_url, flags={"unanswered": "off"}, delegate_imap=sent_folder)
    assert run(off)[1].strip() == "no open flags"

    watched = setup(tmp_path / "watched", db_url, flags={}, delegate_imap=sent_folder)
    assert [json.loads(line)["kinds"] for line in run(watched, "--json")[1].splitlines()] == [["unanswered"]]


def test_a_follow_up_not_yet_due_keeps_the_thread_flagged(tmp_path: Path, db_url: str) -> None:
    cfg = setup(tmp_path, db_url)
    (thread,) = feed(cfg, db_url, [story()[3]])
    assert [json.loads(line)["kinds"] for line in run(cfg, "--json")[1].splitlines()] == [["unanswered"]]
    nudge = make(sender="Kim Berg <kim@north.example>", subject="Re: Boreal schedule", message_id="<c4@north.example>",
                 in_reply_to="<c1@north.example>", references="<c1@north.example>", when=NOW - dt.timedelta(minutes=5),
                 body="Hello,\n\nAny news about the boreal visit?\n\nKim")
    assert feed(cfg, db_url, [nudge]) == [thread]
    rows = [json.loads(line) for line in run(cfg, "--json")[1].splitlines()]
    assert [(r["thread"], r["flags"][0]["sentence"]) for r in rows] == [(thread, "When does the boreal site visit take place?")]

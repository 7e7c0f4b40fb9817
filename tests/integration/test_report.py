"""`responder report`: a factual account per flagged thread, with the original messages beside it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from responder.adapters.store import db, models
from responder.adapters.store.db import Store
from responder.cli import demo
from responder.cli.main import cli


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> demo.DemoResult:
    return demo.run(tmp_path_factory.mktemp("report") / "demo")


def test_report_of_every_flagged_thread_quotes_the_delegate_exactly_and_keeps_the_originals(
        sample: demo.DemoResult, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = CliRunner().invoke(cli, ["report", "--config", str(sample.config), "--all", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert f"report: {sample.flagged} threads" in result.output  # every flagged thread of the sample
    markdown = (out / "report.md").read_text(encoding="utf-8")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "> Je n'ai aucune information sur ce dossier, il faudra attendre le retour de Camille le 24 août." in markdown
    assert "Sorry, I wasn&#39;t briefed on the pilot." in html or "Sorry, I wasn't briefed on the pilot." in html
    assert "Calendrier et mise en ligne" in markdown  # what was handed over
    assert re.search(r"\((?:recognised by|reconnu par) [\w:. -]*(?:no_information|lemma):", markdown)  # the rule ids
    store = db.open_store(db.resolve_url(f"sqlite:///{sample.database}", sample.folder))
    try:
        with store.session() as session:
            raws = {m.raw for m in session.query(models.Message)} | {o.raw for o in session.query(models.OutboxItem)}
    finally:
        store.dispose()
    emls = sorted(out.glob("t*/*.eml"))
    assert emls and all(path.read_bytes() in raws for path in emls)
    for path in emls:  # every original is named in the account
        assert f"{path.parent.name}/{path.name}" in markdown


def test_report_states_facts_without_judging_people(sample: demo.DemoResult, tmp_path: Path) -> None:
    out = tmp_path / "report"
    CliRunner().invoke(cli, ["report", "--config", str(sample.config), "--output", str(out)])
    markdown = (out / "report.md").read_text(encoding="utf-8")
    own_words = "\n".join(line for line in markdown.splitlines() if not line.lstrip().startswith(">"))
    for word in ("incompetent", "lazy", "rude", "failed", "stonewall", "refused", "incompétent", "négligent"):
        assert word not in own_words.lower()
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", own_words)  # facts come with times


def test_report_of_one_thread_and_its_errors(sample: demo.DemoResult, tmp_path: Path) -> None:
    runner = CliRunner()
    one = runner.invoke(cli, ["report", "--config", str(sample.config), "--thread", "t5", "--output", str(tmp_path / "a")])
    assert one.exit_code == 0 and "report: 1 threads" in one.output  # t5 is not flagged, but asked for
    missing = runner.invoke(cli, ["report", "--config", str(sample.config), "--thread", "t999", "--output", str(tmp_path)])
    assert missing.exit_code == 2 and "--thread: no thread t999" in missing.output
    both = runner.invoke(cli, ["report", "--config", str(sample.config), "--thread", "t1", "--all", "--output", str(tmp_path)])
    assert both.exit_code == 2 and both.output.startswith("error:")


def test_a_newsletter_in_a_flagged_thread_is_never_shown_as_a_client(tmp_path: Path, store: Store) -> None:
    import datetime as dt

    from responder import config
    from responder.returnday import digest, report
    from responder.service.pipeline import Incoming, Pipeline
    from support.configs import write_config
    from support.mailfactory import make

    briefs = Path(__file__).resolve().parents[1] / "data" / "briefs"
    path = write_config(tmp_path, imap={"host": "127.0.0.1", "port": 10143, "security": "none", "username": "claire",
                                        "password_env": "UNUSED_PW"},
                        smtp={"host": "127.0.0.1", "port": 10025, "security": "none"},
                        projects=[{"id": "atlas", "name": "Atlas ERP", "brief": str(briefs / "atlas.md"),
                                   "clients": ["@acme.example"], "keywords": ["ERP"]}])
    cfg = config.load(path)
    now = dt.datetime(2026, 7, 9, 10, 0, tzinfo=dt.UTC)
    pipeline = Pipeline(cfg, store, now=lambda: now)
    pipeline.process(Incoming(raw=make(body="Hello,\n\nIf this is not fixed by Friday, we will cancel the contract.\n\nJo"),
                              source="test", folder="INBOX"))
    newsletter = make(sender="Acme News <news@acme.example>", subject="Re: Cutover weekend", message_id="<n1@acme.example>",
                      in_reply_to="<q1@acme.example>", body="Our summer offers are here!",
                      headers={"Precedence": "bulk", "List-Unsubscribe": "<mailto:leave@acme.example>"})
    pipeline.process(Incoming(raw=newsletter, source="test", folder="INBOX"))
    built = report.collect(cfg, store, now=now)
    [thread] = built.threads
    assert thread.view.kinds == ("at_risk",)
    roles = {entry.author: entry.role for entry in thread.entries}
    assert roles["Jo Lambert"] == "client"
    assert roles["Acme News"] == "robot"
    assert report.LABELS["en"]["roles"]["robot"] != report.LABELS["en"]["roles"]["client"]
    assert digest.collect(cfg, store, now=now).glance.received == 1  # the newsletter is not client mail

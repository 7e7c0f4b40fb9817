"""The digest builder and its renderers, on store rows built in memory: no database, no server."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from selectolax.lexbor import LexborHTMLParser

from responder import config
from responder.adapters.store import models
from responder.compose.templates import TemplateSet
from responder.errors import ConfigError
from responder.judge import briefs
from responder.returnday import digest
from responder.service import digest_job
from support.judged import judged
from support.mailfactory import make

PARIS = ZoneInfo("Europe/Paris")
EMPLOYEE, DELEGATE = "claire@example.com", "paul@example.com"
DAY = dt.datetime(2026, 7, 8, 9, 0, tzinfo=dt.UTC)
BRIEF = briefs.parse("# Atlas\n\n## Schedule\nGo-live of the stock module: Monday 13 July 2026.\n\n"
                     "## Margins (internal)\nDay rate 950 EUR.\n")
STONEWALL = "Sorry, I have no information about this project, please wait until Claire is back."


def context(language: str = "en") -> digest.Context:
    return digest.Context(
        employee_name="Claire Martin", employee_addresses=frozenset({EMPLOYEE}), delegate_name="Paul Durand",
        delegate_address=DELEGATE, language=language, zone=PARIS, since=dt.date(2026, 7, 6), until=dt.date(2026, 7, 27),
        return_date=dt.date(2026, 7, 27), project_names={"atlas": "Atlas ERP", "boreal": "Boréal"},
        briefs={"atlas": BRIEF},
    )


class Rows:
    """Threads, messages, flags and replies as the store would hold them, numbered like rows."""

    def __init__(self) -> None:
        self.threads: list[models.Thread] = []
        self.replies: dict[int, models.OutboxItem] = {}
        self._next = 0

    def thread(self, project: str | None = "atlas") -> models.Thread:
        thread = models.Thread(id=len(self.threads) + 1, key=f"<t{len(self.threads) + 1}>", subject="", project_id=project,
                               first_activity_at=DAY, last_activity_at=DAY, messages=[], flags=[])
        self.threads.append(thread)
        return thread

    def message(self, thread: models.Thread, *, sender: str, name: str, body: str, hours: int = 0,
                reason: str | None = None, replied: bool = False, section: str | None = None,
                subject: str = "Go-live date", headers: dict[str, str] | None = None) -> models.Message:
        self._next += 1
        when = DAY + dt.timedelta(hours=hours)
        raw = make(sender=f"{name} <{sender}>", body=body, subject=subject, when=when, message_id=f"<m{self._next}@x>",
                   headers=headers)
        row = models.Message(id=self._next, source="test", folder="INBOX", message_id=f"m{self._next}@x",
                             from_address=sender, from_name=name, subject=subject, delivered_at=when, received_at=when,
                             raw=raw, status=models.MessageStatus.processed, reply=replied, reply_reason=reason,
                             thread_id=thread.id)
        row.assignment = models.Assignment(project_id=thread.project_id, section_heading=section,
                                           excerpt_allowed=section is not None)
        row.facts = judged(raw, employee=EMPLOYEE, delegate=DELEGATE, delegate_name="Paul Durand", when=when)
        thread.messages.append(row)
        thread.last_activity_at = max(thread.last_activity_at, when)
        if replied:
            self.replies[row.id] = models.OutboxItem(
                kind=models.OutboxKind.reply, dedup_key=f"reply:{row.id}", message_id=row.id, thread_id=thread.id,
                recipient=sender, raw=b"", rfc822_message_id=f"r{row.id}@x", state=models.OutboxState.sent,
                next_attempt_at=when, created_at=when, sent_at=when + dt.timedelta(minutes=1))
        return row

    def flag(self, thread: models.Thread, message: models.Message, kind: str, sentence: str | None = None,
             evidence: str | None = None) -> None:
        thread.flags.append(models.Flag(thread_id=thread.id, kind=models.FlagKind(kind), severity=1,
                                        evidence=models.Evidence(evidence) if evidence else None,
                                        evidence_text=sentence, message_id=message.id, created_at=DAY))


def question(rows: Rows, thread: models.Thread, name: str, address: str, **kw: object) -> models.Message:
    return rows.message(thread, sender=address, name=name, replied=True, section="Schedule",
                        body=f"Hello Claire,\n\nWhen is the go-live of the stock module?\n\nBest regards,\n{name}\n"
                             "Purchasing lead, Acme Industries SA\nT +33 4 72 00 11 22\n", **kw)  # type: ignore[arg-type]


def stonewalled(rows: Rows) -> models.Thread:
    thread = rows.thread()
    question(rows, thread, "Jo Lambert", "jo@acme.example")
    answer = rows.message(thread, sender=DELEGATE, name="Paul Durand", reason="delegate", hours=3,
                          body=f"Hello Jo,\n\n{STONEWALL}\n\nPaul")
    rows.flag(thread, answer, "no_information", STONEWALL, "authored")
    return thread


def test_call_first_follows_severity_whatever_the_order_of_the_threads() -> None:
    rows = Rows()
    for n, kind in enumerate(["angry", "unanswered", "no_information", "at_risk"]):
        thread = rows.thread()
        message = question(rows, thread, f"Client {n}", f"c{n}@acme.example", hours=n)
        rows.flag(thread, message, kind, f"sentence {kind}")
    built = digest.build(rows.threads, rows.replies, context())
    assert [t.kind for t in built.call_first] == ["at_risk", "no_information", "unanswered", "angry"]
    assert built.glance.flagged == 4


def test_a_thread_is_ranked_by_its_most_severe_open_flag_and_resolved_flags_do_not_count() -> None:
    rows = Rows()
    upset = rows.thread()
    rows.flag(upset, question(rows, upset, "Ann", "ann@acme.example"), "angry", "This is unacceptable.")
    both = rows.thread()
    message = question(rows, both, "Bob", "bob@acme.example")
    rows.flag(both, message, "angry", "Outrageous.")
    rows.flag(both, message, "at_risk", "We will move to another supplier.")
    closed = rows.thread()
    rows.flag(closed, question(rows, closed, "Cy", "cy@acme.example"), "at_risk", "We will cancel.")
    closed.flags[0].resolved_at = DAY
    built = digest.build(rows.threads, rows.replies, context())
    assert [(t.client.name, t.kinds) for t in built.call_first] == [("Bob", ("at_risk", "angry")), ("Ann", ("angry",))]
    assert [t.client.name for p in built.projects for t in p.threads] == ["Cy"]


def test_glance_counts_client_mail_only_and_robots_have_no_thread() -> None:
    rows = Rows()
    stonewalled(rows)
    helped = rows.thread("boreal")
    rows.message(helped, sender="lea@boreal.example", name="Léa", body="Bonjour, où en est la maquette ?", replied=True)
    rows.message(helped, sender="lea@boreal.example", name="Léa", body="Merci !", reason="rate-limited", hours=5)
    newsletter = rows.thread(None)
    rows.message(newsletter, sender="news@shop.example", name="Shop", body="Sale!", reason="bulk",
                 headers={"Precedence": "bulk"})
    built = digest.build(rows.threads, rows.replies, context())
    assert (built.glance.received, built.glance.clients, built.glance.auto_replies) == (3, 2, 2)
    assert built.glance.per_project == (("Atlas ERP", 1), ("Boréal", 1))
    assert [t.label for t in built.threads] == ["t1", "t2"]  # no thread for the newsletter


def test_timeline_client_asked_then_auto_reply_with_excerpt_then_delegate_words_highlighted() -> None:
    rows = Rows()
    stonewalled(rows)
    [view] = digest.build(rows.threads, rows.replies, context()).call_first
    assert [s.kind for s in view.timeline] == ["asked", "auto_reply", "delegate"]
    asked, reply, delegate = view.timeline
    assert asked.text == "When is the go-live of the stock module?"
    assert reply.excerpt_heading == "Schedule" and reply.when == DAY + dt.timedelta(minutes=1)
    assert delegate.highlight == STONEWALL and STONEWALL.split(",")[0] in delegate.text
    assert view.section is not None and view.section.heading == "Schedule" and view.section.sent_to_client
    assert "13 July" in view.section.text and "950" not in view.section.text


def test_timeline_is_in_time_order_when_the_auto_reply_went_out_late() -> None:
    """A first sync days into the absence answers old mail: the reply takes its place after later messages."""
    rows = Rows()
    thread = stonewalled(rows)
    late = DAY + dt.timedelta(days=2)
    (reply,) = rows.replies.values()
    reply.sent_at = late
    [view] = digest.build([thread], rows.replies, context()).call_first
    assert [s.kind for s in view.timeline] == ["asked", "delegate", "auto_reply"]
    assert [s.when for s in view.timeline] == sorted(s.when for s in view.timeline)


def test_client_details_come_from_the_headers_and_the_signature() -> None:
    rows = Rows()
    [view] = digest.build([stonewalled(rows)], rows.replies, context()).call_first
    assert view.client == digest.Client("Jo Lambert", "jo@acme.example", "Acme Industries SA", "+33 4 72 00 11 22")


def test_since_leaves_out_threads_quiet_since_then() -> None:
    rows = Rows()
    stonewalled(rows)
    ctx = context()
    later = digest.Context(**{**ctx.__dict__, "since": dt.date(2026, 7, 20)})
    assert digest.build(rows.threads, rows.replies, later).threads == ()
    assert len(digest.build(rows.threads, rows.replies, ctx).threads) == 1


# ---- rendering ----------------------------------------------------------------------------------


def sample_digest(language: str = "en") -> digest.Digest:
    rows = Rows()
    stonewalled(rows)
    risky = rows.thread("boreal")
    message = rows.message(risky, sender="lea@boreal.example", name="Léa Petit", replied=True, hours=1,
                           body="Bonjour,\n\nSans réponse d'ici lundi, nous allons changer de prestataire.\n")
    rows.flag(risky, message, "at_risk", "Sans réponse d'ici lundi, nous allons changer de prestataire.")
    calm = rows.thread()
    rows.message(calm, sender="max@acme.example", name="Max Weber", body="Could you send the minutes?", replied=True)
    return digest.build(rows.threads, rows.replies, context(language))


def page_text(html: str) -> str:
    return " ".join(LexborHTMLParser(html).body.text(separator=" ").split())  # type: ignore[union-attr]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_text_alternative_says_what_the_html_says(language: str) -> None:
    built = sample_digest(language)
    templates = TemplateSet(None, language)
    text = " ".join(digest.render(built, "text", templates).split())
    html = page_text(digest.render(built, "html", templates))
    labels = digest.labels(language)
    for rendered in (text, html):
        positions = [rendered.index(t.client.name) for t in built.call_first]
        assert positions == sorted(positions), "call-first order differs"
        for count, label in [(built.glance.received, labels["received"]), (built.glance.flagged, labels["flagged"])]:
            assert f"{count} {label}" in rendered
        for thread in built.threads:
            assert thread.client.address in rendered and thread.subject in rendered
        for sentence in (s for t in built.call_first for s in t.evidence):
            assert " ".join(sentence.split()) in rendered
        assert labels["call_first"] in rendered and labels["next"]["at_risk"] in rendered


@pytest.mark.parametrize("language", ["en", "fr"])
def test_unchecked_unanswered_is_said_and_threads_where_the_client_wrote_last_are_marked(language: str) -> None:
    rows = Rows()
    waiting = rows.thread()
    question(rows, waiting, "Max Weber", "max@acme.example")
    answered = rows.thread()
    question(rows, answered, "Ana Ruiz", "ana@acme.example")
    rows.message(answered, sender=DELEGATE, name="Paul Durand", reason="delegate", hours=2,
                 body="Hello Ana,\n\nThe go-live is on Monday 13 July.\n\nPaul")
    blind = replace(context(language), unanswered_checked=False)
    built = digest.build(rows.threads, rows.replies, blind)
    assert [(t.client.name, t.awaiting) for p in built.projects for t in p.threads] == [
        ("Ana Ruiz", False), ("Max Weber", True)]
    labels, templates = digest.labels(language), TemplateSet(None, language)
    text = " ".join(digest.render(built, "text", templates).split())
    html = page_text(digest.render(built, "html", templates))
    markdown = " ".join(digest.render(built, "markdown", templates).split())
    for rendered in (text, html, markdown):
        assert labels["unanswered_unchecked"] in rendered and labels["nothing_flagged_unchecked"] in rendered
        assert rendered.count(labels["awaiting"]) == 2  # the explanation, and Max's thread
        assert rendered.index(labels["awaiting"], rendered.index("max@acme.example")) > 0
    lines = digest.render(built, "text", templates).splitlines()
    assert labels["unanswered_unchecked"] in lines  # a line of its own, under the counts
    checked = digest.render(digest.build(rows.threads, rows.replies, context(language)), "text", templates)
    assert labels["unanswered_unchecked"] not in checked and labels["nothing_flagged"] in checked


def test_html_is_an_email_layout_with_inline_styles_and_nothing_from_outside() -> None:
    html = digest.render(sample_digest(), "html", TemplateSet(None, "en"))
    assert "<style" not in html and "<link" not in html and "<script" not in html and "<img" not in html
    assert not re.search(r"""(?:src|href)=["']https?:""", html)
    assert "<table" in html and 'style="' in html


def test_html_escapes_what_clients_wrote() -> None:
    rows = Rows()
    thread = rows.thread()
    rows.message(thread, sender="eve@acme.example", name="<b>Eve</b>", body="Is <script>alert(1)</script> fine?")
    rows.flag(thread, thread.messages[0], "angry", "<script>alert(1)</script>")
    html = digest.render(digest.build(rows.threads, {}, context()), "html", TemplateSet(None, "en"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_manager_summary_has_no_message_text() -> None:
    built = sample_digest()
    summary = digest.render(built, "text", TemplateSet(None, "en"), summary=True)
    assert "Jo Lambert" in summary and STONEWALL in summary  # who, and the evidence
    assert "When is the go-live" not in summary and "Other threads" not in summary


def test_markdown_renders_the_same_threads() -> None:
    built = sample_digest()
    markdown = digest.render(built, "markdown", TemplateSet(None, "en"))
    assert markdown.startswith("# While you were away")
    assert all(t.client.address in markdown for t in built.threads)


# ---- when it is due -------------------------------------------------------------------------------


def settings(tmp_path: Path, **digest_table: object) -> config.Config:
    brief = tmp_path / "atlas.md"
    brief.write_text("# Atlas\n\n## Schedule\nSoon.\n", encoding="utf-8")
    data = {
        "employee": {"name": "Claire Martin", "address": EMPLOYEE, "language": "en"},
        "delegate": {"name": "Paul Durand", "address": DELEGATE},
        "absence": {"start": dt.date(2026, 7, 6), "end": dt.date(2026, 7, 24), "timezone": "Europe/Paris"},
        "projects": [{"id": "atlas", "name": "Atlas", "brief": str(brief)}],
        "imap": {"host": "127.0.0.1", "username": "claire", "password_env": "X"},
        "smtp": {"host": "127.0.0.1"},
        "digest": digest_table,
    }
    return config.from_dict(data, tmp_path / "responder.toml")


def paris(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 7, day, hour, minute, tzinfo=PARIS)


def test_return_day_digest_is_due_from_send_at_in_the_employees_zone(tmp_path: Path) -> None:
    cfg = settings(tmp_path, send_at="08:30")
    assert digest_job.due(cfg, paris(25, 8, 29)) == []
    [first] = digest_job.due(cfg, paris(25, 8, 30))
    [later] = digest_job.due(cfg, paris(26, 14, 0))
    assert first == later and first.recipient == EMPLOYEE and not first.summary
    assert "2026-07-25" in first.key
    assert digest_job.due(cfg, paris(25, 8, 30).astimezone(ZoneInfo("Asia/Tokyo"))) == [first]
    assert digest_job.due(cfg, dt.datetime(2026, 7, 25, 6, 30, tzinfo=dt.UTC)) == [first]  # 08:30 in Paris
    assert digest_job.due(cfg, dt.datetime(2026, 7, 25, 6, 29, 59, tzinfo=dt.UTC)) == []


def test_manager_summary_is_due_each_monday_of_the_absence_once(tmp_path: Path) -> None:
    cfg = settings(tmp_path, manager_address="boss@example.com", weekly_to_manager=True)
    monday = [d for d in digest_job.due(cfg, paris(13, 9)) if d.summary]
    assert [d.recipient for d in monday] == ["boss@example.com"]
    assert [d.key for d in digest_job.due(cfg, paris(15, 9)) if d.summary] == [monday[0].key]  # catch-up, same key
    assert [d.key for d in digest_job.due(cfg, paris(20, 9)) if d.summary] != [monday[0].key]
    assert not [d for d in digest_job.due(cfg, paris(13, 7)) if d.summary]
    assert not [d for d in digest_job.due(settings(tmp_path), paris(13, 9)) if d.summary]


@pytest.mark.parametrize(("table", "key"), [
    ({"send_at": "8h"}, "digest.send_at"),
    ({"send_at": "25:00"}, "digest.send_at"),
    ({"manager_address": "not an address"}, "digest.manager_address"),
    ({"weekly_to_manager": True}, "digest.weekly_to_manager"),
])
def test_digest_settings_are_checked(tmp_path: Path, table: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings(tmp_path, **table)
    assert str(caught.value).startswith(key)


def test_a_flagged_thread_of_internal_mail_is_listed_with_its_writer() -> None:
    rows = Rows()
    thread = rows.thread()
    note = rows.message(thread, sender="bernard@example.com", name="Bernard Roy", reason="not-addressed",
                        body="FYI: the client told me Paul said he had no information about the phasing.")
    rows.flag(thread, note, "no_information", "the client told me Paul said he had no information about the phasing.",
              "reported")
    [view] = digest.build(rows.threads, rows.replies, context()).call_first
    assert view.client.address == "bernard@example.com"
    assert [s.kind for s in view.timeline] == ["colleague"] and view.timeline[0].highlight.startswith("the client told")

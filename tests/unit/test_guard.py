"""Each reply rule, its reason name, and the order in which reasons are reported."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from responder.absence import Absence
from responder.judge import guard
from responder.mail import mime
from support.mailfactory import make

ABSENCE = Absence(dt.date(2026, 7, 6), dt.date(2026, 7, 24), ZoneInfo("Europe/Paris"))
OWN = frozenset({"claire@example.com", "c.martin@example.com"})
README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def decide(raw: bytes, *, delivered: dt.datetime | None = None, already: bool = False) -> guard.Decision:
    parsed = mime.parse(raw)
    return guard.decide(parsed, guard.GuardContext(OWN, "paul@example.com", ABSENCE, delivered, already))


def test_a_human_client_during_the_absence_gets_a_reply() -> None:
    assert decide(make()) == guard.Decision(True, None)


@pytest.mark.parametrize(("kwargs", "reason"), [
    ({"sender": "Claire <C.Martin@example.com>"}, "self"),
    ({"sender": "Paul Durand <paul@example.com>"}, "delegate"),
    ({"sender": "Mail Delivery System <MAILER-DAEMON@mx.example.net>"}, "bounce"),
    ({"headers": {"Auto-Submitted": "auto-replied"}}, "auto-submitted"),
    ({"headers": {"X-Autoreply": "yes"}}, "auto-submitted"),
    ({"headers": {"Precedence": "auto_reply"}}, "auto-submitted"),
    ({"headers": {"X-Auto-Response-Suppress": "DR, OOF, AutoReply"}}, "auto-submitted"),
    ({"subject": "Out of Office: Cutover weekend"}, "auto-submitted"),
    ({"subject": "Réponse automatique : Cutover"}, "auto-submitted"),
    ({"subject": "Abwesenheitsnotiz: Anlieferung"}, "auto-submitted"),
    ({"subject": "Automatisch antwoord: levering"}, "auto-submitted"),
    ({"headers": {"List-Id": "<news.acme.example>"}}, "list"),
    ({"headers": {"List-Post": "<mailto:atlas@lists.example>"}}, "list"),
    ({"headers": {"List-Unsubscribe": "<mailto:leave@acme.example>"}}, "bulk"),
    ({"headers": {"List-Id": "<news.acme.example>", "List-Unsubscribe": "<mailto:leave@acme.example>"}}, "list"),
    ({"headers": {"Precedence": "bulk"}}, "bulk"),
    ({"headers": {"X-Spam-Flag": "YES"}}, "spam"),
    ({"headers": {"X-Spam-Status": "Yes, score=12.4"}}, "spam"),
    ({"sender": "Portal <no-reply@portal.example>"}, "noreply"),
    ({"sender": "Payables <ne-pas-repondre@acme.example>"}, "noreply"),
    ({"sender": "List <atlas-request@lists.example>"}, "noreply"),
    ({"to": "Team <all@example.com>"}, "not-addressed"),
])
def test_each_rule_names_its_reason(kwargs: dict[str, object], reason: str) -> None:
    decision = decide(make(**kwargs))  # type: ignore[arg-type]
    assert (decision.reply, decision.reason) == (False, reason)
    assert decision.fired[0] == reason


def test_null_return_path_and_multipart_report_are_bounces() -> None:
    raw = make().replace(b"Return-Path: <jo@acme.example>", b"Return-Path: <>")
    assert decide(raw).reason == "bounce"
    report = (b"Return-Path: <relay@mx.example.net>\r\nFrom: Mail System <relay@mx.example.net>\r\n"
              b"To: claire@example.com\r\nSubject: Delivery Status Notification\r\n"
              b"Date: Wed, 08 Jul 2026 09:30:00 +0000\r\nMIME-Version: 1.0\r\n"
              b'Content-Type: multipart/report; report-type="delivery-status"; boundary="b"\r\n\r\n'
              b"--b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
              b"--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n"
              b"Final-Recipient: rfc822; x@acme.example\r\nAction: failed\r\nStatus: 5.1.1\r\n--b--\r\n")
    assert mime.parse(report).content_type == "multipart/report"
    assert decide(report).reason == "bounce"


def test_an_auto_generated_notice_from_a_noreply_sender_says_noreply() -> None:
    raw = make(sender="Files <noreply@files.example>", headers={"Auto-Submitted": "auto-generated"})
    assert decide(raw).reason == "noreply"


def test_auto_submitted_no_is_a_human() -> None:
    assert decide(make(headers={"Auto-Submitted": "no"})).reply


def test_subject_merely_containing_absence_words_is_a_human() -> None:
    assert decide(make(subject="Re: absence de réponse sur la facture")).reply


def test_alias_in_cc_is_addressed() -> None:
    assert decide(make(to="someone@acme.example", cc="Claire <c.martin@example.com>")).reply


def test_order_self_before_auto_submitted() -> None:
    raw = make(sender="claire@example.com", headers={"Auto-Submitted": "auto-replied"})
    assert decide(raw).reason == "self"


def test_every_rule_that_fired_is_reported_in_rule_order() -> None:
    raw = make(sender="News <no-reply@acme.example>", to="Team <all@example.com>",
               headers={"List-Id": "<news.acme.example>", "List-Post": "<mailto:news@acme.example>", "Precedence": "bulk"})
    decision = decide(raw, already=True)
    assert decision == guard.Decision(False, "list", ("list", "bulk", "noreply", "not-addressed", "rate-limited"))


@pytest.mark.parametrize(("headers", "reason"), [
    ({"List-Id": "<museum.list-id.mcsv.net>", "Precedence": "bulk", "List-Unsubscribe": "<https://x.example/u>"}, "bulk"),
    ({"List-Id": "<news.example>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "List-Unsubscribe": "<https://x.example/u>"}, "bulk"),
    ({"List-Id": "<dev.lists.example>", "Precedence": "list"}, "list"),
    ({"List-Id": "<dev.lists.example>", "List-Post": "<mailto:dev@lists.example>", "Precedence": "bulk"}, "list"),
])
def test_a_newsletter_with_a_list_id_is_bulk_and_a_discussion_list_is_a_list(headers: dict[str, str], reason: str) -> None:
    assert decide(make(headers=headers)).reason == reason


@pytest.mark.parametrize(("when", "inside"), [
    (dt.datetime(2026, 7, 5, 22, 30, tzinfo=dt.UTC), True),   # 00:30 on the first day in Paris
    (dt.datetime(2026, 7, 5, 21, 59, tzinfo=dt.UTC), False),
    (dt.datetime(2026, 7, 24, 21, 59, tzinfo=dt.UTC), True),  # 23:59 on the last day in Paris
    (dt.datetime(2026, 7, 24, 22, 0, tzinfo=dt.UTC), False),
])
def test_absence_edges_are_local_days_by_delivery_time(when: dt.datetime, inside: bool, machine_tz: str) -> None:
    assert decide(make(), delivered=when).reply is inside
    if not inside:
        assert decide(make(), delivered=when).reason == "outside-absence"


def test_without_delivery_time_the_received_header_is_used(machine_tz: str) -> None:
    late = make(when=dt.datetime(2026, 7, 30, 8, 0, tzinfo=dt.UTC))
    assert decide(late).reason == "outside-absence"


def test_rate_limited_when_already_answered_in_this_thread() -> None:
    assert decide(make(), already=True) == guard.Decision(False, "rate-limited", ("rate-limited",))


def test_mass_or_robot_is_judged_whatever_comes_first() -> None:
    parsed = mime.parse(make(sender="claire@example.com", headers={"Auto-Submitted": "auto-replied"}))
    ctx = guard.GuardContext(OWN, "paul@example.com", ABSENCE, None, False)
    assert guard.mass_or_robot(parsed, ctx) == "auto-submitted"
    assert guard.mass_or_robot(mime.parse(make()), ctx) is None


# ---- the rule table itself ---------------------------------------------------------------------

@pytest.mark.parametrize("rule", guard.RULES, ids=lambda rule: rule.name)
def test_every_rule_has_a_name_a_description_and_a_category(rule: guard.Rule) -> None:
    assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule.name)
    assert len(rule.description) > 10
    assert isinstance(rule.category, guard.Category)
    assert callable(rule.check)


def test_rule_names_are_unique_and_every_category_is_used() -> None:
    names = [rule.name for rule in guard.RULES]
    assert len(names) == len(set(names))
    assert {rule.category for rule in guard.RULES} == set(guard.Category)


def test_reason_sets_follow_the_categories() -> None:
    assert guard.MASS_OR_ROBOT == ("bounce", "auto-submitted", "list", "bulk", "spam")
    assert guard.ROBOT_REASONS == {"bounce", "auto-submitted", "list", "bulk", "spam", "noreply"}
    assert guard.NOT_A_CLIENT_REASONS == guard.ROBOT_REASONS | {"self", "delegate"}
    assert guard.reasons(guard.Category.NOT_FOR_US, guard.Category.REPEAT) == (
        "not-addressed", "outside-absence", "rate-limited")


def test_the_readme_names_the_rules_in_their_order() -> None:
    line = next(line for line in README.splitlines() if line.strip().startswith("guard.py"))
    listed = [name.strip() for name in line.partition("(")[2].partition(")")[0].split(",") if name.strip() != "…"]
    names = [rule.name for rule in guard.RULES]
    assert listed == names[:len(listed)]


def test_a_mail_that_fires_no_rule_is_answered_with_nothing_fired() -> None:
    assert decide(make()) == guard.Decision(True, None, ())

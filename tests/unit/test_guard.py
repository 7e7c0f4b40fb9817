"""Each reply rule, its reason name, and the order in which reasons are reported."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from responder.absence import Absence
from responder.judge import guard
from responder.mail import mime
from support.mailfactory import make

ABSENCE = Absence(dt.date(2026, 7, 6), dt.date(2026, 7, 24), ZoneInfo("Europe/Paris"))
OWN = frozenset({"claire@example.com", "c.martin@example.com"})


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
    assert decide(make(**kwargs)) == guard.Decision(False, reason)  # type: ignore[arg-type]


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
    assert decide(make(), already=True) == guard.Decision(False, "rate-limited")


def test_mass_or_robot_is_judged_whatever_comes_first() -> None:
    parsed = mime.parse(make(sender="claire@example.com", headers={"Auto-Submitted": "auto-replied"}))
    ctx = guard.GuardContext(OWN, "paul@example.com", ABSENCE, None, False)
    assert guard.mass_or_robot(parsed, ctx) == "auto-submitted"
    assert guard.mass_or_robot(mime.parse(make()), ctx) is None

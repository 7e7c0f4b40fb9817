"""One judgement per message at ingest: parties and roles, every reply rule, the stonewall and its rule ids."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from responder.absence import Absence
from responder.judge import guard
from responder.judge.facts import Judge
from responder.judge.parties import Directory, Role
from responder.mail import mime
from support.mailfactory import ABSENCE_DAY, AUTHSERV_ID, make

DIRECTORY = Directory.build(["claire@example.com", "c.martin@example.com"], "paul@example.com",
                            {"atlas": ["@acme.example"], "boreal": ["lea@boreal.example", "@acme.example"]})
JUDGE = Judge(DIRECTORY, "Paul Durand", trusted_authserv_ids=(AUTHSERV_ID,))
ABSENCE = Absence(dt.date(2026, 7, 6), dt.date(2026, 7, 24), ZoneInfo("Europe/Paris"))


def judge(raw: bytes, *, already_replied: bool = False):  # type: ignore[no-untyped-def]
    context = guard.GuardContext(DIRECTORY.employee_addresses, DIRECTORY.delegate_address, ABSENCE, ABSENCE_DAY,
                                 already_replied)
    return JUDGE.facts(mime.parse(raw), context)


def test_a_client_question_gives_roles_request_and_contact() -> None:
    facts = judge(make(body="Hello Claire,\n\nCould you send the cutover plan?\n\nBest regards,\nJo Lambert\n"
                            "Acme Industries SA\nT +33 4 72 00 11 22\n", cc="Paul Durand <paul@example.com>"))
    assert facts.sender.role is Role.client and facts.sender.projects == ("atlas", "boreal")
    assert [(p.field, p.role) for p in facts.parties.recipients] == [("to", Role.employee), ("cc", Role.delegate)]
    assert facts.decision.reply and facts.fired == ()
    assert facts.request == "Could you send the cutover plan?"
    assert (facts.company, facts.phone) == ("Acme Industries SA", "+33 4 72 00 11 22")
    assert facts.language == "en"


def test_every_rule_that_fired_is_kept_and_a_robot_is_no_client() -> None:
    facts = judge(make(sender="Acme News <noreply@acme.example>", body="Our summer offers!",
                       headers={"Precedence": "bulk", "List-Id": "<news.acme.example>",
                                "List-Post": "<mailto:news@acme.example>"}), already_replied=True)
    assert facts.fired[0] == facts.decision.reason == "list"
    assert {"list", "bulk", "noreply", "rate-limited"} <= set(facts.fired)
    assert facts.sender.role is Role.robot and not facts.sender.outside_human
    assert facts.request is None and facts.company == "" and facts.signals == ()


def test_the_delegates_stonewall_is_found_with_the_family_that_recognised_it() -> None:
    facts = judge(make(sender="Paul Durand <paul@example.com>", to="Jo Lambert <jo@acme.example>",
                       body="Hello Jo,\n\nSorry, I have no information about this project.\n\nPaul"))
    assert facts.sender.role is Role.delegate
    assert facts.stonewall is not None and facts.stonewall.evidence == "authored"
    assert facts.stonewall.rules and all(rule.startswith("no_information:en:") for rule in facts.stonewall.rules)
    assert [s.kind for s in facts.signals] == ["no_information"]


def test_a_stranger_is_an_outside_human_but_no_client_of_any_project() -> None:
    facts = judge(make(sender="Sam <sam@supplier.example>", body="Can you confirm the delivery date?"))
    assert facts.sender.role is Role.stranger and facts.sender.outside_human and facts.sender.projects == ()
    assert facts.request == "Can you confirm the delivery date?"


def test_a_colleague_writing_at_the_firms_domain_is_not_outside() -> None:
    facts = judge(make(sender="Bernard <bernard@example.com>", body="Can you check the Atlas invoice?"))
    assert facts.sender.role is Role.colleague and facts.request is None

from pathlib import Path

import pytest

from responder.judge import briefs
from responder.judge.excerpt import SectionChooser, may_send
from responder.judge.sorter import Assignment, make_project
from responder.mail.authresults import AuthVerdict

DATA = Path(__file__).resolve().parents[1] / "data" / "briefs"
PASS = AuthVerdict("pass", "dmarc=pass")


@pytest.fixture(scope="module")
def atlas() -> SectionChooser:
    return SectionChooser(make_project("atlas", "Atlas ERP migration", ["@acme.example"], ["ERP"], briefs.load(DATA / "atlas.md")))


@pytest.fixture(scope="module")
def boreal() -> SectionChooser:
    return SectionChooser(make_project("boreal", "Boréal", ["@boreal.example"], [], briefs.load(DATA / "boreal.md")))


@pytest.mark.parametrize(("question", "heading"), [
    ("When is the go-live of the stock module and the cutover weekend?", "Schedule"),
    ("Which purchase order number should your invoice quote?", "Invoices and payments"),
    ("The barcode scanners in warehouse B, do they need new firmware?", "Known issues"),
    ("Wanneer moeten we de factuur betalen?", "Invoices and payments"),  # Dutch question, English brief
])
def test_best_section_answers_the_question(atlas: SectionChooser, question: str, heading: str) -> None:
    choice = atlas.choose(question)
    assert choice.section is not None and choice.section.heading == heading


def test_french_question_on_french_brief(boreal: SectionChooser) -> None:
    choice = boreal.choose("Quelle est la date de mise en ligne du site ?")
    assert choice.section is not None and choice.section.heading == "Calendrier"


def test_internal_section_is_never_chosen_even_when_quoted_word_for_word(atlas: SectionChooser) -> None:
    choice = atlas.choose("Day rate sold at 950 EUR; our margin on phase 2 is thin. Do not offer free extra days.")
    assert choice.section is None or not choice.section.internal
    assert all(not s.internal for s in atlas.candidates)


def test_sections_for_the_delegate_include_internal_ones(atlas: SectionChooser) -> None:
    sections = atlas.for_colleague("Could you give us a better day rate, or a few extra days for free?")
    assert sections[0].heading == "Margins and pricing (internal)"


def test_unrelated_question_gets_no_section(atlas: SectionChooser) -> None:
    assert atlas.choose("Lovely weather today, see you at the barbecue!").section is None


def decision(**kw: object):  # type: ignore[no-untyped-def]
    section = briefs.parse("# T\n\n## Schedule\n\nSoon.").sections[-1]
    args = dict(will_reply=True, assignment=Assignment("atlas", 0.9, "x"), sender_is_client=True, auth=PASS, section=section)
    args.update(kw)
    return may_send(**args)  # type: ignore[arg-type]


def test_excerpt_allowed_only_when_every_condition_holds() -> None:
    assert decision().allowed
    assert not decision(will_reply=False).allowed
    assert not decision(assignment=Assignment(None, 0.0, "x")).allowed
    assert not decision(assignment=Assignment("atlas", 0.3, "x")).allowed
    assert not decision(sender_is_client=False).allowed
    assert not decision(auth=AuthVerdict("fail", "dmarc=fail")).allowed
    assert not decision(auth=AuthVerdict("unknown", "no Authentication-Results header")).allowed
    assert not decision(section=None).allowed
    internal = briefs.parse("# T\n\n## Margins (internal)\n\nSecret.").sections[-1]
    assert not decision(section=internal).allowed

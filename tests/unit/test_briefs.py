from pathlib import Path

from responder.judge import briefs

DATA = Path(__file__).resolve().parents[1] / "data" / "briefs"


def test_sections_are_split_by_heading_with_intro_kept_under_the_title() -> None:
    brief = briefs.load(DATA / "nested.md")
    assert brief.title == "Nested brief"
    assert [s.heading for s in brief.sections] == ["Nested brief", "Schedule", "Pricing (internal)", "Discounts", "Contacts"]
    assert brief.sections[1].body == "Kick-off on 3 March."


def test_internal_heading_and_its_subsections_are_internal() -> None:
    brief = briefs.load(DATA / "nested.md")
    internal = {s.heading for s in brief.sections if s.internal}
    assert internal == {"Pricing (internal)", "Discounts"}
    assert "Discounts" not in [s.heading for s in brief.public_sections]


def test_heading_inside_code_fence_is_body_text() -> None:
    contacts = briefs.load(DATA / "nested.md").sections[-1]
    assert "## not a heading inside a code fence" in contacts.body
    assert contacts.body.endswith("Call Jo.")


def test_internal_marker_is_case_and_space_tolerant() -> None:
    assert briefs.is_internal("Notes on the client (Internal)")
    assert briefs.is_internal("Marges ( internal ) ")
    assert not briefs.is_internal("Internal audit schedule")


def test_an_ordinary_brief_splits_into_its_source_sections() -> None:
    brief = briefs.load(DATA / "atlas.md")
    assert brief.title == "Atlas ERP migration — handover brief"
    assert [(s.heading, s.level, s.internal) for s in brief.sections] == [
        ("Atlas ERP migration — handover brief", 1, False), ("Schedule", 2, False), ("Deliverables", 2, False),
        ("Invoices and payments", 2, False), ("Known issues", 2, False), ("Contacts", 2, False),
        ("Margins and pricing (internal)", 2, True), ("Notes on the client (internal)", 2, True)]
    contacts = brief.sections[5]
    assert contacts.body == ("- Jo Lambert, IT director, Acme: +33 4 72 00 00 01.\n"
                             "- Support hotline during hypercare: +33 1 23 45 67 00.")


def test_text_before_the_first_heading_and_an_empty_title_section_are_left_out() -> None:
    brief = briefs.parse("Stray line.\n\n# Title\n\n## Schedule\n\nSoon.\n")
    assert [s.heading for s in brief.sections] == ["Schedule"]

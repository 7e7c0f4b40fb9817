"""Internal text stays out of every public section, whatever shape CommonMark allows its heading."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from responder.judge import briefs

SECRET = "Day rate 900, margin 32 percent."
BEFORE = "# Atlas\n\nIntro.\n\n## Schedule\n\nKick-off on 3 March.\n\n"
AFTER = "\n\n## Contacts\n\nCall Jo."

# Shapes whose marked heading is a real top-level heading: the sections around it stay public.
HEADING_SHAPES = {
    "indented one space": " ## Budget (internal)\n\n{secret}",
    "indented three spaces": "   ## Budget (internal)\n\n{secret}",
    "setext dashes": "Budget (internal)\n-----------------\n\n{secret}",
    "bold": "## **Budget (internal)**\n\n{secret}",
    "emphasised marker": "## Budget *(internal)*\n\n{secret}",
    "underscored": "## _Budget (internal)_\n\n{secret}",
    "colon after marker": "## Budget (internal):\n\n{secret}",
    "square brackets": "## Budget [internal]\n\n{secret}",
    "capitalised": "## Budget (Internal)\n\n{secret}",
    "upper case": "## Budget (INTERNAL)\n\n{secret}",
    "french": "## Budget (interne)\n\n{secret}",
    "full-width parentheses": "## Budget （internal）\n\n{secret}",
    "closing sequence": "## Budget (internal) ##\n\n{secret}",
    "escaped parentheses": "## Budget \\(internal\\)\n\n{secret}",
    "marker first": "## [Internal] Budget\n\n{secret}",
    "bare word after a dash": "## Budget - internal\n\n{secret}",
    "bare word before a colon": "## INTERNAL: budget\n\n{secret}",
    "zero-width space": "## Budget (inter\u200bnal)\n\n{secret}",
    "after a one-line code span": "```make deploy``` ships it.\n\n## Budget (internal)\n\n{secret}",
    "after a fence holding the other fence": "~~~\n```\n~~~\n\n## Budget (internal)\n\n{secret}",
    "after a longer fence": "````\n```\n````\n\n## Budget (internal)\n\n{secret}",
    "sub-heading under it": "## Budget (internal)\n\nRates.\n\n### Discounts\n\n{secret}",
}

# Shapes that hide their marker inside another block: the section around them is hidden whole.
CONTAINED_SHAPES = {
    "block quote": "> ## Budget (internal)\n>\n> {secret}",
    "list item": "- ## Budget (internal)\n\n  {secret}",
    "bare marker in a list item": "- ## INTERNAL: budget\n\n  {secret}",
    "bold line as heading": "**Budget (internal)**\n\n{secret}",
    "html heading": "<h2>Budget (internal)</h2>\n<p>{secret}</p>",
    "heading-like line in a fence": "```\n## Budget (internal)\n{secret}\n```",
    "indented code": "    ## Budget (internal)\n    {secret}",
}


def _public_text(brief: briefs.Brief) -> str:
    return "\n".join(section.text for section in brief.public_sections)


@pytest.mark.parametrize("shape", HEADING_SHAPES.values(), ids=HEADING_SHAPES.keys())
def test_a_marked_heading_keeps_its_text_out_of_public_sections(shape: str) -> None:
    brief = briefs.parse(BEFORE + shape.format(secret=SECRET) + AFTER)
    assert SECRET not in _public_text(brief)
    assert {"Schedule", "Contacts"} <= {s.heading for s in brief.public_sections}


@pytest.mark.parametrize("shape", CONTAINED_SHAPES.values(), ids=CONTAINED_SHAPES.keys())
def test_a_marker_inside_another_block_hides_the_section_around_it(shape: str) -> None:
    brief = briefs.parse(BEFORE + shape.format(secret=SECRET) + AFTER)
    assert SECRET not in _public_text(brief)
    assert "Contacts" in {s.heading for s in brief.public_sections}


def test_a_setext_title_level_internal_heading_hides_what_it_contains() -> None:
    brief = briefs.parse(BEFORE + f"Budget (internal)\n=================\n\n{SECRET}\n\n## Rates\n\n{SECRET}")
    assert SECRET not in _public_text(brief)
    assert [s.heading for s in brief.sections if s.internal] == ["Budget (internal)", "Rates"]


def test_windows_line_endings_split_the_same_way() -> None:
    text = BEFORE + f"## Budget (internal)\n\n{SECRET}" + AFTER
    assert briefs.parse(text.replace("\n", "\r\n")) == briefs.parse(text)


@given(st.lists(st.sampled_from(sorted({**HEADING_SHAPES, **CONTAINED_SHAPES}.values())), min_size=1, max_size=4),
       st.lists(st.sampled_from(["## Pricing\n\nOn request.", "Plain paragraph.", "- a list\n- of items"]),
                max_size=3))
def test_no_arrangement_of_shapes_leaks(shapes: list[str], public: list[str]) -> None:
    blocks = [shape.format(secret=SECRET) for shape in shapes] + public
    brief = briefs.parse(BEFORE + "\n\n".join(blocks) + AFTER)
    assert SECRET not in _public_text(brief)


@pytest.mark.parametrize("heading", ["Shipping (international)", "Internships", "Budget", "Interns' rota"])
def test_headings_that_only_share_letters_with_the_word_stay_public(heading: str) -> None:
    brief = briefs.parse(f"# Atlas\n\n## {heading}\n\nText." + AFTER)
    assert [s.internal for s in brief.sections] == [False, False]
    assert briefs.problems(f"# Atlas\n\n## {heading}\n\nText." + AFTER) == []


@pytest.mark.parametrize("heading", ["Internal audit schedule", "Contrôle interne", "Interne Kontakte"])
def test_headings_that_use_the_word_unmarked_are_hidden_and_named_for_check(heading: str) -> None:
    brief = briefs.parse(f"# Atlas\n\n## {heading}\n\nText." + AFTER)
    assert [s.internal for s in brief.sections] == [True, False]
    [problem] = briefs.problems(f"# Atlas\n\n## {heading}\n\nText." + AFTER)
    assert problem.startswith(f"line 3: heading {heading!r} uses the word internal without the marker")


def test_headings_read_as_shown_and_bodies_keep_their_markdown() -> None:
    brief = briefs.parse("# Atlas\n\n## **Budget** for `C#` work ##\n\n- **Rate**: 900\n- [Sheet](http://x.example)\n")
    section = brief.sections[0]
    assert (section.heading, section.level) == ("Budget for C# work", 2)
    assert section.body == "- **Rate**: 900\n- [Sheet](http://x.example)"

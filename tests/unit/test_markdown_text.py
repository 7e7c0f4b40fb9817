import pytest
from markupsafe import Markup

from responder.compose.markdown_text import escape, is_markdown


@pytest.mark.parametrize(("raw", "shown"), [
    ("Re: Devis #42", "Re: Devis \\#42"),
    ("a | b", "a \\| b"),
    ("<script>x</script>", "\\<script\\>x\\</script\\>"),
    ("[here](javascript:alert(1))", "\\[here\\]\\(javascript:alert\\(1\\)\\)"),
    ("line one\n## two", "line one \\#\\# two"),
    ("- not a list", "\\- not a list"),
    ("1. not a list", "1\\. not a list"),
    ("no_information:unable", "no_information:unable"),
    ("_emphasis_", "\\_emphasis\\_"),
    ("Tom & Jerry", "Tom &amp; Jerry"),
])
def test_client_text_is_shown_as_literal_words(raw: str, shown: str) -> None:
    assert escape(raw) == shown


def test_trusted_text_and_other_values_pass_as_they_are() -> None:
    assert escape(Markup("**Rate**: 900")) == "**Rate**: 900" and escape(3) == 3


def test_markdown_templates_are_the_digest_md_and_the_report() -> None:
    assert is_markdown("default:digest.en.md.j2") and is_markdown("report.fr.txt.j2")
    assert not is_markdown("default:digest.en.txt.j2") and not is_markdown("reply.en.txt.j2")
